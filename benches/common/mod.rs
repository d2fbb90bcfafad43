//! Helpers shared by the benchmarks: a deterministic generator and the process's peak memory.
// Each benchmark uses a subset of these.
#![allow(dead_code)]

pub mod news;

/// The seed every synthetic dossier starts from.
pub const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// A tiny deterministic generator (xorshift), so every run builds the same data.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.next() % n.max(1)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Peak resident memory of this process in MB (`VmHWM`), NaN where /proc is missing.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Writes `n` synthetic articles made by `make` into the dossier at `db`, a thousand to a
/// transaction, through `Store::import_files` with their ready-made analyses (so no extraction
/// runs). Reports progress every `every` articles on stderr. Returns the bytes of text written.
pub fn write_synthetic(
    db: &std::path::Path,
    n: usize,
    every: usize,
    mut make: impl FnMut(usize, &mut Rng) -> (dossier::model::Article, dossier::model::Analysis),
) -> u64 {
    use dossier::store::{FileImport, NewArticle, SourceFile, Store};
    let mut store = Store::open(db).expect("open");
    let mut rng = Rng(SEED);
    let t = std::time::Instant::now();
    let mut raw = 0u64;
    let mut batch = Vec::new();
    for i in 0..n {
        let (article, analysis) = make(i, &mut rng);
        raw += article.text.len() as u64;
        batch.push(FileImport {
            source: SourceFile {
                file_name: format!("a{i:07}.txt"),
                file_path: None,
                format: dossier::model::Format::Text,
                encoding: "UTF-8".into(),
            },
            articles: vec![NewArticle {
                content_hash: dossier::import::content_hash(&article.text),
                article,
                analysis: Some(analysis),
            }],
        });
        if batch.len() == 1000 || i + 1 == n {
            for result in store.import_files(&batch, 1).expect("import") {
                result.expect("file stored");
            }
            batch.clear();
        }
        if (i + 1) % every.max(1) == 0 {
            eprintln!(
                "  {} articles written ({:.0} s)",
                i + 1,
                t.elapsed().as_secs_f64()
            );
        }
    }
    println!(
        "built a dossier of {n} articles in {:.1} s ({:.0} articles/s, store only), peak memory {:.0} MB",
        t.elapsed().as_secs_f64(),
        n as f64 / t.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
    raw
}
