#!/usr/bin/env python3
"""Precision of extraction on BBC, judged by reading: a seeded random sample.

    bench/bbc_judged.py sample [--corpus DIR] [--bin PATH] [--seed N] [--n 100]
        runs `newsgraph extract` over the corpus, draws N relation statements
        and N Company entities at random (seeded), and writes them to
        bench/bbc_judged/relations.tsv and companies.tsv with an empty
        `verdict` column. Verdicts already given to the same statement (same
        article, subject, predicate, object and sentence) or the same company
        name are kept, so a new sample after a rule change only asks about
        what changed.
    bench/bbc_judged.py all --predicates INVESTS_IN,SUPPLIES,PARTNERS_WITH
        writes every statement of those predicates (not a sample) to
        bench/bbc_judged/business.tsv, keeping the verdicts given before, so
        a rule change is judged statement by statement.
    bench/bbc_judged.py score
        prints precision from the verdicts: y (correct), n (wrong); rows
        without a verdict are counted as unjudged (business.tsv too, if
        written).
    bench/bbc_judged.py counts [--corpus DIR] [--bin PATH]
        relation statements per predicate and distinct Company entities.

A verdict is a reader's judgement of the sentence alone: y when the sentence
states the relation (hedged ones included: the flag says so), n otherwise;
for companies, y when the name is a real company (not a person, place,
product, agency or a fragment). The note column says why, for anyone to
re-judge. The corpus is not in the repository: ../shared/corpora/bbc.
Exit codes: 0 ok, 1 error, 2 usage, 77 corpus absent.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "bbc_judged")
REL_FIELDS = ["n", "article", "subject", "predicate", "object", "hedged", "rule", "sentence", "verdict", "note"]
COMP_FIELDS = ["n", "name", "labels", "article", "mention_sentence", "verdict", "note"]


def default_corpus():
    shared = os.environ.get("NEWSGRAPH_SHARED", os.path.join(ROOT, "..", "shared"))
    return os.path.join(shared, "corpora", "bbc")


def extract(corpus, binary):
    if not os.path.isdir(corpus):
        print(f"bbc_judged: corpus not found at {corpus} (set NEWSGRAPH_SHARED or pass --corpus)", file=sys.stderr)
        sys.exit(77)
    proc = subprocess.run([binary, "extract", "--with-text", corpus], capture_output=True, text=True)
    if not proc.stdout:
        print(f"bbc_judged: {binary} extract gave no output: {proc.stderr[:500]}", file=sys.stderr)
        sys.exit(1)
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def context_of(facts, mention):
    """The text around a mention, from the sentence end before it to the one after."""
    raw = (facts.get("text") or "").encode()
    stop, newline = raw.rfind(b". ", 0, mention["start"]), raw.rfind(b"\n", 0, mention["start"])
    begin = max(stop + 2 if stop >= 0 else 0, newline + 1)
    ends = [e for e in (raw.find(b". ", mention["end"]), raw.find(b"\n", mention["end"])) if e >= 0]
    end = min(ends) + 1 if ends else len(raw)
    return " ".join(raw[begin:end].decode(errors="replace").split())


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t"))


def write_tsv(path, fields, rows, header):
    with open(path, "w", newline="") as f:
        for line in header:
            f.write(f"# {line}\n")
        w = csv.DictWriter(f, fieldnames=fields, delimiter="\t", lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: row.get(k, "") for k in fields})


def rel_key(r):
    return (r["article"], r["subject"], r["predicate"], r["object"], r["sentence"])


def statements(facts, corpus):
    """Every relation statement of the facts as a row (article ids made relative to the corpus)."""
    rels = []
    for f in facts:
        f["id"] = os.path.relpath(f["id"], corpus) if os.path.isabs(f["id"]) or f["id"].startswith(".") else f["id"]
        for r in f["relations"]:
            rels.append({"article": f["id"], "subject": r["subject"], "predicate": r["predicate"],
                         "object": r["object"], "hedged": "yes" if r.get("hedged") else "", "rule": r["rule"],
                         "sentence": " ".join(r["sentence"].split())})
    return rels


def keep_verdicts(rows, path):
    """Numbers the rows and copies the verdict of each one judged before in `path`."""
    old = {rel_key(r): r for r in read_tsv(path)}
    for i, r in enumerate(rows, 1):
        r["n"] = i
        if rel_key(r) in old:
            r["verdict"], r["note"] = old[rel_key(r)]["verdict"], old[rel_key(r)]["note"]


def cmd_sample(args):
    facts = extract(args.corpus, args.bin)
    rels, comps = statements(facts, args.corpus), {}
    for f in facts:
        for e in f["entities"]:
            if "Company" in e["labels"] and e["name"] not in comps and e["mentions"]:
                comps[e["name"]] = {"name": e["name"], "labels": ",".join(e["labels"]), "article": f["id"],
                                    "mention_sentence": context_of(f, e["mentions"][0])}
    rng = random.Random(args.seed)
    rel_sample = rng.sample(rels, min(args.n, len(rels)))
    comp_sample = rng.sample(sorted(comps.values(), key=lambda c: c["name"]), min(args.n, len(comps)))
    os.makedirs(OUT, exist_ok=True)
    keep_verdicts(rel_sample, os.path.join(OUT, "relations.tsv"))
    old_c = {c["name"]: c for c in read_tsv(os.path.join(OUT, "companies.tsv"))}
    for i, c in enumerate(comp_sample, 1):
        c["n"] = i
        if c["name"] in old_c:
            c["verdict"], c["note"] = old_c[c["name"]]["verdict"], old_c[c["name"]]["note"]
    header = [f"bench/bbc_judged.py sample --seed {args.seed} --n {args.n}: {len(rels)} relation statements and "
              f"{len(comps)} Company entities in {len(facts)} articles.",
              "verdict: y = the sentence states it, n = it does not (see the script's docstring)."]
    write_tsv(os.path.join(OUT, "relations.tsv"), REL_FIELDS, rel_sample, header)
    write_tsv(os.path.join(OUT, "companies.tsv"), COMP_FIELDS, comp_sample,
              header[:1] + ["verdict: y = a real company, n = not a company (person, place, product, fragment)."])
    unjudged = sum(1 for r in rel_sample if not r.get("verdict")) + sum(1 for c in comp_sample if not c.get("verdict"))
    print(f"wrote {OUT}/relations.tsv and companies.tsv; {unjudged} rows need a verdict")


def cmd_all(args):
    wanted = set(args.predicates.split(","))
    facts = extract(args.corpus, args.bin)
    rows = sorted((r for r in statements(facts, args.corpus) if r["predicate"] in wanted),
                  key=lambda r: (r["predicate"], r["article"], r["subject"], r["object"], r["rule"]))
    path = os.path.join(OUT, "business.tsv")
    keep_verdicts(rows, path)
    header = [f"bench/bbc_judged.py all --predicates {args.predicates}: all {len(rows)} statements of these "
              f"predicates in {len(facts)} articles.",
              "verdict: y = the sentence states it, n = it does not (see the script's docstring)."]
    os.makedirs(OUT, exist_ok=True)
    write_tsv(path, REL_FIELDS, rows, header)
    print(f"wrote {path}; {sum(1 for r in rows if not r.get('verdict'))} rows need a verdict")


def precision(rows, what):
    judged = [r for r in rows if r.get("verdict") in ("y", "n")]
    good = sum(1 for r in judged if r["verdict"] == "y")
    p = good / len(judged) if judged else 0.0
    print(f"{what}: {good}/{len(judged)} correct = {p:.2f} ({len(rows) - len(judged)} unjudged)")
    return judged


def cmd_score(args):
    rels = read_tsv(os.path.join(OUT, "relations.tsv"))
    comps = read_tsv(os.path.join(OUT, "companies.tsv"))
    if not rels and not comps:
        print("bbc_judged: no sample yet (run: bench/bbc_judged.py sample)", file=sys.stderr)
        return 1
    for what, rows in (("relation statements", rels),
                       ("all statements of business.tsv's predicates", read_tsv(os.path.join(OUT, "business.tsv")))):
        if not rows:
            continue
        judged = precision(rows, what)
        by = Counter((r["predicate"], r["verdict"]) for r in judged)
        for p in sorted({p for p, _ in by}):
            print(f"  {p:22} {by[(p, 'y')]}/{by[(p, 'y')] + by[(p, 'n')]}")
    precision(comps, "Company entities")
    return 0


def cmd_counts(args):
    facts = extract(args.corpus, args.bin)
    c = Counter(r["predicate"] for f in facts for r in f["relations"])
    comps = {e["name"] for f in facts for e in f["entities"] if "Company" in e["labels"]}
    print(f"{len(facts)} articles, {sum(c.values())} relation statements, {len(comps)} Company entities")
    for p, n in c.most_common():
        print(f"  {p:22} {n}")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["sample", "all", "score", "counts"])
    ap.add_argument("--corpus", default=default_corpus())
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "cli", "newsgraph"))
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--predicates", default="INVESTS_IN,SUPPLIES,PARTNERS_WITH")
    args = ap.parse_args()
    if args.command in ("sample", "all", "counts") and not os.path.exists(args.bin):
        print(f"bbc_judged: no newsgraph binary at {args.bin} (make build, or pass --bin)", file=sys.stderr)
        return 1
    return {"sample": cmd_sample, "all": cmd_all, "score": cmd_score, "counts": cmd_counts}[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())
