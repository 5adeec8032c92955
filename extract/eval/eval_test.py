#!/usr/bin/env python3
"""Tests of eval.py on synthetic articles, gold and facts written to a temp dir
(no dev data): per-predicate counts, a false positive listed with its rule id,
the totals equal to score.py's own line, the skip exit code, and the ratchet.

    python3 extract/eval/eval_test.py        # ctest: extract_eval_script

The facts come from a stand-in `newsgraph` (a script printing prepared facts),
scored by the real ../shared/dev/score.py when it is there, else by a small
stand-in with its interface and its lines (exact names only), so this test
runs, and checks eval.py, without the shared directory.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVAL = HERE / "eval.py"
REAL_SCORER = Path(os.environ.get("NEWSGRAPH_SHARED", HERE.parents[2] / "shared")) / "dev" / "score.py"

STAND_IN_SCORER = '''
import json, re, sys
def norm(s): return re.sub(r"[^a-z0-9]", "", s.lower())
def canon_rel(s, p, o):
    p = p.upper()
    return (norm(o), "PROVIDES_SERVICES_TO", norm(s)) if p == "USES" else (norm(s), p, norm(o))
def load_gold(path):
    g = json.load(open(path))
    return g["entities"], [], [r for r in g["relations"] if not r.get("optional")], []
def score(pairs):
    e = [0, 0, 0]; c = [0, 0, 0]; details = []
    for gold_path, facts_path in pairs:
        ents, _, rels, _ = load_gold(gold_path)
        skip = set(json.load(open(gold_path)).get("unannotated", []))
        facts = [json.loads(l) for l in open(facts_path) if l.strip()]
        got_e = {norm(x["name"]): x for f in facts for x in f.get("entities", [])}
        got = {canon_rel(r["subject"], r["predicate"], r["object"]) for f in facts for r in f.get("relations", [])}
        for n, x in got_e.items():
            if n not in {norm(g["name"]) for g in ents}:
                e[1] += 1; details.append(f"  FP entity {x['name']} ({facts_path})")
        for g in ents:
            if norm(g["name"]) in got_e: e[0] += 1
            else: e[2] += 1; details.append(f"  FN entity {g['name']} ({gold_path})")
        used = set()
        for r in rels:
            k = canon_rel(r["subject"], r["predicate"], r["object"])
            if k in got: c[0] += 1; used.add(k)
            else: c[2] += 1; details.append(f"  FN rel {r['subject']} {r['predicate']} {r['object']} ({gold_path})")
        for k in got - used:
            if k[1] not in skip: c[1] += 1; details.append(f"  FP rel {k} ({facts_path})")
    def prf(tp, fp, fn):
        p = tp / (tp + fp) if tp + fp else 0.0; r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)
    return prf(*e), prf(*c), tuple(c), details
if __name__ == "__main__":
    a = sys.argv[1:]
    (ep, er, ef), (rp, rr, rf), counts, _ = score(list(zip(a[0::2], a[1::2])))
    print(f"entities P={ep:.2f} R={er:.2f} F1={ef:.2f}  relations P={rp:.2f} R={rr:.2f} F1={rf:.2f} (tp,fp,fn)={counts}")
'''

# x01: BANS found, SUPPLIES missed, INVESTS_IN wrong (rule invest.bad), BASED_IN unannotated.
# x02: INVESTS_IN found, ACQUIRES wrong (rule acquire.bad), USES found as PROVIDES_SERVICES_TO.
ARTICLES = {
    "x01": {
        "gold": {"article": "x01.txt", "unannotated": ["BASED_IN", "PART_OF"],
                 "entities": [{"name": "Acme", "type": "Company", "mentions": ["Acme"]},
                              {"name": "Beta", "type": "Company", "mentions": ["Beta"]},
                              {"name": "United States", "type": "Country", "mentions": ["United States"]}],
                 "relations": [{"subject": "United States", "predicate": "BANS", "object": "Acme",
                                "evidence": "The United States banned Acme."},
                               {"subject": "Acme", "predicate": "SUPPLIES", "object": "Beta",
                                "evidence": "Acme sells chips to Beta."}]},
        "relations": [("United States", "BANS", "Acme", "bans.verb", "The United States banned Acme."),
                      ("Acme", "BASED_IN", "United States", "based.x", "The United States banned Acme."),
                      ("Acme", "INVESTS_IN", "Beta", "invest.bad", "Acme sells chips to Beta.")],
    },
    "x02": {
        "gold": {"article": "x02.txt", "unannotated": ["BASED_IN", "PART_OF"],
                 "entities": [{"name": "Beta", "type": "Company", "mentions": ["Beta"]},
                              {"name": "Gamma", "type": "Investor", "mentions": ["Gamma"]},
                              {"name": "Cloudco", "type": "Provider", "mentions": ["Cloudco"]}],
                 "relations": [{"subject": "Gamma", "predicate": "INVESTS_IN", "object": "Beta",
                                "evidence": "Gamma invested in Beta."},
                               {"subject": "Beta", "predicate": "USES", "object": "Cloudco",
                                "evidence": "Beta runs on Cloudco."}]},
        "relations": [("Gamma", "INVESTS_IN", "Beta", "invest.verb", "Gamma invested in Beta."),
                      ("Cloudco", "PROVIDES_SERVICES_TO", "Beta", "provide.run_on", "Beta runs on Cloudco."),
                      ("Beta", "ACQUIRES", "Gamma", "acquire.bad", "Gamma invested in Beta.")],
    },
}
SEED_GOLD = {"entities": [{"name": "Acme", "mentions": ["Acme"]}],
             "relations": [{"subject": "Acme", "predicate": "SUPPLIES", "object": "Beta", "evidence": "x"}]}
SEED_RELATIONS = [("Acme", "SUPPLIES", "Beta", "supply.verb", "Acme supplies Beta.")]

FAKE_NEWSGRAPH = '''#!{python}
# Stands in for `newsgraph extract [--rules DIR] FILE...`: prints FACTS/<name>.json for each FILE.
import json, os, sys
from pathlib import Path
paths = [a for a in sys.argv[2:] if not a.startswith("--")]
for p in paths:
    f = json.load(open(Path({facts!r}) / (Path(p).stem + ".json")))
    f["id"] = p
    print(json.dumps(f))
'''


def facts_of(name, gold, relations):
    ents = [{"name": e["name"], "labels": [e.get("type", "Company")]} for e in gold["entities"]]
    rels = [{"subject": s, "predicate": p, "object": o, "rule": rule, "sentence": sent, "confidence": 0.85,
             "hedged": False} for s, p, o, rule, sent in relations]
    return {"id": name, "entities": ents, "relations": rels}


class EvalTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="newsgraph-eval-test-"))
        self.addCleanup(shutil.rmtree, self.tmp)
        dev, seed, facts = self.tmp / "shared/dev", self.tmp / "shared/seed", self.tmp / "facts"
        for d in (dev / "articles", dev / "gold", seed, facts):
            d.mkdir(parents=True)
        if REAL_SCORER.is_file():
            shutil.copy(REAL_SCORER, dev / "score.py")
        else:
            (dev / "score.py").write_text(STAND_IN_SCORER)
        for name, a in ARTICLES.items():
            (dev / "articles" / f"{name}.txt").write_text("title: synthetic\n\nsynthetic text\n")
            (dev / "gold" / f"{name}.json").write_text(json.dumps(a["gold"]))
            (facts / f"{name}.json").write_text(json.dumps(facts_of(name, a["gold"], a["relations"])))
        (seed / "article.txt").write_text("seed\n")
        (seed / "gold.json").write_text(json.dumps(SEED_GOLD))
        (facts / "article.json").write_text(json.dumps(facts_of("article", SEED_GOLD, SEED_RELATIONS)))
        self.bin = self.tmp / "newsgraph"
        self.bin.write_text(FAKE_NEWSGRAPH.format(python=sys.executable, facts=str(facts)))
        self.bin.chmod(0o755)
        self.floors = self.tmp / "floor.txt"
        self.write_floors(0.5, 0.5, 0.5, 1.0)
        self.dev, self.facts = dev, facts

    def write_floors(self, rel_f1, rel_p, ent_f1, seed_f1):
        self.floors.write_text(f"# test floors\ndev_relations_f1 {rel_f1}\ndev_relations_precision {rel_p}\n"
                               f"dev_entities_f1 {ent_f1}\nseed_relations_f1 {seed_f1}  # seed\n")

    def run_eval(self, *args, shared=None):
        env = dict(os.environ, NEWSGRAPH_SHARED=str(shared or self.tmp / "shared"))
        return subprocess.run([sys.executable, str(EVAL), "--bin", str(self.bin), "--floors", str(self.floors),
                               *args], capture_output=True, text=True, env=env)

    def test_per_predicate_counts(self):
        out = self.run_eval("--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        rows = json.loads(out.stdout)["rows"]
        counts = {name: (r["tp"], r["fp"], r["fn"]) for name, r in rows.items()}
        self.assertEqual(counts, {
            "ACQUIRES": (0, 1, 0), "BANS": (1, 0, 0), "INVESTS_IN": (1, 1, 0), "PROVIDES_SERVICES_TO": (1, 0, 0),
            "SUPPLIES": (0, 0, 1), "all relations": (3, 2, 1), "entities": (6, 0, 0), "seed relations": (1, 0, 0)})
        self.assertAlmostEqual(rows["all relations"]["precision"], 3 / 5)
        self.assertAlmostEqual(rows["all relations"]["f1"], 2 * 0.6 * 0.75 / 1.35)

    def test_misses_list_rule_and_sentences(self):
        out = self.run_eval()
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("== ACQUIRES: 0 false negatives, 1 false positives", out.stdout)
        self.assertIn("FP x02: Beta ACQUIRES Gamma [rule acquire.bad, confidence 0.85]\n"
                      "      | Gamma invested in Beta.", out.stdout)
        self.assertIn("FP x01: Acme INVESTS_IN Beta [rule invest.bad", out.stdout)
        self.assertIn("FN x01: Acme SUPPLIES Beta\n      | Acme sells chips to Beta.", out.stdout)
        self.assertNotIn("BASED_IN", out.stdout)  # unannotated: neither counted nor listed
        only = self.run_eval("--misses", "acquires").stdout
        self.assertIn("acquire.bad", only)
        self.assertNotIn("invest.bad", only)
        quiet = self.run_eval("--quiet").stdout
        self.assertIn("all relations", quiet)
        self.assertNotIn("acquire.bad", quiet)

    def test_totals_are_score_py_line(self):
        out = self.run_eval("--quiet")
        pairs = []
        for name in ARTICLES:
            f = self.tmp / f"{name}.jsonl"
            f.write_text((self.facts / f"{name}.json").read_text() + "\n")
            pairs += [str(self.dev / "gold" / f"{name}.json"), str(f)]
        direct = subprocess.run([sys.executable, str(self.dev / "score.py"), *pairs], capture_output=True, text=True)
        self.assertIn(f"score.py, dev:  {direct.stdout.strip()}", out.stdout)
        self.assertIn("(tp,fp,fn)=(3, 2, 1)", direct.stdout)

    def test_skip_when_dev_absent(self):
        out = self.run_eval(shared=self.tmp / "nowhere")
        self.assertEqual(out.returncode, 77)
        self.assertEqual(out.stdout, "skipped: ../shared/dev not found (set NEWSGRAPH_SHARED)\n")

    def test_ratchet_fails_below_floor(self):
        self.write_floors(0.99, 0.5, 0.5, 1.0)  # dev relation F1 is 0.667
        out = self.run_eval("--quiet")
        self.assertEqual(out.returncode, 1)
        self.assertIn("FAIL dev_relations_f1 = 0.6667 is below its floor 0.99", out.stderr)
        self.assertNotIn("FAIL dev_relations_precision", out.stderr)

    def test_ratchet_suggests_raising_without_failing(self):
        self.write_floors(0.66, 0.10, 1.0, 1.0)  # precision 0.60 is well above 0.10
        out = self.run_eval("--quiet")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("dev_relations_precision = 0.6000 is well above its floor 0.10: raise it to 0.60", out.stderr)
        self.assertNotIn("dev_relations_f1 = ", out.stderr)  # 0.667 over 0.66: not "well above"

    def test_article_without_facts_is_an_error(self):
        (self.facts / "x02.json").unlink()
        out = self.run_eval("--quiet")
        self.assertEqual(out.returncode, 2)
        self.assertIn("x02", out.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
