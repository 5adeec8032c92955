#!/usr/bin/env python3
"""Score `newsgraph extract` on relation test rows, per predicate.

    tests/score_sentences.py [--cli PATH] [--rules DIR] [-v] FILE_OR_DIR...

A FILE is a sentence table in the format of tests/data/relation_sentences.tsv
(predicate TAB sentence TAB expected). A DIR holds NAME.txt articles with
NAME.expected files (format in tests/data/business_articles/README.md).

Scoring is that of tests/relation_sentences_test.cc: for a row, the relations
of the row's predicate that the extractor finds are compared with the
expected ones by name as printed (the extractor prints gazetteer canonical
names); PARTNERS_WITH without direction; a USES relation, should a rule file
emit one, counts as the inverse PROVIDES_SERVICES_TO. Hedging is not part of
precision and recall: for the relations found and expected, the script
reports how many carry the expected hedged flag.

It runs the binary (default build/cli/newsgraph, with its bundled rules, or
--rules DIR) once over a temporary directory holding one file a row,
and prints, per predicate: rows, rows exactly right, true and false
positives, misses, precision, recall and hedge agreement. -v lists each
wrong row. The exit code is 0 whatever the scores: this measures, it does
not judge.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def key(predicate, s, o):
    if predicate == "USES":
        predicate, s, o = "PROVIDES_SERVICES_TO", o, s
    if predicate == "PARTNERS_WITH" and o < s:
        s, o = o, s
    return (s, predicate, o)


def parse_expected(items):
    """'S>P>O~' strings -> {key: hedged}."""
    out = {}
    for item in items:
        item = item.strip()
        if not item or item == "-":
            continue
        hedged = item.endswith("~")
        item = item.rstrip("~")
        s, p, o = item.split(">")
        out[key(p, s, o)] = hedged
    return out


def load_table(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            predicate, sentence, expected = line.split("\t")
            cases.append({"where": f"{path}:{n}", "predicates": {predicate}, "text": sentence,
                          "expected": parse_expected(expected.split(";"))})
    return cases


def load_articles(path):
    cases = []
    for name in sorted(os.listdir(path)):
        if not name.endswith(".txt"):
            continue
        base = os.path.join(path, name[:-4])
        with open(base + ".txt", encoding="utf-8") as f:
            text = f.read()
        predicates, lines = set(), []
        with open(base + ".expected", encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line.startswith("# predicates:"):
                    predicates |= {p.strip() for p in line.split(":", 1)[1].split(",") if p.strip()}
                elif line and not line.startswith("#"):
                    lines.append(line)
        cases.append({"where": base + ".txt", "predicates": predicates, "text": text,
                      "expected": parse_expected(lines)})
    return cases


def extract(cli, rules, cases):
    with tempfile.TemporaryDirectory() as tmp:
        for i, case in enumerate(cases):
            with open(os.path.join(tmp, f"{i:06d}.txt"), "w", encoding="utf-8") as f:
                f.write(case["text"])
        command = [cli, "extract", "--no-memory"] + (["--rules", rules] if rules else []) + [tmp]
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"{cli} extract failed ({run.returncode}): {run.stderr.strip()}")
        found = {}
        for line in run.stdout.splitlines():
            facts = json.loads(line)
            found[int(os.path.basename(facts["id"])[:-4])] = facts["relations"]
    return [found.get(i, []) for i in range(len(cases))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", default=os.path.join(ROOT, "build", "cli", "newsgraph"))
    ap.add_argument("--rules", help="rule directory (default: the binary's bundled rules)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list each wrong row")
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()

    cases = []
    for path in args.inputs:
        cases += load_articles(path) if os.path.isdir(path) else load_table(path)
    results = extract(args.cli, args.rules, cases)

    Score = lambda: {"rows": 0, "right": 0, "tp": 0, "fp": 0, "fn": 0, "hedge_ok": 0}
    scores = collections.defaultdict(Score)
    wrong = []
    for case, relations in zip(cases, results):
        got = {}
        for r in relations:
            k = key(r["predicate"], r["subject"], r["object"])
            if k[1] in case["predicates"]:
                got[k] = got.get(k, False) or bool(r.get("hedged"))
        for predicate in sorted(case["predicates"]):
            want = {k: h for k, h in case["expected"].items() if k[1] == predicate}
            have = {k: h for k, h in got.items() if k[1] == predicate}
            s = scores[predicate]
            s["rows"] += 1
            tp = want.keys() & have.keys()
            s["tp"] += len(tp)
            s["fp"] += len(have.keys() - want.keys())
            s["fn"] += len(want.keys() - have.keys())
            s["hedge_ok"] += sum(want[k] == have[k] for k in tp)
            if want.keys() == have.keys():
                s["right"] += 1
            else:
                wrong.append((case["where"], predicate, sorted(want.keys() - have.keys()),
                              sorted(have.keys() - want.keys())))

    print(f"{'predicate':22} {'rows':>5} {'right':>5} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>5} {'rec':>5} {'hedge':>7}")
    total = Score()
    for predicate in sorted(scores):
        s = scores[predicate]
        for k in total:
            total[k] += s[k]
        print_row(predicate, s)
    print_row("all", total)
    if args.verbose:
        for where, predicate, missing, extra in wrong:
            print(f"\n{where} {predicate}")
            for k in missing:
                print("  missing " + ">".join(k))
            for k in extra:
                print("  extra   " + ">".join(k))


def print_row(name, s):
    prec = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
    rec = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
    hedge = f"{s['hedge_ok']}/{s['tp']}"
    print(f"{name:22} {s['rows']:5} {s['right']:5} {s['tp']:4} {s['fp']:4} {s['fn']:4} {prec:5.2f} {rec:5.2f} {hedge:>7}")


if __name__ == "__main__":
    main()
