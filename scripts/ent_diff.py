#!/usr/bin/env python3
"""Shows entity misses and false alarms of a system output against a gold set (dev helper).

Usage: python3 scripts/ent_diff.py SETDIR SYSDIR
Prints, per article, gold entities not matched exactly (-) and system entities not in gold (+).
Coarse gold (CoNLL) merges GPE into LOC on both sides, as the scorer does.
"""
import glob
import json
import os
import sys


def main():
    setdir, sysdir = sys.argv[1], sys.argv[2]
    for gpath in sorted(glob.glob(os.path.join(setdir, "gold", "*.json"))):
        gold = json.load(open(gpath))
        if "entities" not in gold.get("annotated", ["entities"]):
            continue
        coarse = gold.get("loc_granularity") == "coarse"
        fix = (lambda t: "LOC" if coarse and t == "GPE" else t)
        sp = os.path.join(sysdir, os.path.basename(gpath))
        sysd = json.load(open(sp)) if os.path.exists(sp) else {"entities": []}
        g = {(e["start"], e["end"], fix(e["type"])): e["text"] for e in gold["entities"]}
        s = {(e["start"], e["end"], fix(e["type"])): e["text"] for e in sysd["entities"]}
        print("==", os.path.basename(gpath))
        for k in sorted(set(g) - set(s)):
            print("  -", k[2], repr(g[k]))
        for k in sorted(set(s) - set(g)):
            print("  +", k[2], repr(s[k]))


if __name__ == "__main__":
    main()
