#!/usr/bin/python3
"""Checks that `kronika-search --exact` phrase totals equal a brute-force count.

The brute force reads the AllSides corpus itself and applies the phrase contract independently
of Kronika's code: ICU word boundaries (PyICU), each word NFKC_Casefold-ed with combining marks
removed and an English possessive dropped; a phrase matches when its words occur consecutively
within the title or within the body (never across them). An article counts once.

usage: bench/phrase_exact.py [--db DIR] [--corpus FILE.jsonl.zst] [--bin build/bin]
Builds the database with kronika-index when DIR does not exist. Needs ../shared (skips cleanly
with a message when it is absent) and python3-icu (scripts/install-deps installs it).
Exit status: 0 all totals equal, 1 some differ, 0 with a message when skipped.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "corpora", "allsides.jsonl.zst")

# Phrases chosen to cover: plain bigrams, stopword-only and stopword-heavy phrases, names with
# possessives, capitalised and lower-case uses, and longer phrases.
PHRASES = [
    "white house", "supreme court", "the state of the union", "health care", "climate change",
    "according to", "said in a statement", "north korea", "united states", "border wall",
    "president donald trump", "fake news", "the affordable care act", "second amendment",
    "hillary clinton", "tax cuts", "on the other hand", "of the", "in the united states",
    "gun control", "black lives matter", "trump administration", "new york times",
    "planned parenthood", "the house of representatives",
]


_NFKC_CF = None
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(word):
    # Unicode's NFKC_Casefold (as ICU implements it): NFKC, case folding, and removal of default
    # ignorable characters such as the soft hyphen that scrapes leave inside words ("Su\xadpreme").
    global _NFKC_CF
    if _NFKC_CF is None:
        import icu
        _NFKC_CF = icu.Normalizer2.getNFKCCasefoldInstance()
    w = _NFKC_CF.normalize(word)
    w = unicodedata.normalize("NFD", w)
    w = "".join(c for c in w if unicodedata.category(c) != "Mn")
    w = unicodedata.normalize("NFC", w).replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w


def words(text, bi):
    import icu
    # ICU offsets count UTF-16 units: slice the ICU string, not the Python one (they differ after
    # characters outside the Basic Multilingual Plane, such as emoji).
    utext = icu.UnicodeString(text)
    bi.setText(utext)
    out = []
    start = bi.first()
    for end in bi:
        if bi.getRuleStatus() >= 100:  # UBRK_WORD_NONE is 0..99
            w = fold(str(utext[start:end])).strip("@")
            if w and any(ch.isalnum() for ch in w) and len(w.encode()) <= 64:
                out.append(w)
        start = end
    return out


def contains(seq, phrase):
    n = len(phrase)
    first = phrase[0]
    for i in range(len(seq) - n + 1):
        if seq[i] == first and seq[i:i + n] == phrase:
            return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default=os.path.join(ROOT, "build", "bench-allsides-db"))
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    args = ap.parse_args()
    if not os.path.exists(args.corpus):
        print(f"phrase_exact: skipped: {args.corpus} not found (needs ../shared)")
        return 0
    try:
        import icu
    except ImportError:
        print("phrase_exact: skipped: python3-icu is not installed (scripts/install-deps)")
        return 0
    if not os.path.isdir(args.db):
        print(f"phrase_exact: indexing {args.corpus} into {args.db} ...", flush=True)
        rc = subprocess.call([os.path.join(args.bin, "kronika-index"), "add", "--no-progress",
                              "--db", args.db, args.corpus])
        if rc not in (0, 1):
            print("phrase_exact: indexing failed", file=sys.stderr)
            return 1

    phrases = [fold(" ".join(words(p, icu.BreakIterator.createWordInstance(icu.Locale.getRoot()))))
               .split(" ") for p in PHRASES]
    counts = [0] * len(phrases)
    bi = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
    proc = subprocess.Popen(["zstd", "-dc", args.corpus], stdout=subprocess.PIPE)
    docs = 0
    for line in proc.stdout:
        rec = json.loads(line)
        title, body = rec.get("title") or "", rec.get("body") or ""
        if not (title.strip() or body.strip()):
            continue
        docs += 1
        fold("")  # loads the normalizer
        # Prefilter on text folded like the words (case, ignorables, combining marks), so it
        # never rejects an article the tokenised check would accept.
        low = _MARKS.sub("", unicodedata.normalize("NFD", _NFKC_CF.normalize(title + "\n" + body)))
        fields = None
        for k, ph in enumerate(phrases):
            if not all(w in low for w in ph):
                continue  # cheap prefilter: every word must occur as a substring
            if fields is None:
                fields = (words(title, bi), words(body, bi))
            if contains(fields[0], ph) or contains(fields[1], ph):
                counts[k] += 1
    proc.wait()

    bad = 0
    print(f"{'phrase':34} {'brute force':>12} {'kronika':>10}")
    for p, want in zip(PHRASES, counts):
        out = subprocess.run([os.path.join(args.bin, "kronika-search"), "--db", args.db,
                              f'"{p}"', "--exact", "--limit", "0", "--format", "json"],
                             capture_output=True, text=True)
        got = json.loads(out.stdout)["total"] if out.stdout else None
        mark = "" if got == want else "   <-- differs"
        bad += got != want
        print(f"{p:34} {want:12d} {got!s:>10}{mark}")
    print(f"{docs} articles; {len(PHRASES) - bad} of {len(PHRASES)} phrase totals equal")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
