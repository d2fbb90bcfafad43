#!/usr/bin/env python3
"""Generates assets/lexicon/given_names_{female,male}.txt from the 1990 US Census name lists.

Source: the US Census Bureau's 1990 name frequency files (dist.female.first, dist.male.first),
a work of the US federal government (public domain), as shipped in the PyPI package `names`
0.3.0 (MIT). Each output line is a lower-case given name. A name goes to the list of the sex
that bears it at least three times as often (per 100 people of that sex); names borne by both
about equally ("jean", "jordan") go to neither, so they give no gender vote.

Usage:  pip download names==0.3.0 --no-deps && tar xzf names-0.3.0.tar.gz
        python3 scripts/gen_names.py names-0.3.0/names [OUT_DIR]
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "assets", "lexicon")
# Names rarer than this (percent of people of that sex) are left out: the tail of the lists
# is mostly rare spellings, and a short list keeps the binary small.
MIN_PERCENT = 0.002


def read(path):
    out = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            cols = line.split()
            if len(cols) >= 2:
                out[cols[0].lower()] = float(cols[1])
    return out


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "names-0.3.0/names"
    out = sys.argv[2] if len(sys.argv) > 2 else OUT
    female = read(os.path.join(src, "dist.female.first"))
    male = read(os.path.join(src, "dist.male.first"))
    header = ("# {} given names, lower case, most frequent first.\n"
              "# Source: US Census Bureau, 1990 name frequency files (public domain), via the PyPI\n"
              "# package `names` 0.3.0 (MIT). Regenerate: scripts/gen_names.py (see its docstring).\n")
    for sex, mine, other in (("female", female, male), ("male", male, female)):
        names = [n for n, p in sorted(mine.items(), key=lambda kv: (-kv[1], kv[0]))
                 if p >= MIN_PERCENT and p >= 3 * other.get(n, 0.0) and len(n) > 1]
        with open(os.path.join(out, f"given_names_{sex}.txt"), "w", encoding="utf-8") as f:
            f.write(header.format(sex.capitalize()))
            for n in names:
                f.write(n + "\n")
        print(sex, len(names))


if __name__ == "__main__":
    main()
