//! A mutation fuzzer that runs on the stable toolchain: it mutates the committed seed corpus
//! (`tests/fuzz/corpus/`) and feeds the results to the importers and to the extraction engine,
//! catching panics and inputs that take too long.
//!
//! ```sh
//! cargo run --release --no-default-features --features fuzz --bin dossier-fuzz -- --target import --runs 1000000
//! cargo run --release --no-default-features --features fuzz --bin dossier-fuzz -- --target extract --runs 1000000
//! ```
//!
//! Findings (an input that panicked or took longer than `--slow-ms`) are written to
//! `target/fuzz-findings/<target>/`; copy each into `tests/fuzz/regressions/` once fixed, where
//! `tests/fuzz_regressions.rs` replays them on every test run. The exit code is 1 when anything
//! was found.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dossier::extract::Engine;
use dossier::model::Article;

/// File names the importer is given, so every format's parser sees every input.
const NAMES: &[&str] = &[
    "a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.htm", "noext",
];

/// Pieces that once broke parsers, inserted by the mutator.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"[",
    b"](",
    b")",
    b"![",
    b"[^",
    b"\"",
    b"\xe2\x80\x9c",
    b"\xe2\x80\x9d",
    b" said ",
    b" told reporters ",
    b"According to ",
    b"{",
    b"}",
    b"\\\"",
    b"---\n",
    b"\n\n",
    b"\r\n",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\x1b[2J",
    b"\xe2\x80\xae",
    b"<script>",
    b"</p>",
    b"<p>",
    b"<div class=\"sidebar\">",
    b" date 2021-01-01 ",
    b"Mr. ",
    b"U.S. ",
    b"President ",
    b"'s ",
    b"&amp;",
    b"&#x0;",
    b"\xc3",
    b"\xed\xa0\x80",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One to four random edits of `input`, sometimes splicing in part of `other`.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8], max_len: usize) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(9) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(data.len());
                data.drain(at.min(end)..end);
            }
            2 => {
                let byte = rng.next() as u8;
                data.insert(at, byte);
            }
            3 | 4 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, token.iter().copied());
            }
            5 if !data.is_empty() => {
                // Repeat a stretch many times: finds work that grows faster than the input.
                let start = rng.below(data.len());
                let end = (start + 1 + rng.below(12)).min(data.len());
                let piece = data[start..end].to_vec();
                let times = 1 + rng.below(2_000);
                let mut repeated = Vec::with_capacity(piece.len() * times);
                for _ in 0..times {
                    repeated.extend_from_slice(&piece);
                }
                data.splice(end..end, repeated);
            }
            6 if !other.is_empty() => {
                let start = rng.below(other.len());
                let end = (start + 1 + rng.below(256)).min(other.len());
                data.splice(at..at, other[start..end].iter().copied());
            }
            7 => data.truncate(at),
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let times = 1 + rng.below(500);
                for _ in 0..times {
                    data.splice(at..at, token.iter().copied());
                }
            }
        }
        data.truncate(max_len);
    }
    data
}

fn load_corpus(dir: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Runs one input through a target; `Err` with what went wrong.
fn run_one(target: &str, engine: &Engine, input: &[u8], name: &str) -> Result<(), String> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match target {
        "import" => {
            if let Ok(parsed) = dossier::import::parse(name, input) {
                for a in &parsed.articles {
                    assert!(a.body_start <= a.text.len(), "body_start past the text");
                    assert!(
                        a.text.is_char_boundary(a.body_start),
                        "body_start inside a character"
                    );
                }
            }
        }
        _ => {
            let text = String::from_utf8_lossy(input).into_owned();
            let article = Article {
                body_start: 0,
                text,
                ..Article::default()
            };
            let analysis = engine.analyse(&article);
            for m in &analysis.mentions {
                assert!(m.span.end <= article.text.len(), "mention past the text");
                assert!(
                    article.text.is_char_boundary(m.span.start),
                    "mention inside a character"
                );
                assert!(
                    article.text.is_char_boundary(m.span.end),
                    "mention inside a character"
                );
            }
            for q in &analysis.quotes {
                assert!(q.span.end <= article.text.len(), "quote past the text");
                assert!(
                    article.text.is_char_boundary(q.span.start),
                    "quote inside a character"
                );
                assert!(
                    article.text.is_char_boundary(q.span.end),
                    "quote inside a character"
                );
            }
        }
    }));
    result.map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())
    })
}

/// The shortest of two more runs of `input`: a busy machine makes one run slow, not three.
fn retimed(target: &str, engine: &Engine, input: &[u8], name: &str) -> Duration {
    (0..2)
        .map(|_| {
            let t = Instant::now();
            let _ = run_one(target, engine, input, name);
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn save(dir: &Path, kind: &str, input: &[u8]) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    input.hash(&mut h);
    let _ = std::fs::create_dir_all(dir);
    let path = dir.join(format!("{kind}-{:016x}.bin", h.finish()));
    let _ = std::fs::write(&path, input);
    path
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let target = arg("--target").unwrap_or_else(|| "import".into());
    if target != "import" && target != "extract" {
        eprintln!("--target must be import or extract");
        std::process::exit(2);
    }
    let runs: u64 = arg("--runs")
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let seed: u64 = arg("--seed").and_then(|s| s.parse().ok()).unwrap_or(1);
    let slow = Duration::from_millis(
        arg("--slow-ms")
            .and_then(|s| s.parse().ok())
            .unwrap_or(1_000),
    );
    let max_len: usize = arg("--max-len")
        .and_then(|s| s.parse().ok())
        .unwrap_or(64 << 10);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut corpus = load_corpus(&root.join("tests/fuzz/corpus"));
    corpus.extend(load_corpus(&root.join("tests/fuzz/regressions")));
    if corpus.is_empty() {
        eprintln!("no seed corpus in tests/fuzz/corpus");
        std::process::exit(2);
    }
    let findings = root.join("target/fuzz-findings").join(&target);
    // Panics are caught and counted; their messages would flood the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let engine = Engine::new();
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let (mut crashes, mut hangs) = (0u64, 0u64);
    let mut slowest = Duration::ZERO;
    let started = Instant::now();
    for n in 1..=runs {
        let a = &corpus[rng.below(corpus.len())];
        let b = &corpus[rng.below(corpus.len())];
        let input = mutate(&mut rng, a, b, max_len);
        let name = NAMES[rng.below(NAMES.len())];
        let t = Instant::now();
        let outcome = run_one(&target, &engine, &input, name);
        let took = t.elapsed();
        slowest = slowest.max(took);
        if let Err(message) = outcome {
            crashes += 1;
            let path = save(&findings, "crash", &input);
            eprintln!("crash ({name}): {message} -> {}", path.display());
        } else if took > slow && retimed(&target, &engine, &input, name) > slow {
            // Slow twice more: not a moment when the machine was busy.
            hangs += 1;
            let path = save(&findings, "slow", &input);
            eprintln!(
                "slow ({name}, {} ms) -> {}",
                took.as_millis(),
                path.display()
            );
        }
        // Keep inputs that are new shapes in the pool now and then, so mutations compound.
        if n % 64 == 0 && corpus.len() < 4_096 && input.len() < 8 << 10 {
            corpus.push(input);
        }
        if n % 100_000 == 0 {
            eprintln!(
                "{n} runs, {:.0}/s, {crashes} crashes, {hangs} slow",
                n as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "target {target}: {runs} executions in {secs:.0} s ({:.0}/s), {crashes} crashes, {hangs} over {} ms, slowest {} ms",
        runs as f64 / secs,
        slow.as_millis(),
        slowest.as_millis()
    );
    if crashes + hangs > 0 {
        std::process::exit(1);
    }
}
