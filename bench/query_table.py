#!/usr/bin/env python3
"""Puts query_bench's and kuzu_bench.mjs's JSON side by side as a Markdown
table, one row per shape of bench/queries.json, and says whether the two
engines returned the same result (row count and digest, bench/result_digest.h).

    python3 bench/query_table.py NG.json KUZU.json [--queries bench/queries.json]

Exit status 1 when a shape's results differ (a bug in one engine to report,
not to hide); a shape one side could not finish is "n/a", not a difference.
"""

import argparse
import json
import sys


def ms(x):
    if x is None:
        return "-"
    return "%.2f" % x if x < 100 else "{:,.0f}".format(x)


def mb(r):
    """Peak RSS while the shape ran, and in brackets the RSS it started from
    (what the process already held: caches, buffer pool, freed heap)."""
    peak, start = r.get("peak_rss_mb"), r.get("rss_before_mb")
    if peak is None:
        return "-"
    return "{:,.0f}".format(peak) + ("" if start is None else " ({:,.0f})".format(start))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ng")
    ap.add_argument("kuzu")
    ap.add_argument("--queries", default=None)
    a = ap.parse_args(argv)
    ng = {r["name"]: r for r in json.load(open(a.ng))}
    kz_doc = json.load(open(a.kuzu))
    kz = {r["name"]: r for r in kz_doc["queries"]}
    queries = json.load(open(a.queries or kz_doc["queries_file"]))
    print("| shape | rows | same result | newsgraph ms | Kuzu ms | Kuzu BFS form ms (result) "
          "| newsgraph peak RSS MB (at start) | Kuzu peak RSS MB (at start) | newsgraph stopped by a default limit |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---|")
    differ, faster, slower, unfinished = [], [], [], []
    for q in queries:
        name = q["name"]
        n, k = ng.get(name, {}), kz.get(name, {})
        if "median_ms" in n and "median_ms" in k:
            same = n["rows"] == k["rows"] and n["digest"] == k["digest"]
            same_s = "yes" if same else "**NO** (%s/%s rows)" % (n["rows"], k["rows"])
            if not same:
                differ.append(name)
        else:
            same_s = "n/a"
        n_ms = ms(n.get("median_ms")) if "median_ms" in n else "failed: %s" % n.get("error", "not run")[:80]
        if "median_ms" in k:
            k_ms = ms(k["median_ms"])
        elif k.get("timeout_ms"):
            k_ms = "> %s (timeout)" % "{:,}".format(k["timeout_ms"])
        else:
            k_ms = "error: %s" % k.get("error", "not run")[:80]
        alt = k.get("alt")
        alt_s = ""
        if alt:
            alt_s = ("%s (%s)" % (ms(alt["median_ms"]), alt.get("result")) if "median_ms" in alt
                     else "> %s (timeout)" % "{:,}".format(alt["timeout_ms"]) if alt.get("timeout_ms")
                     else "error")
        kuzu_times = [x["median_ms"] for x in (k, alt or {}) if "median_ms" in x]
        if "median_ms" not in n:
            unfinished.append(name)
        elif kuzu_times and n["median_ms"] < min(kuzu_times):
            faster.append(name)
        elif kuzu_times:
            slower.append(name)
        limit = n.get("limit", "")
        if limit:
            limit = "yes: " + limit.split(" (")[0]
        rows = n.get("rows", k.get("rows", "-"))
        print("| %s%s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            name, " \\*" if q.get("kuzu_cypher") else "", rows, same_s, n_ms, k_ms, alt_s,
            mb(n), mb(k), limit or "no"))
    print()
    print("%d shapes; results differ on %d%s. newsgraph faster than Kuzu's faster form on %d, slower on %d, "
          "not finished on %d%s; stopped by a default limit on %d." % (
              len(queries), len(differ), (": " + ", ".join(differ)) if differ else "", len(faster), len(slower),
              len(unfinished), (" (" + ", ".join(unfinished) + ")") if unfinished else "",
              sum(1 for q in queries if ng.get(q["name"], {}).get("limit"))))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
