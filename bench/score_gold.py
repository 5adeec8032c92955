#!/usr/bin/env python3
"""Score newsgraph facts JSON against a hand-made gold file.

Usage:
    newsgraph extract corpus/article.txt | python3 bench/score_gold.py --gold seed/gold.json
    python3 bench/score_gold.py --gold gold.json --facts facts.jsonl --json
    ... | python3 bench/score_gold.py --gold gold.json --min 0.8   # exit 1 if below

Input (stdin or --facts): facts JSON lines as DESIGN.md describes them, one
object per article with "entities" [{name, labels, mentions}] and "relations"
[{subject, predicate, object, hedged, confidence, ...}]. All lines are pooled,
so a gold file describes whatever the lines cover (normally one article).

Gold file: {"entities": {"required": [...], "optional": [...]},
            "relations": {"required": [...], "optional": [...]},
            "hedged": "free-text note naming the predicates that are hedged"}

Scoring:
  Entities   Names are compared case-insensitively. Precision is the share of
             extracted names that are required or optional gold entities;
             recall is the share of required entities that were extracted.
  Relations  (subject, predicate, object), case-insensitive; a predicted
             triple is counted once however often it occurs. A gold item's
             `subject_alternatives` are equally right: a triple with any of
             them matches that item (and each such triple counts as correct).
             Optional gold relations (object "*" = any object) neither reward
             nor penalise: predicted triples that match only them leave the
             precision denominator.
  Hedging    Required relations the gold file marks as hedged: `"hedged": true`
             on the item, or a predicate named in the top-level "hedged" note
             whose evidence says 'alleged' or 'reportedly'. The report says
             whether each was found and whether it was marked hedged. Hedging
             does not enter precision, recall or --min.

Exit status: 0 on success; 1 if --min is given and any of the four
precision/recall numbers is below it; 2 on a missing or unreadable gold file
or malformed input.
"""

import argparse
import json
import re
import sys

HEDGE_CUES = ("alleged", "reportedly")


def norm(s):
    """The comparison key of a name: case-folded, inner whitespace collapsed."""
    return " ".join(str(s).split()).casefold()


def fail(message):
    print("score_gold: " + message, file=sys.stderr)
    sys.exit(2)


def load_gold(path):
    try:
        with open(path, encoding="utf-8") as f:
            gold = json.load(f)
    except FileNotFoundError:
        fail("gold file not found: %s" % path)
    except (OSError, UnicodeDecodeError) as e:
        fail("cannot read gold file %s: %s" % (path, e))
    except json.JSONDecodeError as e:
        fail("gold file %s is not valid JSON: line %d column %d: %s"
             % (path, e.lineno, e.colno, e.msg))
    if not isinstance(gold, dict):
        fail("gold file %s: top level must be an object" % path)
    for key in ("entities", "relations"):
        section = gold.get(key, {})
        if not isinstance(section, dict) or not isinstance(section.get("required", []), list):
            fail("gold file %s: \"%s\" must be an object with a \"required\" list" % (path, key))
        fields = ("name",) if key == "entities" else ("subject", "predicate", "object")
        for kind in ("required", "optional"):
            for i, item in enumerate(section.get(kind, []) or []):
                if not isinstance(item, dict) or not all(item.get(f) for f in fields):
                    fail("gold file %s: %s.%s[%d] needs %s"
                         % (path, key, kind, i, ", ".join(fields)))
    return gold


def read_facts(stream, label):
    """All facts objects in `stream`, one per non-blank line."""
    facts = []
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line.strip())
        except json.JSONDecodeError as e:
            fail("%s line %d is not valid JSON: column %d: %s" % (label, lineno, e.colno, e.msg))
        if not isinstance(obj, dict):
            fail("%s line %d: expected a JSON object" % (label, lineno))
        facts.append(obj)
    return facts


def ratio(num, den, empty):
    """num/den, or `empty` when there is nothing to divide."""
    return num / den if den else empty


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


# ---- entities -------------------------------------------------------------

def score_entities(gold, facts):
    required = {norm(e["name"]): e["name"] for e in gold["entities"].get("required", [])}
    optional = {norm(e["name"]): e["name"] for e in gold["entities"].get("optional", [])}
    predicted = {}
    for article in facts:
        for e in article.get("entities", []) or []:
            if isinstance(e, dict) and e.get("name"):
                predicted.setdefault(norm(e["name"]), e["name"])

    correct = [k for k in predicted if k in required or k in optional]
    found = [k for k in required if k in predicted]
    p = ratio(len(correct), len(predicted), 0.0 if required else 1.0)
    r = ratio(len(found), len(required), 1.0)
    return {
        "precision": p, "recall": r, "f1": f1(p, r),
        "predicted": len(predicted), "correct": len(correct),
        "required": len(required), "found": len(found),
        "optional_found": sorted(optional[k] for k in predicted if k in optional and k not in required),
        "false_positives": sorted(predicted[k] for k in predicted
                                  if k not in required and k not in optional),
        "false_negatives": sorted(required[k] for k in required if k not in predicted),
    }


# ---- relations ------------------------------------------------------------

def triple_text(t):
    return "%s -[%s]-> %s" % t


class GoldRelation:
    """One gold item: the subjects that count, its predicate and object."""

    def __init__(self, item):
        self.item = item
        self.subject = item["subject"]
        self.subjects = {norm(item["subject"])}
        self.subjects.update(norm(s) for s in item.get("subject_alternatives", []) or [])
        self.predicate = norm(item["predicate"])
        self.object = item["object"]
        self.any_object = item["object"] == "*"

    def matches(self, key):
        s, p, o = key
        return (s in self.subjects and p == self.predicate
                and (self.any_object or o == norm(self.object)))

    def text(self):
        alts = self.item.get("subject_alternatives") or []
        subject = self.subject + ("" if not alts else " (or %s)" % ", ".join(alts))
        return triple_text((subject, self.item["predicate"], self.object))


def predicted_relations(facts):
    """Distinct predicted triples: key -> {"triple", "hedged": [flags...]}."""
    out = {}
    for article in facts:
        for r in article.get("relations", []) or []:
            if not isinstance(r, dict) or not all(r.get(k) for k in ("subject", "predicate", "object")):
                continue
            key = (norm(r["subject"]), norm(r["predicate"]), norm(r["object"]))
            entry = out.setdefault(key, {"triple": (r["subject"], r["predicate"], r["object"]),
                                         "hedged": []})
            entry["hedged"].append(bool(r.get("hedged", False)))
    return out


def score_relations(gold, predicted):
    required = [GoldRelation(g) for g in gold["relations"].get("required", [])]
    optional = [GoldRelation(g) for g in gold["relations"].get("optional", [])]

    correct, ignored, wrong = [], [], []
    for key in predicted:
        if any(g.matches(key) for g in required):
            correct.append(key)
        elif any(g.matches(key) for g in optional):
            ignored.append(key)
        else:
            wrong.append(key)
    found = [g for g in required if any(g.matches(k) for k in predicted)]
    missed = [g for g in required if g not in found]

    counted = len(correct) + len(wrong)
    p = ratio(len(correct), counted, 0.0 if required else 1.0)
    r = ratio(len(found), len(required), 1.0)
    show = lambda keys: sorted(triple_text(predicted[k]["triple"]) for k in keys)
    return {
        "precision": p, "recall": r, "f1": f1(p, r),
        "predicted": len(predicted), "counted": counted, "correct": len(correct),
        "required": len(required), "found": len(found),
        "optional_matched": show(ignored),
        "false_positives": show(wrong),
        "false_negatives": [g.text() for g in missed],
    }, required


# ---- hedging ----------------------------------------------------------------

def hedged_gold(gold, required):
    """Required relations the gold file says should be marked hedged."""
    note = gold.get("hedged")
    note_predicates = set()
    if isinstance(note, str):
        note_predicates = {norm(w) for w in re.findall(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b", note)}
    out = []
    for g in required:
        explicit = g.item.get("hedged")
        if explicit is not None:
            if explicit:
                out.append(g)
            continue
        evidence = str(g.item.get("evidence", "")).casefold()
        if g.predicate in note_predicates and any(c in evidence for c in HEDGE_CUES):
            out.append(g)
    return out


def score_hedging(gold, required, predicted):
    rows = []
    for g in hedged_gold(gold, required):
        flags = [f for key, entry in predicted.items() if g.matches(key) for f in entry["hedged"]]
        if not flags:
            state = "not found"
        elif all(flags):
            state = "hedged"
        elif any(flags):
            state = "partly hedged"
        else:
            state = "not hedged"
        rows.append({"relation": g.text(), "found": bool(flags), "marked": state})
    found = [r for r in rows if r["found"]]
    return {
        "expected": len(rows),
        "found": len(found),
        "marked_hedged": sum(1 for r in found if r["marked"] == "hedged"),
        "relations": rows,
    }


# ---- report -------------------------------------------------------------------

def print_report(summary, out):
    ent, rel, hedge = summary["entities"], summary["relations"], summary["hedging"]
    out.write("%-10s %9s %7s %7s   %s\n" % ("", "precision", "recall", "F1", "counts"))
    out.write("%-10s %9.3f %7.3f %7.3f   %d/%d extracted correct, %d/%d required found\n"
              % ("entities", ent["precision"], ent["recall"], ent["f1"],
                 ent["correct"], ent["predicted"], ent["found"], ent["required"]))
    out.write("%-10s %9.3f %7.3f %7.3f   %d/%d counted correct (%d optional ignored), "
              "%d/%d required found\n"
              % ("relations", rel["precision"], rel["recall"], rel["f1"], rel["correct"],
                 rel["counted"], len(rel["optional_matched"]), rel["found"], rel["required"]))

    def section(title, items):
        out.write("\n%s (%d)\n" % (title, len(items)))
        for item in items:
            out.write("  %s\n" % item)

    section("entity false positives", ent["false_positives"])
    section("entity false negatives", ent["false_negatives"])
    section("relation false positives", rel["false_positives"])
    section("relation false negatives", rel["false_negatives"])
    if rel["optional_matched"]:
        section("relations matching optional gold (not scored)", rel["optional_matched"])

    out.write("\nhedging: %d relations should be hedged, %d found, %d of those marked hedged\n"
              % (hedge["expected"], hedge["found"], hedge["marked_hedged"]))
    for row in hedge["relations"]:
        out.write("  %-13s %s\n" % (row["marked"], row["relation"]))
    if summary["min"] is not None:
        out.write("\n--min %.3f: %s\n" % (summary["min"], "passed" if summary["passed"]
                                         else "FAILED (" + ", ".join(summary["below_min"]) + ")"))


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Score newsgraph facts JSON lines against a gold file.")
    parser.add_argument("--gold", required=True, help="gold JSON file (like seed/gold.json)")
    parser.add_argument("--facts", default="-",
                        help="facts JSON lines to score (default: '-' for stdin)")
    parser.add_argument("--json", action="store_true", help="print a machine-readable summary")
    parser.add_argument("--min", type=float, metavar="P", default=None,
                        help="exit 1 if any entity/relation precision or recall is below P")
    args = parser.parse_args(argv)

    gold = load_gold(args.gold)
    if args.facts == "-":
        facts = read_facts(sys.stdin, "stdin")
    else:
        try:
            with open(args.facts, encoding="utf-8") as f:
                facts = read_facts(f, args.facts)
        except OSError as e:
            fail("cannot read facts file %s: %s" % (args.facts, e.strerror or e))
    if not facts:
        print("score_gold: warning: no facts read (empty input)", file=sys.stderr)

    entities = score_entities(gold, facts)
    predicted = predicted_relations(facts)
    relations, required = score_relations(gold, predicted)
    hedging = score_hedging(gold, required, predicted)

    below = []
    if args.min is not None:
        for name, section in (("entities", entities), ("relations", relations)):
            for measure in ("precision", "recall"):
                if section[measure] < args.min:
                    below.append("%s %s %.3f" % (name, measure, section[measure]))
    summary = {
        "gold": args.gold,
        "articles": len(facts),
        "entities": entities,
        "relations": relations,
        "hedging": hedging,
        "min": args.min,
        "below_min": below,
        "passed": not below,
    }
    if args.json:
        json.dump(summary, sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        print_report(summary, sys.stdout)
    return 1 if below else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # reader went away (`| head`): end as SIGPIPE would
        sys.stderr.close()
        sys.exit(141)
