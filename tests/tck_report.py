#!/usr/bin/env python3
"""Summarises a TCK run as the Markdown table of tests/README.md.

    rm -f /tmp/tck.tsv
    (cd build && NEWSGRAPH_TCK_REPORT=/tmp/tck.tsv ctest -R TCK -j2)
    python3 tests/tck_report.py /tmp/tck.tsv

The report has one line per scenario: file, scenario, outcome, detail
(tests/tck_test.cc writes it).
"""
import collections
import sys


def main(path):
    files = collections.OrderedDict()
    for line in open(path, encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 4 or not fields[0].endswith(".feature"):
            continue
        name, outcome, detail = fields[0], fields[2], fields[3]
        row = files.setdefault(name, {"n": 0, "passed": 0, "skipped": 0, "failed": 0, "reasons": collections.Counter()})
        row["n"] += 1
        kind = outcome.split(" ")[0]
        row[kind] += 1
        if kind == "skipped":
            row["reasons"][detail.split(" (")[0].replace("|", "\\|")] += 1
    dirs = collections.OrderedDict()
    for name in sorted(files):
        d = dirs.setdefault(name.rsplit("/", 1)[0], collections.Counter())
        for k in ("n", "passed", "skipped", "failed"):
            d[k] += files[name][k]
    print("| directory | scenarios | passed | skipped | failed |")
    print("|---|---|---|---|---|")
    for d, c in dirs.items():
        print(f"| {d} | {c['n']} | {c['passed']} | {c['skipped']} | {c['failed']} |")
    print()
    print("| feature file | scenarios | passed | skipped (reason) | failed |")
    print("|---|---|---|---|---|")
    totals = collections.Counter()
    for name in sorted(files):
        row = files[name]
        for k in ("n", "passed", "skipped", "failed"):
            totals[k] += row[k]
        reasons = "; ".join(f"{r} ({c})" if len(row["reasons"]) > 1 else r for r, c in row["reasons"].items())
        skipped = f"{row['skipped']} ({reasons})" if row["skipped"] else "0"
        print(f"| {name} | {row['n']} | {row['passed']} | {skipped} | {row['failed']} |")
    print(f"| **total** | {totals['n']} | {totals['passed']} | {totals['skipped']} | {totals['failed']} |")


if __name__ == "__main__":
    main(sys.argv[1])
