#!/usr/bin/env python3
"""Rows per second from a 1,000,000-row query result into Python: newsgraph's
module (rows as dicts, and a pandas DataFrame) beside Kuzu's Node.js
`getAll()` (rows as JS objects) on the same generated graph, in one run.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_df.py [--data /tmp/ngbench] [--reps 5] [--no-kuzu]

The graph (bench/gen_graph.py: 100,000 nodes, 1,000,000 relationships, seed
42) is generated into --data unless meta.json there describes it, and
imported into --data/python_df.db with `newsgraph import --id-type integer`
unless that exists. The query returns every relationship:

    MATCH (a:Company)-[r]->(b:Company) RETURN a.id AS src, b.id AS dst, r.weight AS weight

newsgraph: one warm-up, then --reps timed runs of each of `db.query(...)`
(the engine makes the whole result; it is not streamed), then iterating it
(rows as dicts) and `res.to_df()` (typed NumPy columns into pandas) on that
result, and the same reads summed into one row (what making the values
costs without holding or handing over the rows); medians. Kuzu (bench/peers/kuzu_bench.mjs, Node.js, kuzu 0.11.3
from npm; its Python package is not installed here): loads the CSVs with
COPY FROM, one warm-up, --reps timed runs of `conn.query(text)` plus
`getAll()`, and the summed query. newsgraph runs before and after Kuzu so both see the same load;
both sets are printed. Kuzu's Python `get_as_df()` is the true peer of
to_df(); getAll() is the nearest one here."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
QUERY = "MATCH (a:Company)-[r]->(b:Company) RETURN a.id AS src, b.id AS dst, r.weight AS weight"
# The same reads summed into one row: what making the values costs each
# engine without holding or handing over a million rows.
SUM = "MATCH (a:Company)-[r]->(b:Company) RETURN sum(a.id + b.id + r.weight) AS s"


def ensure_graph(data, nodes, edges, seed):
    try:
        m = json.load(open(os.path.join(data, "meta.json")))
        if (m["nodes"], m["edges"], m["seed"]) == (nodes, edges, seed):
            return m
    except (OSError, ValueError, KeyError):
        pass
    print("generating %d nodes / %d edges (seed %d) into %s" % (nodes, edges, seed, data), flush=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_graph.py"), "--nodes", str(nodes), "--edges", str(edges),
                    "--seed", str(seed), "--out", data], check=True)
    return json.load(open(os.path.join(data, "meta.json")))


def ensure_db(data, binary):
    db = os.path.join(data, "python_df.db")
    if not os.path.isdir(db):
        print("importing into %s" % db, flush=True)
        subprocess.run([binary, "import", "-q", "--db", db, "--format", "neo4j-csv", "--id-type", "integer",
                        os.path.join(data, "nodes.csv"), os.path.join(data, "edges.csv")], check=True)
    return db


def time_newsgraph(ng, db_path, reps):
    db = ng.open(db_path)
    limits = dict(max_rows=10**7, max_memory_mb=0)
    res = db.query(QUERY, **limits)  # warm-up: the block cache, the process
    rows = len(res)
    res.to_df()
    t = {"query": [], "dicts": [], "to_df": [], "sum": []}
    for _ in range(reps):
        t0 = time.perf_counter()
        res = db.query(QUERY, **limits)
        t1 = time.perf_counter()
        n = sum(1 for _ in res)
        t2 = time.perf_counter()
        df = res.to_df()
        t3 = time.perf_counter()
        assert n == rows and len(df) == rows
        t["query"].append(t1 - t0)
        t["dicts"].append(t2 - t1)
        t["to_df"].append(t3 - t2)
        del res, df
        t4 = time.perf_counter()
        db.query(SUM, **limits)
        t["sum"].append(time.perf_counter() - t4)
    db.close()
    return rows, {k: statistics.median(v) for k, v in t.items()}


def time_kuzu(data, reps):
    peers = os.path.join(HERE, "peers")
    if not os.path.isdir(os.path.join(peers, "node_modules", "kuzu")):
        print("python_df: Kuzu is not installed (cd bench/peers && npm install): newsgraph only", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory(prefix="ngbench-df-") as tmp:
        queries = os.path.join(tmp, "queries.json")
        json.dump([{"name": "all_relationships", "cypher": QUERY, "params": []},
                   {"name": "sum", "cypher": SUM, "params": []}], open(queries, "w"))
        out = os.path.join(tmp, "kuzu.json")
        subprocess.run(["node", os.path.join(peers, "kuzu_bench.mjs"), "--data", data, "--db", tmp, "--reps", str(reps),
                        "--queries", queries, "--no-alt", "--json", out], check=True, stdout=subprocess.DEVNULL)
        r = json.load(open(out))
        q, total = r["queries"]
        if "median_ms" not in q or "median_ms" not in total:
            raise SystemExit("python_df: Kuzu failed: %s" % r["queries"])
        return q["rows"], q["median_ms"] / 1000, total["median_ms"] / 1000, r.get("kuzu_version")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="/tmp/ngbench")
    ap.add_argument("--nodes", type=int, default=100000)
    ap.add_argument("--edges", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--no-kuzu", action="store_true")
    ap.add_argument("--bin", default=os.environ.get("NEWSGRAPH", os.path.join(ROOT, "build", "cli", "newsgraph")))
    a = ap.parse_args()
    try:
        import newsgraph as ng
        import pandas  # noqa: F401
    except ImportError as e:
        raise SystemExit("python_df: %s (PYTHONPATH=build/python, a Python with pandas: /usr/bin/python3 on Debian)" % e)
    ensure_graph(a.data, a.nodes, a.edges, a.seed)
    db = ensure_db(a.data, a.bin)
    load = os.getloadavg()[0]
    sets = [time_newsgraph(ng, db, a.reps)]
    kuzu = None if a.no_kuzu else time_kuzu(a.data, a.reps)
    sets.append(time_newsgraph(ng, db, a.reps))
    print("date %s, %d cpus, load %.1f at start, %.1f at end; %s" % (
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.cpu_count(), load, os.getloadavg()[0], QUERY))
    print("| what | rows | seconds (median of %d) | rows/s |" % a.reps)
    print("|---|---:|---:|---:|")
    for k, (rows, t) in enumerate(sets):
        when = "before Kuzu" if k == 0 else "after Kuzu"
        for label, secs in [("newsgraph the same reads summed into one row (`RETURN sum(...)`)", t["sum"]),
                            ("newsgraph `db.query()` (engine, whole result)", t["query"]),
                            ("newsgraph iterate rows as dicts", t["dicts"]),
                            ("newsgraph `to_df()`", t["to_df"]),
                            ("newsgraph query + dicts", t["query"] + t["dicts"]),
                            ("**newsgraph query + `to_df()`**", t["query"] + t["to_df"])]:
            print("| %s, %s | %d | %.3f | %s |" % (label, when, rows, secs, format(int(rows / secs), ",")))
    if kuzu:
        rows, secs, sum_secs, version = kuzu
        print("| Kuzu %s, the same reads summed into one row | %d | %.3f | %s |" % (
            version, rows, sum_secs, format(int(rows / sum_secs), ",")))
        print("| **Kuzu %s Node.js `conn.query()` + `getAll()`** | %d | %.3f | %s |" % (
            version, rows, secs, format(int(rows / secs), ",")))


if __name__ == "__main__":
    main()
