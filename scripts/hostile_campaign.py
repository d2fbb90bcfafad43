#!/usr/bin/env python3
"""Hostile-input campaign against a release build of the `dossier` command line.

    cargo build --release --no-default-features
    python3 scripts/hostile_campaign.py target/release/dossier [--files 1000] [--kills 50] [--damage 50]

Three parts, each printing one summary line:
1. files: generated hostile files (binary, empty, huge single lines, deep nesting, repeated
   markup, long unpunctuated "NAME said" runs, non-UTF-8 JSON, NUL bytes, escapes, ...) mixed
   with good ones, each imported on its own: every good file must import, every bad one must get
   a one-line reason, nothing may panic, and the slowest file is reported.
2. kills: an import of many files killed with SIGKILL at a random moment, then checked and
   imported again: the dossier must pass `check` and end with every article exactly once.
3. damage: a page of a closed dossier overwritten with random bytes, then an import tried: it
   must be refused and the file left byte for byte as it was.

Everything is generated here (invented text); nothing is downloaded.
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

GOOD = (
    "Harbour report {i}\nThe harbour board in Lorvik met on Monday. \"We will decide soon,\" "
    "said chair Ada Brenn. Transport minister Olek Varn told reporters the levy would stay. "
    "Dock workers said they would wait for the vote.\n"
)


def hostile(i, rng):
    """One hostile file: (name, bytes, expected to import or not (None: either))."""
    kind = i % 20
    if kind == 0:
        return f"bin{i}.txt", bytes(rng.getrandbits(8) for _ in range(4096)), False
    if kind == 1:
        return f"empty{i}.txt", b"", False
    if kind == 2:
        return f"said{i}.txt", (" ".join(f"Name{j} Surname said" for j in range(60_000))).encode(), None
    if kind == 3:
        return f"cdata{i}.md", b"<![CDATA[" * 50_000, None
    if kind == 4:
        return f"comments{i}.md", b"<!--" * 80_000, None
    if kind == 5:
        return f"brackets{i}.md", b"[" * 100_000 + b"]" * 100_000, None
    if kind == 6:
        return f"deep{i}.html", b"<div>" * 100_000 + b"<p>Deep text.</p>", None
    if kind == 7:
        return f"legacy{i}.json", b'{"title":"Caf\xe9","text":"Caf\xe9 owners met again."}', False
    if kind == 8:
        return f"nul{i}.txt", b"Report\x00with\x00nuls " * 2000, None
    if kind == 9:
        return f"escape{i}.txt", b"Title \x1b]0;owned\x07\nThe council met \x1b[2J again.\n", None
    if kind == 10:
        return f"deepjson{i}.json", b"[" * 100_000 + b"]" * 100_000, False
    if kind == 11:
        return f"script{i}.html", (b"<html><body><script>" + b"x" * 200_000 + b"</script><p>Only a script.</p></body></html>"), None
    if kind == 12:
        return f"longline{i}.txt", b"word " * 2_000_000, None
    if kind == 13:
        return f"quotes{i}.txt", ('"' * 200_000).encode(), None
    if kind == 14:
        return f"utf16_{i}.txt", ("\ufeff" + GOOD.format(i=i)).encode("utf-16-le"), True
    if kind == 15:
        return f"cp1252_{i}.txt", ("Caf\u00e9 report\n" + GOOD.format(i=i)).encode("cp1252"), True
    if kind == 16:
        return f"truncated{i}.html", b"<html><head><title>Cut", None
    if kind == 17:
        return f"caps{i}.txt", (" ".join("WORD" for _ in range(300_000)) + " SAID").encode(), None
    if kind == 18:
        return f"mixed{i}.html", ("<p>" + "a<b>b</b>" * 100_000 + "</p>").encode(), None
    return f"good{i}.txt", GOOD.format(i=i).encode(), True


def run(binary, db, *args, timeout=600):
    t = time.monotonic()
    p = subprocess.run([binary, "--db", db, *args], capture_output=True, timeout=timeout)
    return p, time.monotonic() - t


def files_part(binary, work, n, rng):
    db = os.path.join(work, "files.dossier")
    slowest, panics, bad_reports, missing = (0.0, ""), 0, 0, 0
    for i in range(n):
        name, data, should = hostile(i, rng)
        path = os.path.join(work, "in", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        p, took = run(binary, db, "import", path)
        out = p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")
        if took > slowest[0]:
            slowest = (took, name)
        if p.returncode == 101 or "panicked" in out:
            panics += 1
            print("PANIC", name, out[:300])
        lines = [l for l in p.stdout.decode("utf-8", "replace").splitlines() if name in l]
        if len(lines) != 1:
            bad_reports += 1
            print("REPORT", name, lines[:3], p.stderr[:200])
        if should is True and p.returncode != 0:
            missing += 1
            print("NOT IMPORTED", name, out[:300])
        if should is False and p.returncode == 0:
            missing += 1
            print("NOT REFUSED", name, out[:300])
        os.remove(path)
    check, _ = run(binary, db, "check")
    print(
        f"files: {n} files, {panics} panics, {bad_reports} without exactly one report line, "
        f"{missing} wrongly imported or refused, slowest {slowest[0]:.2f} s ({slowest[1]}), "
        f"check {'ok' if check.returncode == 0 else 'FAILED'}"
    )
    return panics + bad_reports + missing + (check.returncode != 0)


def kills_part(binary, work, n, rng):
    folder = os.path.join(work, "many")
    os.makedirs(folder, exist_ok=True)
    total = 1500
    for i in range(total):
        with open(os.path.join(folder, f"a{i:04}.txt"), "w") as f:
            f.write(GOOD.format(i=i) + ("Extra line %d. " % i) * (i % 30))
    failures = 0
    for k in range(n):
        db = os.path.join(work, f"kill{k}.dossier")
        proc = subprocess.Popen([binary, "--db", db, "import", folder],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        check, _ = run(binary, db, "check")
        again, _ = run(binary, db, "import", folder)
        arts, _ = run(binary, db, "articles", "--json")
        count = arts.stdout.count(b'"content_hash"') or arts.stdout.count(b'"id"')
        ok = check.returncode == 0 and again.returncode == 0 and count == total
        if not ok:
            failures += 1
            print("KILL TRIAL FAILED", k, check.stderr[:200], again.returncode, count)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
    print(f"kills: {n} kills in mid-import, {failures} trials with damage, loss or duplicates")
    return failures


def damage_part(binary, work, n, rng):
    base = os.path.join(work, "base.dossier")
    folder = os.path.join(work, "many")
    run(binary, base, "import", folder)
    size = os.path.getsize(base)
    pages = size // 16384
    extra = os.path.join(work, "extra.txt")
    with open(extra, "w") as f:
        f.write("A new report\nThe ferry to Skarn reopened on Monday.\n")
    written = 0
    for t in range(n):
        db = os.path.join(work, f"damaged{t}.dossier")
        shutil.copyfile(base, db)
        page = rng.randrange(1, pages)
        with open(db, "r+b") as f:
            f.seek(page * 16384)
            f.write(bytes(rng.getrandbits(8) for _ in range(16384)))
        with open(db, "rb") as f:
            before = f.read()
        p, _ = run(binary, db, "import", extra)
        with open(db, "rb") as f:
            after = f.read()
        if after != before or p.returncode == 0:
            written += 1
            print("WRITTEN INTO DAMAGED", t, page, p.returncode, p.stderr[:200])
        os.remove(db)
    print(f"damage: {n} damaged-page trials over {pages} pages, {written} writes into a damaged dossier")
    return written


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--damage", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    binary = os.path.abspath(a.binary)
    with tempfile.TemporaryDirectory() as work:
        env_cache = os.path.join(work, "cache")
        os.environ["DOSSIER_CACHE_DIR"] = env_cache
        bad = 0
        if a.files:
            bad += files_part(binary, work, a.files, rng)
        if a.kills or a.damage:
            if a.kills:
                bad += kills_part(binary, work, a.kills, rng)
            if a.damage:
                if not a.kills:
                    kills_part(binary, work, 0, rng)
                bad += damage_part(binary, work, a.damage, rng)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
