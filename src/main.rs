//! Entry point: parses the command line, then runs a command or starts the desktop app.

fn main() -> std::process::ExitCode {
    dossier::cli::main()
}
