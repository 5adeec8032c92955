#!/usr/bin/env python3
"""The rule writer's scoreboard, and the CI ratchet on extraction quality.

Runs `newsgraph extract` over the development set (39 real articles with
hand-made gold, ../shared/dev, never copied into this repository) and the
seed article (../shared/seed), scores the facts with the dev set's own
score.py, imported from its path at run time (one definition of scoring: the
totals are score.py's numbers), and prints

  - a table per relation predicate (tp, fp, fn, P, R, F1; USES is scored as
    the inverse PROVIDES_SERVICES_TO and counted there), the totals for
    relations and entities, the seed's line, and score.py's own summary line;
  - each false negative with the gold evidence sentence and article, and each
    false positive with the extracted sentence, article and rule id, by
    predicate (--misses PRED for one, --quiet for the tables alone);

then checks the scores against the floors in floor.txt (beside this script).

    make eval                                   # builds the CLI, then runs this
    python3 extract/eval/eval.py [--bin build/cli/newsgraph] [--rules DIR]
        [--misses PRED] [--quiet] [--markdown] [--json] [--floors FILE]

The shared directory is $NEWSGRAPH_SHARED, else ../shared beside the
repository. --markdown prints the tables as Markdown (for extract/README.md),
--json a summary; both keep stdout to that alone. Ratchet messages go to
stderr.

Exit codes: 0 every score at or above its floor; 1 a score below its floor;
2 the run failed (no binary, an article without facts, score.py missing or
disagreeing with this script's breakdown); 77 the dev set is absent (ctest
reports the test as skipped).
"""
import argparse
import ast
import collections
import importlib.util
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FLOOR_NAMES = ("dev_relations_f1", "dev_relations_precision", "dev_entities_f1", "seed_relations_f1")
RAISE_MARGIN = 0.02  # a score this far above its floor is worth locking in


class EvalError(Exception):
    """The run failed; exit 2 with the message."""


def shared_dir():
    env = os.environ.get("NEWSGRAPH_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def load_scorer(path):
    if not path.is_file():
        raise EvalError(f"no scorer at {path}")
    spec = importlib.util.spec_from_file_location("dev_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_extract(binary, rules, articles):
    """Facts of each article, by file name; one process over all of them."""
    if not Path(binary).is_file():
        raise EvalError(f"no newsgraph binary at {binary} (make build, or pass --bin)")
    cmd = [str(binary), "extract"] + (["--rules", str(rules)] if rules else []) + [str(a) for a in articles]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):  # 1: some input was bad, the rest printed
        raise EvalError(f"{' '.join(cmd[:4])} ... exited {proc.returncode}:\n{proc.stderr.strip()}")
    facts = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            f = json.loads(line)
            facts[Path(f["id"]).name] = f
    missing = [a.name for a in articles if a.name not in facts]
    if missing:
        which = "any article" if not facts else ", ".join(missing)
        raise EvalError(f"extract (exit {proc.returncode}) printed no facts for {which}:\n{proc.stderr.strip()}")
    return facts


def write_jsonl(path, objs):
    with open(path, "w", encoding="utf-8") as out:
        for o in objs:
            out.write(json.dumps(o) + "\n")
    return str(path)


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fp_keys(details, facts_path):
    """score.py's keys of the false positive relations in its details lines
    ("  FP rel ('subject', 'PREDICATE', 'object') (FACTS_PATH)")."""
    prefix, suffix = "  FP rel ", f" ({facts_path})"
    return [ast.literal_eval(l[len(prefix):-len(suffix)])
            for l in details if l.startswith(prefix) and l.endswith(suffix)]


class Article:
    """One article's misses, read off score.py's details for it alone."""

    def __init__(self, scorer, gold_path, facts_path, tmp):
        self.name = Path(gold_path).stem
        _, _, counts, details = scorer.score([(gold_path, facts_path)])
        req_e, _, self.required, _ = scorer.load_gold(gold_path)
        lines = collections.Counter(details)
        self.fn_entities = sum(n for l, n in lines.items() if l.startswith("  FN entity "))
        self.fp_entities = sum(n for l, n in lines.items() if l.startswith("  FP entity "))
        self.tp_entities = len(req_e) - self.fn_entities
        self.missed = []  # gold relations not found
        for r in self.required:
            line = f"  FN rel {r['subject']} {r['predicate']} {r['object']} ({gold_path})"
            if lines[line]:
                lines[line] -= 1
                self.missed.append(r)
        self.fp_keys = fp_keys(details, facts_path)
        if len(self.missed) != counts[2] or len(self.fp_keys) != counts[1]:
            raise EvalError(f"{gold_path}: score.py's details do not add up to its counts {counts}")
        # the extracted relations behind each false positive: a relation's key
        # is its FP line when scored alone against the gold without relations
        gold = json.load(open(gold_path, encoding="utf-8"))
        gold["relations"] = [] if isinstance(gold["relations"], list) else {"required": [], "optional": []}
        empty = tmp / f"{self.name}.norel.json"
        empty.write_text(json.dumps(gold), encoding="utf-8")
        one = str(tmp / f"{self.name}.rel.jsonl")
        self.sources = collections.defaultdict(list)
        for rel in facts_of(facts_path).get("relations", []):
            if not rel.get("negated"):
                write_jsonl(one, [{"relations": [rel]}])
                for key in fp_keys(scorer.score([(str(empty), one)])[3], one):
                    self.sources[key].append(rel)


def facts_of(path):
    with open(path, encoding="utf-8") as f:
        return json.loads(f.readline())


def canonical_predicate(scorer, rel):
    return scorer.canon_rel(rel["subject"], rel["predicate"], rel["object"])[1]


def score_dev(scorer, dev, facts, tmp):
    golds = sorted((dev / "gold").glob("*.json"))
    pairs, articles = [], []
    for g in golds:
        name = json.load(open(g, encoding="utf-8"))["article"]
        if name not in facts:
            raise EvalError(f"{g} is the gold of {name}, which is not in {dev / 'articles'}")
        pairs.append((str(g), write_jsonl(tmp / f"{g.stem}.jsonl", [facts[name]])))
        articles.append(Article(scorer, *pairs[-1], tmp))
    ent, rel, counts, _ = scorer.score(pairs)  # the headline: score.py's own numbers
    table = collections.defaultdict(lambda: [0, 0, 0])
    for a in articles:
        for r in a.required:
            table[canonical_predicate(scorer, r)][0] += 1
        for r in a.missed:
            row = table[canonical_predicate(scorer, r)]
            row[0] -= 1
            row[2] += 1
        for k in a.fp_keys:
            table[k[1]][1] += 1
    summed = tuple(sum(row[i] for row in table.values()) for i in range(3))
    if summed != tuple(counts):
        raise EvalError(f"per-predicate counts {summed} differ from score.py's {tuple(counts)}")
    ent_counts = tuple(sum(getattr(a, n) for a in articles) for n in ("tp_entities", "fp_entities", "fn_entities"))
    if any(abs(x - y) > 1e-9 for x, y in zip(prf(*ent_counts), ent)):
        raise EvalError(f"entity counts {ent_counts} do not give score.py's {ent}")
    return {"articles": articles, "entities": ent, "entity_counts": ent_counts, "relations": rel,
            "counts": tuple(counts), "predicates": dict(sorted(table.items()))}


def score_seed(scorer, seed, facts, tmp):
    path = write_jsonl(tmp / "seed.jsonl", [facts])
    ent, rel, counts, _ = scorer.score([(str(seed / "gold.json"), path)])
    return {"entities": ent, "relations": rel, "counts": tuple(counts)}


def summary_line(s):
    (ep, er, ef), (rp, rr, rf) = s["entities"], s["relations"]
    return (f"entities P={ep:.2f} R={er:.2f} F1={ef:.2f}  relations P={rp:.2f} R={rr:.2f} F1={rf:.2f} "
            f"(tp,fp,fn)={s['counts']}")


def table_rows(dev, seed):
    rows = [(p, *c, *prf(*c)) for p, c in dev["predicates"].items()]
    rows.append(("all relations", *dev["counts"], *dev["relations"]))
    rows.append(("entities", *dev["entity_counts"], *dev["entities"]))
    if seed:
        rows.append(("seed relations", *seed["counts"], *seed["relations"]))
    return rows


def print_tables(dev, seed, markdown):
    rows = table_rows(dev, seed)
    if markdown:
        print("| predicate | tp | fp | fn | P | R | F1 |\n|---|--:|--:|--:|--:|--:|--:|")
        for name, tp, fp, fn, p, r, f in rows:
            bold = "**" if name in ("all relations", "entities", "seed relations") else ""
            print(f"| {bold}{name}{bold} | {tp} | {fp} | {fn} | {p:.2f} | {r:.2f} | {f:.2f} |")
        return
    print(f"{'predicate':<22}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>7}{'R':>7}{'F1':>7}")
    for i, (name, tp, fp, fn, p, r, f) in enumerate(rows):
        if i == len(dev["predicates"]):
            print("-" * 58)
        print(f"{name:<22}{tp:>5}{fp:>5}{fn:>5}{p:>7.2f}{r:>7.2f}{f:>7.2f}")
    print(f"\nscore.py, dev:  {summary_line(dev)}")
    if seed:
        print(f"score.py, seed: {summary_line(seed)}")


def print_misses(scorer, dev, only):
    by_pred = collections.defaultdict(lambda: ([], []))
    for a in dev["articles"]:
        for r in a.missed:
            by_pred[canonical_predicate(scorer, r)][0].append((a.name, r))
        for k in a.fp_keys:
            by_pred[k[1]][1].append((a.name, k, a.sources.get(k, [])))
    for pred in sorted(by_pred):
        if only and pred != only:
            continue
        fns, fps = by_pred[pred]
        print(f"\n== {pred}: {len(fns)} false negatives, {len(fps)} false positives")
        for name, r in fns:
            hedged = " (hedged)" if r.get("hedged") else ""
            print(f"  FN {name}: {r['subject']} {r['predicate']} {r['object']}{hedged}\n      | {r.get('evidence', '')}")
        for name, key, rels in fps:
            if not rels:  # cannot happen while score.py keys each relation alone as it does in bulk
                print(f"  FP {name}: {key} (extracted relation not identified)")
            for r in rels:
                flags = f"rule {r.get('rule', '?')}, confidence {r.get('confidence', '?')}"
                flags += ", hedged" if r.get("hedged") else ""
                print(f"  FP {name}: {r['subject']} {r['predicate']} {r['object']} [{flags}]\n      | {r.get('sentence', '')}")


def read_floors(path):
    floors = {}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2 or parts[0] not in FLOOR_NAMES:
            raise EvalError(f"{path}:{n}: expected one of {', '.join(FLOOR_NAMES)} and a number")
        floors[parts[0]] = float(parts[1])
    return floors


def check_floors(scores, floors, path):
    """Messages on stderr; True when every measured score is at or above its floor."""
    sys.stdout.flush()
    ok = True
    for name, floor in floors.items():
        if name not in scores:
            print(f"ratchet: {name} not measured (no seed?), floor {floor:.2f} not checked", file=sys.stderr)
            continue
        value = scores[name]
        if value < floor - 1e-9:
            ok = False
            print(f"ratchet: FAIL {name} = {value:.4f} is below its floor {floor:.2f} ({path})", file=sys.stderr)
        elif math.floor(value * 100 + 1e-9) / 100 >= floor + RAISE_MARGIN - 1e-9:
            print(f"ratchet: {name} = {value:.4f} is well above its floor {floor:.2f}: "
                  f"raise it to {math.floor(value * 100 + 1e-9) / 100:.2f} in {path}", file=sys.stderr)
    if ok:
        print(f"ratchet: every score at or above its floor ({path})", file=sys.stderr)
    return ok


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=str(REPO / "build/cli/newsgraph"), help="newsgraph binary")
    ap.add_argument("--rules", help="rule directory passed to `extract --rules`")
    ap.add_argument("--floors", default=str(Path(__file__).resolve().parent / "floor.txt"))
    ap.add_argument("--misses", metavar="PRED", help="list the misses of this predicate only")
    ap.add_argument("--quiet", action="store_true", help="tables only, no misses")
    ap.add_argument("--markdown", action="store_true", help="the tables in Markdown, nothing else")
    ap.add_argument("--json", action="store_true", help="a JSON summary, nothing else")
    args = ap.parse_args(argv)

    shared = shared_dir()
    dev, seed = shared / "dev", shared / "seed"
    if not (dev / "gold").is_dir():
        print("skipped: ../shared/dev not found (set NEWSGRAPH_SHARED)")
        return 77
    try:
        scorer = load_scorer(dev / "score.py")
        floors = read_floors(args.floors)
        articles = sorted((dev / "articles").glob("*.txt"))
        has_seed = (seed / "gold.json").is_file() and (seed / "article.txt").is_file()
        facts = run_extract(args.bin, args.rules, articles + ([seed / "article.txt"] if has_seed else []))
        with tempfile.TemporaryDirectory(prefix="newsgraph-eval-") as tmp:
            d = score_dev(scorer, dev, facts, Path(tmp))
            s = score_seed(scorer, seed, facts["article.txt"], Path(tmp)) if has_seed else None
    except EvalError as e:
        print(f"eval: {e}", file=sys.stderr)
        return 2

    scores = {"dev_relations_f1": d["relations"][2], "dev_relations_precision": d["relations"][0],
              "dev_entities_f1": d["entities"][2]}
    if s:
        scores["seed_relations_f1"] = s["relations"][2]
    if args.json:
        rows = {name: dict(zip(("tp", "fp", "fn", "precision", "recall", "f1"), vals))
                for name, *vals in table_rows(d, s)}
        print(json.dumps({"dev": str(dev), "articles": len(d["articles"]), "rows": rows, "scores": scores,
                          "floors": read_floors(args.floors)}, indent=1))
    elif args.markdown:
        print_tables(d, s, markdown=True)
    else:
        print(f"dev: {len(d['articles'])} articles in {dev}; binary {args.bin}; rules {args.rules or 'bundled'}\n")
        print_tables(d, s, markdown=False)
        if not args.quiet:
            only = args.misses and canonical_predicate(scorer, {"subject": "", "predicate": args.misses.upper(), "object": ""})
            print_misses(scorer, d, only)
    return 0 if check_floors(scores, floors, args.floors) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
