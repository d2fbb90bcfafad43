//! Import benchmark: generates N synthetic news articles (about 400 words each), imports them into a
//! fresh dossier, then imports them again (all duplicates). Prints time, peak memory and sizes.
//!
//! `cargo bench --bench import` (N = 10000) or `DOSSIER_BENCH_N=2000 cargo bench --bench import`.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

mod common;

use common::{Rng, peak_rss_mb};
use dossier::extract::Engine;
use dossier::pipeline::import_paths;
use dossier::store::Store;

const PEOPLE: &[&str] = &[
    "Amira Castell",
    "Jonas Pell",
    "Maria Okonkwo",
    "Tomas Brandt",
    "Lena Fischer",
    "Arjun Mehta",
    "Sofia Laine",
    "Karim Haddad",
    "Mei Tanaka",
    "Oskar Lind",
    "Nadia Rahimi",
    "Pavel Orlov",
];
const ORGS: &[&str] = &[
    "Coastal Alliance",
    "Harbour League",
    "Northern Front",
    "Ministry of Defence",
    "United Nations",
    "Red Cross",
    "Central Bank",
    "National Assembly",
];
const PLACES: &[&str] = &[
    "Port Selden",
    "Vellmar",
    "Geneva",
    "Kabul",
    "Islamabad",
    "Meridian River",
    "Ankara",
    "Doha",
];
const FILLER: &[&str] = &[
    "the",
    "talks",
    "would",
    "continue",
    "after",
    "a",
    "week",
    "of",
    "negotiations",
    "over",
    "prisoners",
    "and",
    "border",
    "security",
    "officials",
    "said",
    "on",
    "Monday",
    "while",
    "observers",
    "expected",
    "progress",
    "in",
    "ceasefire",
    "arrangements",
    "with",
    "regional",
    "partners",
    "under",
    "pressure",
    "from",
    "donors",
];

fn article(i: usize, rng: &mut Rng) -> String {
    let mut s = format!(
        " date 20{:02}-{:02}-{:02} ",
        15 + i % 10,
        i % 12 + 1,
        i % 28 + 1
    );
    let mut words = 0;
    while words < 400 {
        let (p, o, l) = (*rng.pick(PEOPLE), *rng.pick(ORGS), *rng.pick(PLACES));
        match rng.next() % 4 {
            0 => s.push_str(&format!(
                "\"We will not accept this,\" said {p}, spokesman of the {o}. "
            )),
            1 => s.push_str(&format!(
                "{p} told reporters in {l} that the {o} was ready for talks. "
            )),
            2 => s.push_str(&format!(
                "According to {p}, the {o} had moved troops near {l}. "
            )),
            _ => {}
        }
        words += 12;
        let n = 8 + rng.next() % 12;
        let mut sentence: Vec<&str> = (0..n).map(|_| *rng.pick(FILLER)).collect();
        sentence[0] = "The";
        s.push_str(&sentence.join(" "));
        s.push_str(&format!(" (case {i}).\n\n"));
        words += n + 2;
    }
    s
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn main() {
    let n: usize = std::env::var("DOSSIER_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("articles");
    std::fs::create_dir(&input).expect("input dir");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut raw = 0u64;
    let mut words = 0usize;
    for i in 0..n {
        let text = article(i, &mut rng);
        raw += text.len() as u64;
        words += text.split_whitespace().count();
        std::fs::write(input.join(format!("a{i:06}.txt")), text).expect("write article");
    }
    println!(
        "generated {n} articles, {words} words, {:.1} MB of text",
        raw as f64 / 1e6
    );

    // DOSSIER_BENCH_DB keeps the dossier for inspection; it must not exist yet.
    let db = std::env::var_os("DOSSIER_BENCH_DB").map_or_else(
        || dir.path().join("bench.dossier"),
        std::path::PathBuf::from,
    );
    let t = Instant::now();
    let engine = Engine::shared();
    println!("engine ready in {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let mut store = Store::open(&db).expect("open dossier");
    let cancel = AtomicBool::new(false);
    let t = Instant::now();
    let s = import_paths(
        &mut store,
        engine,
        std::slice::from_ref(&input),
        &cancel,
        |_| {},
    )
    .expect("import");
    let first = t.elapsed().as_secs_f64();
    assert_eq!(s.articles, n, "every article imported");
    drop(store);
    let store = Store::open(&db).expect("reopen");
    drop(store);
    let size = file_size(&db) + file_size(&db.with_extension("dossier-wal"));
    println!(
        "import: {n} articles in {first:.2} s ({:.0} articles/s, {:.0} words/s), peak memory {:.0} MB, dossier {:.1} MB = {:.2}x the raw text",
        n as f64 / first,
        words as f64 / first,
        peak_rss_mb(),
        size as f64 / 1e6,
        size as f64 / raw as f64
    );

    let mut store = Store::open(&db).expect("open dossier");
    let t = Instant::now();
    let s = import_paths(
        &mut store,
        engine,
        std::slice::from_ref(&input),
        &cancel,
        |_| {},
    )
    .expect("re-import");
    let second = t.elapsed().as_secs_f64();
    assert_eq!(s.duplicates, n, "every article recognised as a duplicate");
    println!(
        "re-import (all duplicates): {n} articles in {second:.2} s; peak memory {:.0} MB",
        peak_rss_mb()
    );
}
