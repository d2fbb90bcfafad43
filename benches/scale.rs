//! Scale benchmark: builds a dossier of N synthetic articles with realistic proportions
//! (`common::news`: a few actors in 10% of articles, a long tail named once), written through
//! `Store::import_files` in batches with a ready-made analysis (the extractor's speed is the
//! `import` benchmark's business), then times what the app and the command line ask of it.
//!
//! `cargo bench --bench scale` (N = 100000) or `DOSSIER_BENCH_N=1000000 cargo bench --bench scale`.
//! The dossier is kept in the temp folder (`dossier-scale-N.dossier`) and reused by later runs
//! (delete it to rebuild); `cargo bench --bench gui_frames` opens it with
//! `DOSSIER_BENCH_DB=<that file>` to time the app's frames on it. `DOSSIER_BENCH_SKIP_EXPORT=1`
//! leaves out the exports; `DOSSIER_BENCH_REIMPORT=1` adds importing every article again from text
//! files (all duplicates); `DOSSIER_BENCH_TEXTS=DIR` only writes the N texts as files into DIR,
//! for timing `dossier import DIR` (extraction included) on them.

use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use common::{news, peak_rss_mb};
use dossier::export::Scope;
use dossier::export_file::{ExportFormat, export_summary, write_summary};
use dossier::store::{ActorFilter, Store};

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

/// The median and 95th percentile of `times`.
fn spread(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95))
}

/// Writes the generator's N article texts as files under `dir`, 10,000 to a folder: the
/// same texts the dossier holds, for `dossier import` with extraction or a re-import.
fn write_texts(dir: &Path, n: usize) {
    let t = Instant::now();
    let mut rng = common::Rng(common::SEED);
    for i in 0..n {
        let (article, _) = news::article(i, &mut rng);
        let folder = dir.join(format!("{:03}", i / 10_000));
        if i % 10_000 == 0 {
            std::fs::create_dir_all(&folder).expect("folder");
        }
        std::fs::write(folder.join(format!("a{i:07}.txt")), article.text).expect("file");
    }
    println!("wrote {n} text files in {:.1} s", t.elapsed().as_secs_f64());
}

fn main() {
    let n: usize = std::env::var("DOSSIER_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    // DOSSIER_BENCH_TEXTS=DIR only writes the texts (to time `dossier import DIR` on them).
    if let Some(dir) = std::env::var_os("DOSSIER_BENCH_TEXTS") {
        write_texts(Path::new(&dir), n);
        return;
    }
    let db = std::env::temp_dir().join(format!("dossier-scale-{n}.dossier"));
    if db.exists() {
        println!("reusing {}", db.display());
    } else {
        let raw = common::write_synthetic(&db, n, 100_000, news::article);
        let size = file_size(&db) + file_size(&db.with_extension("dossier-wal"));
        println!(
            "dossier {:.1} MB for {:.1} MB of text: {:.2}x",
            size as f64 / 1e6,
            raw as f64 / 1e6,
            size as f64 / raw as f64
        );
    }

    let t = Instant::now();
    let store = Store::open(&db).expect("open");
    println!("open: {}", ms(t.elapsed()));
    let t = Instant::now();
    let stats = store.stats().expect("stats");
    println!(
        "stats: {} ({} articles, {} actors, {} mentions, {} quotes, {} topics)",
        ms(t.elapsed()),
        stats.articles,
        stats.actors,
        stats.mentions,
        stats.quotes,
        stats.topics
    );
    let t = Instant::now();
    let actors = store.actor_counts().expect("actors");
    println!(
        "actor list: {} for {} actors",
        ms(t.elapsed()),
        actors.len()
    );
    let t = Instant::now();
    let listed = store.top_actors(20_000).expect("top actors");
    println!(
        "the app's actor list ({} most mentioned): {}",
        listed.len(),
        ms(t.elapsed())
    );
    let t = Instant::now();
    let first_page = store
        .actors(&ActorFilter {
            limit: Some(200),
            ..ActorFilter::default()
        })
        .expect("actors");
    println!("first 200 actors: {}", ms(t.elapsed()));
    let t = Instant::now();
    let topics = store.topics().expect("topics");
    println!("topics: {} for {} topics", ms(t.elapsed()), topics.len());

    // Profiles: the most named actor, the most named with quotes, one from the middle and one
    // named once.
    let picks = [
        first_page.first().map(|a| a.id),
        first_page.iter().find(|a| a.quotes > 0).map(|a| a.id),
        actors.get(actors.len() / 100).map(|a| a.id),
        actors.last().map(|a| a.id),
    ];
    for id in picks.into_iter().flatten() {
        let t = Instant::now();
        let p = store.actor_profile(id).expect("profile").expect("actor");
        let took = t.elapsed();
        let t = Instant::now();
        let timeline = store.actor_timeline(id).expect("timeline");
        println!(
            "profile of {} (in {} articles): {} ({} articles, {} quotes by, {} about, {} roles, {} related listed); timeline {} ({} points)",
            p.actor.name,
            p.actor.articles,
            ms(took),
            p.articles.len(),
            p.quotes_by.len(),
            p.quotes_about.len(),
            p.roles.len(),
            p.related.len(),
            ms(t.elapsed()),
            timeline.len()
        );
    }
    if let Some(topic) = topics.first() {
        let t = Instant::now();
        let d = store.topic_detail(topic.id).expect("topic").expect("topic");
        println!(
            "topic {} (in {} articles): {} ({} articles, {} quotes listed)",
            topic.label,
            topic.articles,
            ms(t.elapsed()),
            d.articles.len(),
            d.quotes.len()
        );
    }

    // Search: common and rare words and phrases, each asked several times.
    let rare = news::tail_name(n / 2);
    let rare_word = rare.split(' ').nth(1).unwrap_or("x").to_string();
    let queries = [
        "officials".to_string(),
        "harbour".into(),
        "\"said that the\"".into(),
        "\"clear answers\"".into(),
        rare_word,
        format!("\"{rare}\""),
        "strike wages".into(),
    ];
    let mut all = Vec::new();
    for q in &queries {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..7 {
            let t = Instant::now();
            hits = store.search(q, 200).expect("search").len();
            times.push(t.elapsed());
        }
        all.extend(times.iter().copied());
        let (median, p95) = spread(times);
        println!(
            "search {q}: {hits} hits, median {}, 95th percentile {}",
            ms(median),
            ms(p95)
        );
    }
    let (median, p95) = spread(all);
    println!(
        "search, all queries: median {}, 95th percentile {}",
        ms(median),
        ms(p95)
    );

    // Whole-dossier export in the summary formats (DOSSIER_BENCH_SKIP_EXPORT=1 skips it).
    if std::env::var_os("DOSSIER_BENCH_SKIP_EXPORT").is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    // The briefing formats, each end to end as the app and the CLI export them.
    for format in [
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::Docx,
    ] {
        let t = Instant::now();
        let path = dir.path().join(format!("summary.{}", format.extension()));
        let report = export_summary(&store, &Scope::default(), format, &path).expect("export");
        println!(
            "export {}: {} ({:.2} MB)",
            format.extension(),
            ms(t.elapsed()),
            report.bytes as f64 / 1e6,
        );
    }
    // The complete JSON reads every text: above 100,000 articles only on request
    // (DOSSIER_BENCH_JSON=1).
    if n <= 100_000 || std::env::var_os("DOSSIER_BENCH_JSON").is_some() {
        let t = Instant::now();
        let summary = store.summary(&Scope::default()).expect("summary");
        let gathered = t.elapsed();
        let path = dir.path().join("summary.json");
        let t = Instant::now();
        let report =
            write_summary(&summary, ExportFormat::Json, &Default::default(), &path).expect("json");
        println!(
            "export json (complete): gathered in {}, written in {} ({:.1} MB)",
            ms(gathered),
            ms(t.elapsed()),
            report.bytes as f64 / 1e6
        );
    }
    let space = store.space_use().expect("space");
    println!(
        "file {:.1} MB, {:.1} MB free; peak memory {:.0} MB",
        space.file_bytes as f64 / 1e6,
        space.free_bytes as f64 / 1e6,
        peak_rss_mb()
    );
    drop(store);

    // Importing every article again from text files, as a user importing the same folder twice
    // would (DOSSIER_BENCH_REIMPORT=1): the same generator writes the same texts, each is read,
    // parsed and recognised as a duplicate before any analysis.
    if std::env::var_os("DOSSIER_BENCH_REIMPORT").is_some() {
        let files = tempfile::tempdir().expect("temp dir");
        write_texts(files.path(), n);
        let mut store = Store::open(&db).expect("open");
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let t = Instant::now();
        let summary = dossier::pipeline::import_paths(
            &mut store,
            dossier::extract::Engine::shared(),
            &[files.path().to_path_buf()],
            &cancel,
            |_| {},
        )
        .expect("re-import");
        println!(
            "re-import of {} files: {:.1} s ({} imported, {} duplicates, {} failed); peak memory {:.0} MB",
            summary.files,
            t.elapsed().as_secs_f64(),
            summary.articles,
            summary.duplicates,
            summary.failed.len(),
            peak_rss_mb()
        );
    }
}
