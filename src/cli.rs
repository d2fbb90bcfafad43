//! The command line: `dossier [--db PATH] <command>`; with no command the desktop app starts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::extract::Engine;
use crate::model::ActorKind;
use crate::pipeline::{FileStatus, ImportEvent};
use crate::store::{ActorFilter, Correction, QuoteFilter, Store};
use crate::{errln, outln};

fn parse_kind(s: &str) -> Result<ActorKind, String> {
    match s.to_ascii_lowercase().as_str() {
        "person" | "people" => Ok(ActorKind::Person),
        "org" | "organisation" | "organization" => Ok(ActorKind::Org),
        "place" | "gpe" | "country" | "city" => Ok(ActorKind::Gpe),
        "loc" | "location" | "region" => Ok(ActorKind::Loc),
        _ => Err("expected person, org, place (countries and cities) or loc (other places)".into()),
    }
}

/// Dossier: import news articles, find who said what, browse and export.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about)]
pub struct Cli {
    /// The dossier file to use (default: $DOSSIER_DB, else the platform data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import article files or folders (recursively) into the dossier.
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// List the articles.
    Articles {
        #[arg(long)]
        json: bool,
    },
    /// Print one article's metadata and text (ID from `articles`, or its title).
    Article {
        #[arg(value_name = "ID|TITLE", required = true, num_args = 1..)]
        key: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// List actors, most mentioned first.
    Actors {
        #[arg(long, value_parser = parse_kind)]
        kind: Option<ActorKind>,
        #[arg(long)]
        json: bool,
    },
    /// Show an actor's profile (aliases, roles, affiliations, articles, quotes), or correct it.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Actor {
        #[command(subcommand)]
        action: Option<ActorAction>,
        #[arg(value_name = "NAME", required = true)]
        name: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Correct a quote: its speaker, or that it is not a quote at all.
    Quote {
        #[command(subcommand)]
        action: QuoteAction,
    },
    /// Add or remove a topic on an article.
    Topic {
        #[command(subcommand)]
        action: TopicAction,
    },
    /// Change or remove a role (ids from `actor NAME --json`).
    Role {
        #[command(subcommand)]
        action: RoleAction,
    },
    /// List the corrections made to the dossier.
    History {
        #[arg(long)]
        json: bool,
    },
    /// Reverse the newest correction (or the one with `--id`).
    Undo {
        #[arg(long)]
        id: Option<i64>,
    },
    /// Apply again the oldest undone correction.
    Redo,
    /// Run extraction again on every article, keeping all corrections.
    Reanalyse,
    /// List quotes, optionally only those of one actor.
    Quotes {
        #[arg(long, value_name = "NAME")]
        actor: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List topics with their article counts.
    Topics {
        #[arg(long)]
        json: bool,
    },
    /// Full-text search, best matches first.
    Search {
        #[arg(value_name = "QUERY", required = true, num_args = 1..)]
        query: Vec<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Check the dossier file for damage, and that its actor and topic counts agree with its
    /// articles.
    Check {
        /// Count the actors and topics again when their counts disagree.
        #[arg(long)]
        repair: bool,
    },
    /// Give the dossier's free space back to the disk (with progress). Needs the dossier to
    /// itself: close other windows and programs using it first.
    Compact,
    /// Copy what can still be read from a damaged dossier into a new one (analysed again, with
    /// the corrections carried over). The damaged file is only read.
    Recover {
        #[arg(value_name = "DAMAGED")]
        damaged: PathBuf,
        #[arg(value_name = "NEW")]
        new: PathBuf,
    },
    /// Export a summary of the dossier, one actor or one topic (Markdown, HTML, JSON or CSV).
    Export(crate::export_file::ExportArgs),
    /// Analyse files without a dossier: one JSON file per article in the evaluation schema.
    Extract {
        /// Folder to write `<file stem>.json` into.
        #[arg(long, value_name = "DIR")]
        json_dir: PathBuf,
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

/// Corrections to actors. NAME finds an actor by name or alias.
#[derive(Debug, Subcommand)]
pub enum ActorAction {
    /// Give an actor another name.
    Rename { name: String, new_name: String },
    /// Merge actors into the first one: names, mentions, quotes and roles follow.
    Merge {
        into: String,
        #[arg(required = true)]
        from: Vec<String>,
    },
    /// Add a name to an actor, or remove one with --remove.
    Alias {
        name: String,
        alias: String,
        #[arg(long)]
        remove: bool,
    },
    /// Take a wrongly merged name out of an actor into an actor of its own.
    Split { name: String, alias: String },
    /// Hide a false positive: its mentions no longer count anywhere.
    Hide { name: String },
    /// Show a hidden actor again.
    Unhide { name: String },
    /// Change what kind of actor it is (person, org, place, loc).
    Kind {
        name: String,
        #[arg(value_parser = parse_kind)]
        kind: ActorKind,
    },
}

/// Corrections to quotes (ids from `quotes`).
#[derive(Debug, Subcommand)]
pub enum QuoteAction {
    /// Set who said a quote: an actor's NAME, or a --description such as "Pakistani officials".
    Speaker {
        id: i64,
        #[arg(
            required_unless_present = "description",
            conflicts_with = "description"
        )]
        name: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Mark a passage as not a quote.
    Reject { id: i64 },
}

/// Topic corrections (article ids from `articles`).
#[derive(Debug, Subcommand)]
pub enum TopicAction {
    Add { article: i64, topic: String },
    Remove { article: i64, topic: String },
}

/// Role corrections.
#[derive(Debug, Subcommand)]
pub enum RoleAction {
    /// Change a role's title.
    Edit { id: i64, title: String },
    /// Remove a role.
    Remove { id: i64 },
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let db = cli.db.clone().unwrap_or_else(crate::store::default_path);
    match cli.command {
        Some(Command::Extract { json_dir, files }) => extract(&json_dir, &files),
        Some(command) => match run(&db, command) {
            Ok(code) => code,
            Err(message) => {
                errln!("dossier: {message}");
                ExitCode::from(1)
            }
        },
        None => start_app(db),
    }
}

#[cfg(feature = "gui")]
fn start_app(db: PathBuf) -> ExitCode {
    match crate::app::run(db) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("dossier: the window could not be opened: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn start_app(_db: PathBuf) -> ExitCode {
    errln!("dossier: this build has no desktop app; see `dossier --help` for commands");
    ExitCode::from(2)
}

/// Opens the dossier for a command that changes it (creating it when missing).
fn open(db: &Path) -> Result<Store, String> {
    Store::open(db).map_err(|e| e.to_string())
}

/// Opens the dossier for a command that only reads it: nothing is written, read-only files work.
fn open_ro(db: &Path) -> Result<Store, String> {
    Store::open_read_only(db).map_err(|e| e.to_string())
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), String> {
    let s = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    crate::terminal::raw_line(&crate::terminal::json_safe(s));
    Ok(())
}

fn or_dash(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("-")
}

/// Runs a command on the dossier at `db`.
fn run(db: &Path, command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Import { paths } => return import(db, &paths),
        Command::Export(args) => return crate::export_file::run_cli(db, args),
        Command::Articles { json } => {
            let rows = open_ro(db)?.articles().map_err(|e| e.to_string())?;
            if json {
                print_json(&rows)?;
            } else {
                for a in &rows {
                    outln!(
                        "{:>5}  {:<10}  {}  ({})",
                        a.id,
                        or_dash(&a.date),
                        a.display_title(),
                        a.file_name
                    );
                }
                outln!("{} articles", rows.len());
            }
        }
        Command::Article { key, json } => show_article(db, &key.join(" "), json)?,
        Command::Actors { kind, json } => {
            let rows = open_ro(db)?
                .actors(&ActorFilter {
                    kind,
                    ..ActorFilter::default()
                })
                .map_err(|e| e.to_string())?;
            if json {
                print_json(&rows)?;
            } else {
                outln!(
                    "{:<40} {:<7} {:>8} {:>8} {:>6}",
                    "actor",
                    "kind",
                    "mentions",
                    "articles",
                    "quotes"
                );
                for a in &rows {
                    outln!(
                        "{:<40} {:<7} {:>8} {:>8} {:>6}",
                        a.name,
                        a.kind.code(),
                        a.mentions,
                        a.articles,
                        a.quotes
                    );
                }
            }
        }
        Command::Actor {
            action: Some(action),
            ..
        } => return actor_action(db, action),
        Command::Quote { action } => {
            let mut store = open(db)?;
            let c = match action {
                QuoteAction::Speaker {
                    id,
                    name,
                    description,
                } => {
                    let speaker = name.map(|n| find(&store, &n)).transpose()?;
                    Correction::QuoteSpeaker {
                        quote: id,
                        speaker,
                        description,
                    }
                }
                QuoteAction::Reject { id } => Correction::NotAQuote { quote: id },
            };
            correct(&mut store, c)?;
        }
        Command::Topic { action } => {
            let mut store = open(db)?;
            let c = match action {
                TopicAction::Add { article, topic } => Correction::AddTopic { article, topic },
                TopicAction::Remove { article, topic } => {
                    Correction::RemoveTopic { article, topic }
                }
            };
            correct(&mut store, c)?;
        }
        Command::Role { action } => {
            let mut store = open(db)?;
            let c = match action {
                RoleAction::Edit { id, title } => Correction::EditRole {
                    role: id,
                    title: Some(title),
                },
                RoleAction::Remove { id } => Correction::EditRole {
                    role: id,
                    title: None,
                },
            };
            correct(&mut store, c)?;
        }
        Command::History { json } => {
            let rows = open_ro(db)?.corrections().map_err(|e| e.to_string())?;
            if json {
                print_json(&rows)?;
            } else {
                for c in &rows {
                    let mut notes = Vec::new();
                    if c.undone {
                        notes.push("undone");
                    }
                    if !c.status.label().is_empty() {
                        notes.push(c.status.label());
                    }
                    let notes = if notes.is_empty() {
                        String::new()
                    } else {
                        format!("  ({})", notes.join(", "))
                    };
                    outln!("{:>4}  {}  {}{notes}", c.id, c.made_at, c.summary);
                }
            }
        }
        Command::Undo { id } => {
            let mut store = open(db)?;
            let row = match id {
                Some(id) => Some(store.undo_correction(id).map_err(|e| e.to_string())?),
                None => store.undo().map_err(|e| e.to_string())?,
            };
            match row {
                Some(c) => outln!("undone: {}", c.summary),
                None => outln!("nothing to undo"),
            }
        }
        Command::Redo => match open(db)?.redo().map_err(|e| e.to_string())? {
            Some(c) => outln!("redone: {}", c.summary),
            None => outln!("nothing to redo"),
        },
        Command::Reanalyse => {
            let mut store = open(db)?;
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let n = crate::pipeline::reanalyse(&mut store, Engine::shared(), &cancel, |_| {})
                .map_err(|e| e.to_string())?;
            outln!("{n} articles analysed again; corrections kept");
        }
        Command::Actor {
            action: None,
            name,
            json,
        } => {
            let name = name.unwrap_or_default();
            let store = open_ro(db)?;
            let id = store
                .find_actor(&name)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no actor named \"{name}\" in the dossier"))?;
            let p = store
                .actor_profile(id)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no actor named \"{name}\""))?;
            if json {
                print_json(&p)?;
            } else {
                outln!("{} ({})", p.actor.name, p.actor.kind.label());
                outln!(
                    "  {} mentions in {} articles, first seen {}, last seen {}",
                    p.actor.mentions,
                    p.actor.articles,
                    or_dash(&p.actor.first_seen),
                    or_dash(&p.actor.last_seen)
                );
                if !p.aliases.is_empty() {
                    outln!(
                        "  also called: {}",
                        p.aliases
                            .iter()
                            .map(|a| a.alias.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                for r in &p.roles {
                    let of =
                        r.of.as_deref()
                            .map(|o| format!(" of {o}"))
                            .unwrap_or_default();
                    outln!(
                        "  role: {}{of} ({}, {})",
                        r.title,
                        or_dash(&r.date),
                        r.article_title
                    );
                    if let Some(why) = r.why() {
                        outln!("    {why}");
                    }
                }
                for a in &p.affiliations {
                    outln!("  affiliated with: {} ({} articles)", a.name, a.articles);
                }
                if !p.related.is_empty() {
                    outln!(
                        "  often with: {}",
                        p.related
                            .iter()
                            .take(8)
                            .map(|r| r.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                outln!("  articles:");
                for a in &p.articles {
                    outln!("    {}  {}", or_dash(&a.date), a.display_title());
                }
                print_quotes("  quotes by them:", &p.quotes_by);
                print_quotes("  quotes about them:", &p.quotes_about);
            }
        }
        Command::Quotes { actor, json } => {
            let store = open_ro(db)?;
            let speaker = match actor {
                Some(name) => Some(
                    store
                        .find_actor(&name)
                        .map_err(|e| e.to_string())?
                        .ok_or_else(|| format!("no actor named \"{name}\" in the dossier"))?,
                ),
                None => None,
            };
            let rows = store
                .quotes(&QuoteFilter {
                    speaker,
                    ..QuoteFilter::default()
                })
                .map_err(|e| e.to_string())?;
            if json {
                print_json(&rows)?;
            } else {
                print_quotes("", &rows);
            }
        }
        Command::Topics { json } => {
            let rows = open_ro(db)?.topics().map_err(|e| e.to_string())?;
            if json {
                print_json(&rows)?;
            } else {
                for t in &rows {
                    outln!(
                        "{:<32} {:>6} articles  {} .. {}",
                        t.label,
                        t.articles,
                        or_dash(&t.first_seen),
                        or_dash(&t.last_seen)
                    );
                }
            }
        }
        Command::Search { query, limit, json } => {
            let hits = open_ro(db)?
                .search(&query.join(" "), limit)
                .map_err(|e| e.to_string())?;
            if json {
                print_json(&hits)?;
            } else {
                for h in &hits {
                    outln!(
                        "{}  {}\n    {}",
                        or_dash(&h.article.date),
                        h.article.display_title(),
                        h.snippet.replace('\n', " ")
                    );
                }
                if hits.is_empty() {
                    outln!("no matches");
                }
            }
        }
        Command::Check { repair } => {
            let store = open_ro(db)?;
            store.check_integrity().map_err(|e| {
                format!(
                    "the dossier is damaged: {e}\n`dossier recover {} NEW_FILE` copies what can still be read into a new dossier",
                    db.display()
                )
            })?;
            let wrong = store.verify_stats().map_err(|e| e.to_string())?;
            if !wrong.is_empty() {
                if !repair {
                    return Err(format!(
                        "the counts of {} actors or topics disagree with the articles (the articles themselves are fine)\n`dossier check --repair {}` counts them again",
                        wrong.len(),
                        db.display()
                    ));
                }
                drop(store);
                open(db)?.rebuild_stats().map_err(|e| e.to_string())?;
                outln!("counted {} actors or topics again", wrong.len());
            }
            let store = open_ro(db)?;
            let s = store.stats().map_err(|e| e.to_string())?;
            outln!(
                "ok: {} articles, {} actors, {} quotes, {} topics",
                s.articles,
                s.actors,
                s.quotes,
                s.topics
            );
            let space = store.space_use().map_err(|e| e.to_string())?;
            if space.worth_compacting() {
                outln!(
                    "{} of the file's {} are free: `dossier compact` gives them back to the disk",
                    megabytes(space.free_bytes),
                    megabytes(space.file_bytes)
                );
            }
        }
        Command::Compact => {
            let mut store = open(db)?;
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let mut shown = -1i32;
            let done = store
                .compact(&cancel, |step| {
                    let percent = (step.fraction() * 100.0) as i32;
                    if percent / 10 != shown / 10 {
                        shown = percent;
                        eprintln!("compacting: {percent}%");
                    }
                })
                .map_err(|e| format!("the dossier was not compacted: {e}"))?;
            outln!(
                "compacted: {} before, {} now",
                megabytes(done.bytes_before),
                megabytes(done.bytes_after)
            );
        }
        Command::Recover { damaged, new } => {
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let r = crate::pipeline::recover(&damaged, &new, Engine::shared(), &cancel, |_| {})
                .map_err(|e| format!("recovery stopped: {e}"))?;
            outln!(
                "recovered into {}: {} articles ({} could not be read), {} corrections applied, {} kept but not matching ({} could not be read)",
                new.display(),
                r.articles,
                r.lost_articles,
                r.corrections.restored,
                r.corrections.not_matching,
                r.lost_corrections
            );
        }
        Command::Extract { .. } => {}
    }
    Ok(ExitCode::SUCCESS)
}

fn find(store: &Store, name: &str) -> Result<crate::store::ActorId, String> {
    store
        .find_actor(name)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no actor named \"{name}\" in the dossier"))
}

fn correct(store: &mut Store, c: Correction) -> Result<(), String> {
    store.correct(c).map_err(|e| e.to_string())?;
    if let Some(last) = store.corrections().map_err(|e| e.to_string())?.last() {
        outln!("{}", last.summary);
    }
    Ok(())
}

fn actor_action(db: &Path, action: ActorAction) -> Result<ExitCode, String> {
    let mut store = open(db)?;
    let c = match action {
        ActorAction::Rename { name, new_name } => Correction::Rename {
            actor: find(&store, &name)?,
            name: new_name,
        },
        ActorAction::Merge { into, from } => {
            let into = find(&store, &into)?;
            let from = from
                .iter()
                .map(|n| find(&store, n))
                .collect::<Result<Vec<_>, _>>()?;
            Correction::Merge { into, from }
        }
        ActorAction::Alias {
            name,
            alias,
            remove: false,
        } => Correction::AddAlias {
            actor: find(&store, &name)?,
            alias,
        },
        ActorAction::Alias {
            name,
            alias,
            remove: true,
        } => Correction::RemoveAlias {
            actor: find(&store, &name)?,
            alias,
        },
        ActorAction::Split { name, alias } => Correction::Split {
            actor: find(&store, &name)?,
            alias,
        },
        ActorAction::Hide { name } => Correction::Hide {
            actor: find(&store, &name)?,
        },
        ActorAction::Unhide { name } => Correction::Unhide {
            actor: find(&store, &name)?,
        },
        ActorAction::Kind { name, kind } => Correction::SetKind {
            actor: find(&store, &name)?,
            kind,
        },
    };
    correct(&mut store, c)?;
    Ok(ExitCode::SUCCESS)
}

fn print_quotes(heading: &str, quotes: &[crate::store::QuoteRow]) {
    if quotes.is_empty() {
        return;
    }
    if !heading.is_empty() {
        outln!("{heading}");
    }
    for q in quotes {
        let kind = if q.direct { "" } else { " (reported)" };
        outln!(
            "    [{}] {}: {}{kind}\n      {}, {}",
            q.id,
            q.speaker.as_deref().unwrap_or("unknown speaker"),
            q.text,
            or_dash(&q.date),
            q.article_title
        );
        if let Some(why) = q.why() {
            outln!("      {why}");
        }
    }
}

fn import(db: &Path, paths: &[PathBuf]) -> Result<ExitCode, String> {
    use std::io::{IsTerminal, Write};
    let mut store = open(db)?;
    let engine = Engine::shared();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let tty = std::io::stderr().is_terminal();
    let summary =
        crate::pipeline::import_paths(&mut store, engine, paths, &cancel, |event| match event {
            ImportEvent::Started { done, total, path } => {
                if tty {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let name: String = name.chars().take(50).collect();
                    let name = crate::terminal::visible(&name);
                    let mut err = std::io::stderr().lock();
                    let _ = write!(err, "\r\x1b[2K[{done}/{total}] {name}");
                    let _ = err.flush();
                }
            }
            ImportEvent::Finished(report) => {
                if tty {
                    let _ = write!(std::io::stderr(), "\r\x1b[2K");
                }
                let p = report.path.display();
                match report.status {
                    FileStatus::Imported {
                        articles,
                        duplicates: 0,
                    } => outln!(
                        "imported   {p} ({articles} article{})",
                        if articles == 1 { "" } else { "s" }
                    ),
                    FileStatus::Imported {
                        articles,
                        duplicates,
                    } => outln!(
                        "imported   {p} ({articles} new, {duplicates} already in the dossier)"
                    ),
                    FileStatus::Duplicate => outln!("duplicate  {p} (already in the dossier)"),
                    FileStatus::Failed(reason) => outln!("failed     {p}: {reason}"),
                }
                for note in &report.notes {
                    outln!("           note: {note}");
                }
            }
        });
    let summary = summary.map_err(|e| format!("import stopped: {e}"))?;
    outln!(
        "{} files: {} articles imported, {} duplicates, {} failed",
        summary.files,
        summary.articles,
        summary.duplicates,
        summary.failed.len()
    );
    Ok(if summary.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn extract(dir: &Path, files: &[PathBuf]) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(dir) {
        errln!("dossier: cannot create {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    let engine = Engine::shared();
    let mut failed = false;
    // All files of one call are one dossier: analyse them all, then name the actors.
    let mut done = Vec::new();
    for path in files {
        let result = crate::pipeline::read_article_file(path).and_then(|parsed| {
            let article = parsed
                .articles
                .into_iter()
                .next()
                .ok_or_else(|| "no article text was found".to_string())?;
            let analysis = engine.analyse(&article);
            Ok((path, article, analysis))
        });
        match result {
            Ok(x) => done.push(x),
            Err(e) => {
                errln!("{}: {e}", path.display());
                failed = true;
            }
        }
    }
    let items: Vec<_> = done.iter().map(|(_, a, x)| (a, x)).collect();
    let docs = crate::extract::eval::eval_docs(&items);
    for ((path, article, analysis), doc) in done.iter().zip(docs) {
        let result = (|| {
            let mut doc = with_article(doc, article)?;
            with_rules(&mut doc, analysis);
            let stem = path
                .file_stem()
                .map_or_else(|| "article".into(), |s| s.to_string_lossy().into_owned());
            let out = dir.join(format!("{stem}.json"));
            let json = serde_json::to_vec(&doc).map_err(|e| e.to_string())?;
            std::fs::write(&out, json).map_err(|e| format!("cannot write {}: {e}", out.display()))
        })();
        if let Err(e) = result {
            errln!("{}: {e}", path.display());
            failed = true;
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The evaluation document with an `"article"` object: the article's metadata and its text.
fn with_article<T: serde::Serialize>(
    doc: T,
    article: &crate::model::Article,
) -> Result<serde_json::Value, String> {
    let mut value = serde_json::to_value(doc).map_err(|e| e.to_string())?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "article".into(),
            serde_json::json!({
                "title": article.title,
                "date": article.date,
                "author": article.author,
                "source": article.source,
                "url": article.url,
                "language": article.language,
                "text": article.text,
            }),
        );
    }
    Ok(value)
}

/// Adds to each entity and quote of an evaluation document the `"rule"` that found it (extra
/// fields are ignored by the scorer). Entities and quotes are listed in the analysis' order, one
/// per mention and per quote; if the counts disagree nothing is added rather than a wrong rule.
fn with_rules(doc: &mut serde_json::Value, analysis: &crate::model::Analysis) {
    for (list, count, rule) in [
        (
            "entities",
            analysis.mentions.len(),
            &analysis.rules.mentions,
        ),
        ("quotes", analysis.quotes.len(), &analysis.rules.quotes),
    ] {
        let Some(items) = doc.get_mut(list).and_then(|v| v.as_array_mut()) else {
            continue;
        };
        if items.len() != count || rule.len() != count {
            continue;
        }
        for (item, rule) in items.iter_mut().zip(rule) {
            if let Some(obj) = item.as_object_mut() {
                obj.insert("rule".into(), serde_json::Value::from(rule.as_ref()));
            }
        }
    }
}

/// `dossier article ID|TITLE`: metadata, then the text.
fn show_article(db: &Path, key: &str, json: bool) -> Result<(), String> {
    let store = open_ro(db)?;
    let id = store
        .find_article(key)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no article with the id or title \"{key}\" in the dossier"))?;
    let d = store
        .article(id)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no article with the id or title \"{key}\""))?;
    let a = &d.article;
    if json {
        return print_json(&serde_json::json!({
            "id": a.id,
            "file_name": a.file_name,
            "title": a.title,
            "date": a.date,
            "author": a.author,
            "source": a.source,
            "url": a.url,
            "language": a.language,
            "format": a.format,
            "imported_at": a.imported_at,
            "text": d.text,
        }));
    }
    outln!("{}", a.display_title());
    for (label, value) in [
        ("date", &a.date),
        ("author", &a.author),
        ("source", &a.source),
        ("url", &a.url),
        ("language", &a.language),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            outln!("{label:<8} {v}");
        }
    }
    outln!("file     {} ({}, id {})", a.file_name, a.format, a.id);
    outln!("");
    outln!("{}", d.text.trim_end());
    Ok(())
}

/// A size for people: "12.3 MB".
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
