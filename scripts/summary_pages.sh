#!/usr/bin/env bash
# How many printed A4 pages the default HTML summary of the development articles takes, and which
# actors lead it. Not part of the test suite: it needs Chromium and pdfinfo
# (apt-get install -y chromium poppler-utils) and the data in ../shared/eval.
#
#   scripts/summary_pages.sh                 the news development sets (seed, polnear-dev,
#                                            conllpp-dev, gum-dev)
#   scripts/summary_pages.sh DIR...          other folders of articles
#   PAPER=letter scripts/summary_pages.sh    Letter instead of A4
#
# It builds the command line (release, no GUI), imports the articles into a temporary dossier,
# exports the default HTML summary, prints it to PDF with headless Chromium, counts the pages
# with pdfinfo and lists the ten most salient actors from the JSON export. When LibreOffice is
# installed (apt-get install -y libreoffice-writer-nogui) it also opens the DOCX export and
# converts it to PDF, a check that the Word file reads.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
eval_dir="$here/../shared/eval"
if [ "$#" -gt 0 ]; then
    dirs=("$@")
else
    dirs=("$eval_dir/seed/articles" "$eval_dir/polnear-dev/articles" "$eval_dir/conllpp-dev/articles" "$eval_dir/gum-dev/articles")
fi
paper="${PAPER:-a4}"

for tool in pdfinfo; do
    command -v "$tool" > /dev/null || { echo "needs $tool (apt-get install -y poppler-utils)" >&2; exit 2; }
done
chrome="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$chrome" ] || { echo "needs chromium (apt-get install -y chromium)" >&2; exit 2; }

cargo build --release --no-default-features --quiet
bin="$here/target/release/dossier"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/dev.dossier"
"$bin" --db "$db" import "${dirs[@]}" | tail -1
"$bin" --db "$db" export --format html --paper "$paper" -o "$work/summary.html"
"$bin" --db "$db" export --format json -o "$work/summary.json" > /dev/null

"$chrome" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --no-pdf-header-footer --print-to-pdf="$work/summary.pdf" "file://$work/summary.html" \
    > "$work/chrome.log" 2>&1 || { cat "$work/chrome.log" >&2; exit 1; }
pages="$(pdfinfo "$work/summary.pdf" | awk '/^Pages:/ {print $2}')"
size="$(pdfinfo "$work/summary.pdf" | awk -F': *' '/^Page size:/ {print $2}')"
articles="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["articles"])' "$work/summary.json")"
echo "default summary of $articles articles: $pages pages ($size)"
echo "top 10 actors (rank, name, kind, salience, mentions, articles, quotes said):"
python3 - "$work/summary.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
for a in s["actors"][:10]:
    print(f'  {a["rank"]:>2}. {a["name"]} ({a["kind"]}) salience {a["salience"]}, '
          f'{a["mentions"]} mentions in {a["articles"]} articles, {len(a["quotes_by"])} quotes')
EOF
if command -v soffice > /dev/null; then
    "$bin" --db "$db" export --format docx --paper "$paper" -o "$work/summary.docx" > /dev/null
    (cd "$work" && soffice --headless --convert-to pdf --outdir "$work/docx" summary.docx > "$work/soffice.log" 2>&1) \
        || { cat "$work/soffice.log" >&2; exit 1; }
    echo "DOCX opened by LibreOffice: $(pdfinfo "$work/docx/summary.pdf" | awk '/^Pages:/ {print $2}') pages"
fi
if [ -n "${KEEP:-}" ]; then
    cp "$work/summary.html" "$work/summary.pdf" "$KEEP"/
    echo "kept summary.html and summary.pdf in $KEEP"
fi
