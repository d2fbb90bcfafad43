#!/usr/bin/env python3
"""Fails when names from the development sets leak into the project.

Usage:  python3 scripts/dev_leak_check.py [EVAL_DIR]      (default: ../shared/eval)
Exit 0 when clean (or when EVAL_DIR does not exist), 1 with one line per leak otherwise.

What counts as a leak: a name from any gold file under EVAL_DIR (entity texts, quote speakers
and speaker mentions) that appears, as whole words, in
  - src/, tests/, examples/, benches/ (code, comments and tests; tests/seed.rs, which checks the
    sample article itself, is exempt), or
  - an asset without a recorded public source (hand-written word lists).
Names checked: every name of two or more words, and every single-word name that is rare (not
an English word of the sourced common-word list, not a sourced given name, place or demonym).
Names that the sourced assets hold (generated from public data, with source and licence
recorded: places, demonyms, common words, census given names), or that the permissively
licensed NER training corpora beside EVAL_DIR (../ner-train: wikigold, BTC, WNUT17, re3d) use
at least twice, are general knowledge, not leaks.
"""
import glob
import json
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
# Assets generated from public data by a script in scripts/, with source and licence recorded
# in assets/gazetteers/LICENSES.md or assets/lexicon/SOURCES.md.
SOURCED = [
    "assets/gazetteers/places.tsv",
    "assets/gazetteers/demonyms.tsv",
    "assets/gazetteers/common_words.txt",
    "assets/lexicon/given_names_female.txt",
    "assets/lexicon/given_names_male.txt",
]
CODE_DIRS = ["src", "tests", "examples", "benches"]
EXEMPT = {"tests/seed.rs"}
TEXT_EXT = (".rs", ".txt", ".tsv", ".md", ".py", ".toml", ".json")
WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")


def words(s):
    return [w.strip(".'\u2019-") for w in WORD.findall(s)]


def sourced_vocabulary():
    vocab = set()
    for rel in SOURCED:
        path = os.path.join(ROOT, rel)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                for col in line.rstrip("\n").split("\t")[:1]:
                    col = col.strip()
                    if col:
                        vocab.add(col.lower())
    return vocab


def corpus_phrases(train_dir, max_words=4):
    """Word sequences (lower case, up to `max_words` words) seen at least twice in the
    permissive training corpora."""
    counts = {}
    for sub in ("wikigold", "BTC", "WNUT17", "re3d"):
        for path in glob.glob(os.path.join(train_dir, sub, "**", "*.conll*"), recursive=True):
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    toks = [line.split()[0].lower() if line.split() else "" for line in f]
            except OSError:
                continue
            for i in range(len(toks)):
                for n in range(1, max_words + 1):
                    seq = toks[i:i + n]
                    if len(seq) < n or "" in seq:
                        break
                    key = " ".join(seq)
                    counts[key] = counts.get(key, 0) + 1
    return {k for k, c in counts.items() if c >= 2}


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


def leak_patterns(names, vocab, phrases):
    """(name, compiled pattern) for the names that would be leaks."""
    out = []
    for n in sorted(names):
        ws = words(n)
        if not ws:
            continue
        if ws[0].lower() in ("the", "a", "an") and len(ws) > 1:
            ws = ws[1:]
        if " ".join(ws).lower() in phrases or re.sub(r"[-\s]+", " ", " ".join(ws)).lower() in vocab:
            continue
        if len(ws) >= 2:
            if n.lower() in vocab or " ".join(ws).lower() in vocab:
                continue
            # Only names that look like names: at least two capitalised words.
            if sum(1 for w in ws if w[:1].isupper()) < 2:
                continue
        else:
            w = ws[0]
            if len(w) < 4 or not w[:1].isupper() or w.lower() in vocab or w.isupper():
                continue
        body = r"\s+".join(re.escape(w) for w in ws)
        out.append((n, re.compile(r"(?<![\w])" + body + r"(?![\w])")))
    return out


def files_to_check():
    for d in CODE_DIRS:
        for dirpath, _, files in os.walk(os.path.join(ROOT, d)):
            for f in files:
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, ROOT)
                if rel in EXEMPT or not f.endswith(TEXT_EXT) or "/fixtures/" in "/" + rel:
                    continue
                yield rel
    for dirpath, _, files in os.walk(os.path.join(ROOT, "assets")):
        for f in files:
            rel = os.path.relpath(os.path.join(dirpath, f), ROOT)
            if rel in SOURCED or not f.endswith((".txt", ".tsv")):
                continue
            yield rel


def main():
    eval_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "eval")
    if not os.path.isdir(eval_dir):
        print(f"dev-leak check: {eval_dir} not found, nothing to check")
        return 0
    phrases = corpus_phrases(os.path.join(eval_dir, "..", "ner-train"))
    patterns = leak_patterns(gold_names(eval_dir), sourced_vocabulary(), phrases)
    # Index patterns by their first word so each file is scanned once per candidate word.
    by_first = {}
    for n, p in patterns:
        by_first.setdefault(words(n)[0], []).append((n, p))
    leaks = []
    for rel in files_to_check():
        try:
            with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
                lines = f.read().split("\n")
        except (OSError, UnicodeDecodeError):
            continue
        for no, line in enumerate(lines, 1):
            present = set(words(line))
            for first in present & by_first.keys():
                for n, p in by_first[first]:
                    if p.search(line):
                        leaks.append(f"{rel}:{no}: development-set name {n!r}")
    for line in leaks:
        print(line)
    print(f"dev-leak check: {len(patterns)} names, {len(leaks)} leaks")
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
