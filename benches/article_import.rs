//! Article import benchmark: pages per second of `import::parse` on saved web pages and on PDF
//! documents, on one thread, and the peak memory.
//!
//! `cargo bench --bench article_import` reads `DOSSIER_BENCH_HTML=DIR` and
//! `DOSSIER_BENCH_PDF=DIR` (every `.html`/`.htm` and `.pdf` file directly in DIR); without them
//! it uses `../shared/eval/html-dev/pages` and `../shared/eval/pdf-dev/pages` when they exist,
//! else pages it generates (saved-page-like HTML of about 250 KB with scripts, styles, menus
//! and an article; three-page PDFs), so anyone can run it (`DOSSIER_BENCH_GENERATED=1` uses
//! them in any case). Each set is parsed `DOSSIER_BENCH_ROUNDS` times (default 3).
//!
//! Parsing runs on this thread only. Both wall time and the thread's CPU time are reported:
//! on a busy machine the CPU figure is the steadier one. To pin the run to one core, run the
//! built binary under `taskset -c 0` (its path is printed by `cargo bench --no-run`).

use std::path::{Path, PathBuf};
use std::time::Instant;

mod common;

use common::{Rng, peak_rss_mb};

fn files(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    out.sort();
    out
}

/// Files by name with their bytes.
type Files = Vec<(String, Vec<u8>)>;

/// The files of the set and where they came from: from `var`, else the shared evaluation set,
/// else `None` (generate them).
fn set(var: &str, shared: &str, exts: &[&str]) -> Option<(String, Files)> {
    if std::env::var_os("DOSSIER_BENCH_GENERATED").is_some() {
        return None;
    }
    let dir = match std::env::var(var) {
        Ok(d) => PathBuf::from(d),
        Err(_) => {
            let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join(shared);
            if !shared.is_dir() {
                return None;
            }
            shared
        }
    };
    let data = files(&dir, exts)
        .iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read(p).ok()?))
        })
        .collect();
    Some((dir.display().to_string(), data))
}

const WORDS: &[&str] = &[
    "harbour",
    "council",
    "ferry",
    "timetable",
    "minister",
    "agreed",
    "budget",
    "northern",
    "quay",
    "said",
    "on",
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "after",
    "weeks",
    "talks",
    "residents",
    "cargo",
    "summer",
    "report",
    "plans",
    "river",
    "bridge",
    "vote",
];

fn sentence(r: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push_str(if r.below(9) == 0 { ", " } else { " " });
        }
        let w: &&str = r.pick(WORDS);
        s.push_str(w);
    }
    s.push('.');
    s
}

/// A saved page: head with metadata, JSON-LD, styles and scripts; a menu of links; the
/// article; a sidebar of related links; a footer. About 250 KB, like saved news pages.
fn html_page(r: &mut Rng, i: usize) -> String {
    let mut p = String::from("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    p.push_str(&format!(
        "<title>Report {i} on the harbour | Synthetic Wire</title>\
         <meta property=\"og:title\" content=\"Report {i} on the harbour\">\
         <meta property=\"article:published_time\" content=\"2024-05-{:02}T10:00:00+02:00\">\
         <script type=\"application/ld+json\">{{\"@type\": \"NewsArticle\", \"headline\": \
         \"Report {i} on the harbour\", \"author\": {{\"name\": \"Lena Varga\"}}}}</script>",
        1 + i % 28
    ));
    for _ in 0..6 {
        p.push_str("<style>");
        for k in 0..300 {
            p.push_str(&format!(".c{k} {{ margin: {k}px; color: #{k:06x}; }}\n"));
        }
        p.push_str("</style><script>");
        for k in 0..400 {
            p.push_str(&format!(
                "window.f{k} = function (a, b) {{ return a < b ? '<p>' + a : b; }};\n"
            ));
        }
        p.push_str("</script>");
    }
    p.push_str("</head><body><div class=\"page-wrap content-with-sidebar\">");
    p.push_str("<nav class=\"menu\" data-track=\"nav\"><ul>");
    for k in 0..120 {
        p.push_str(&format!(
            "<li class=\"menu-item\" data-id=\"{k}\"><a href=\"/section/{k}\" \
             data-analytics='{{\"pos\": {k}}}'>{}</a></li>",
            *r.pick(WORDS)
        ));
    }
    p.push_str("</ul></nav><main><article class=\"story\"><h1>Report on the harbour</h1>");
    p.push_str("<div class=\"byline\">By Lena Varga</div><div class=\"story-body\">");
    for _ in 0..25 {
        let words = 25 + r.below(40);
        p.push_str(&format!(
            "<p class=\"para\" data-block=\"text\">{}</p>",
            sentence(r, words)
        ));
    }
    p.push_str("</div></article></main><aside class=\"sidebar\"><h2>Related</h2><ul>");
    for k in 0..80 {
        p.push_str(&format!(
            "<li><a href=\"/story/{k}\"><img srcset=\"/i/{k}-1x.jpg 1x, /i/{k}-2x.jpg 2x\" \
             alt=\"\">{}</a></li>",
            sentence(r, 6)
        ));
    }
    p.push_str("</ul></aside><footer class=\"site-footer\"><p>Synthetic Wire, Quay Street 1</p>");
    p.push_str(
        &"<svg viewBox=\"0 0 24 24\"><path d=\"M12 2L2 7l10 5 10-5-10-5z\"/></svg>".repeat(60),
    );
    p.push_str("</footer></div></body></html>");
    p
}

/// A PDF of `pages` pages of text in Helvetica, with a computed cross-reference table.
fn pdf_doc(r: &mut Rng, pages: usize) -> Vec<u8> {
    let mut objs: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            (0..pages)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ];
    for i in 0..pages {
        let mut content = String::new();
        if i == 0 {
            content.push_str("BT /F1 20 Tf 1 0 0 1 50 760 Tm (Report on the harbour) Tj ET\n");
        }
        for line in 0..50 {
            let text: String = (0..12)
                .map(|_| *r.pick(WORDS))
                .collect::<Vec<_>>()
                .join(" ");
            content.push_str(&format!(
                "BT /F1 10 Tf 1 0 0 1 50 {} Tm ({text}) Tj ET\n",
                730 - line * 13
            ));
        }
        objs.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objs.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len() + 1
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .bytes(),
    );
    out
}

/// Parses every file `rounds` times; prints pages per second of wall and of CPU time.
fn run(label: &str, from: &str, data: &[(String, Vec<u8>)], rounds: usize, pages: usize) {
    let mut failed = 0;
    let cpu = cpu_time::ThreadTime::try_now().ok();
    let start = Instant::now();
    for round in 0..rounds {
        for (name, bytes) in data {
            let ok = std::hint::black_box(dossier::import::parse(name, bytes)).is_ok();
            if round == 0 && !ok {
                failed += 1;
            }
        }
    }
    let wall = start.elapsed().as_secs_f64().max(1e-9);
    let cpu = cpu.map_or(f64::NAN, |c| c.elapsed().as_secs_f64().max(1e-9));
    let total = pages * rounds;
    let mb = data.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "{label}: {} files ({mb:.1} MB, {pages} pages) from {from}, x{rounds}: \
         {:.0} pages/s wall ({wall:.2} s), {:.0} pages/s of CPU time ({cpu:.2} s), \
         {failed} refused; peak memory so far {:.0} MB",
        data.len(),
        total as f64 / wall,
        total as f64 / cpu,
        peak_rss_mb()
    );
}

fn main() {
    let rounds: usize = std::env::var("DOSSIER_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let mut r = Rng(0x2545_f491_4f6c_dd1d);
    let (from, html) = set(
        "DOSSIER_BENCH_HTML",
        "../shared/eval/html-dev/pages",
        &["html", "htm"],
    )
    .unwrap_or_else(|| {
        let pages = (0..40)
            .map(|i| (format!("page-{i}.html"), html_page(&mut r, i).into_bytes()))
            .collect();
        ("generated pages".into(), pages)
    });
    run("html", &from, &html, rounds, html.len());
    drop(html);
    let (from, pdf) = set(
        "DOSSIER_BENCH_PDF",
        "../shared/eval/pdf-dev/pages",
        &["pdf"],
    )
    .unwrap_or_else(|| {
        let docs = (0..20)
            .map(|i| (format!("doc-{i}.pdf"), pdf_doc(&mut r, 3)))
            .collect();
        ("generated documents".into(), docs)
    });
    let pages: usize = pdf
        .iter()
        .map(|(_, b)| pdf_extract::Document::load_mem(b).map_or(1, |d| d.get_pages().len().max(1)))
        .sum();
    run("pdf", &from, &pdf, rounds, pages);
}
