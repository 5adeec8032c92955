#!/usr/bin/env python3
"""Deterministic synthetic business-graph generator for the newsgraph benchmarks.

    python3 bench/gen_graph.py --nodes 100000 --edges 1000000 --seed 42 --out /tmp/ngbench

Python 3 standard library only.  The output depends only on (--nodes, --edges,
--seed, --alpha): the generator draws every random number from
random.Random(seed).random() (Mersenne Twister, stable across Python 3
versions) and never depends on set/dict iteration order. The only platform
input is the C library's pow() for the node weights; meta.json records a
SHA-256 over all CSVs (csv_sha256) so two machines can confirm they benchmark
the same bytes (100k/1M/seed 42 on glibc: 073444a7...).

Model (directed Chung-Lu / expected-degree graph with Zipf weights):
  * node of degree rank r (r = 0..N-1) gets weight (r+1)^-alpha
    (alpha = 1/(gamma-1); the default 0.83 gives a power-law degree tail
    with gamma ~= 2.2, i.e. a few very large hubs and a long thin tail);
  * rank 0 is node id 0 (the hub); ranks 1..N-1 are shuffled over ids 1..N-1,
    so degree is not monotonic in id apart from node 0;
  * each edge draws its source and its target independently by weight, a
    type from a fixed skewed mix and a weight uniform in 1..10;
  * no self loops, and no duplicate (source, target, type) triple: a
    colliding draw re-draws target and type (the source is kept, so the
    out-degree distribution is exactly the weighted one). The same
    (source, target) pair may appear with different types.

Files written to --out:
  nodes.csv         Neo4j admin-import: id:ID,name,:LABEL
  edges.csv         Neo4j admin-import: :START_ID,:END_ID,:TYPE,weight:int
  kuzu_nodes.csv    Kuzu COPY input, header "id,name"
  kuzu_<TYPE>.csv   Kuzu COPY input per relationship type, header "from,to,weight"
  meta.json         sizes, seed, the query anchor nodes (hub, normal, target)
                    and their degrees, the type mix, a CSV checksum, and
                    reference_results: the expected value of every query in
                    bench/queries.json (keyed by query name), computed here by
                    plain BFS/counting, independent of any database.

Anchor nodes (used by bench/queries.json placeholders {hub} {normal} {target}):
  hub     node 0; the generator checks it has the highest out- and total degree.
  normal  a node whose out-degree equals the median out-degree and whose total
          degree equals the median total degree (smallest such id for which the
          typed 2-hop benchmark query returns a non-zero count, so the result
          is a meaningful cross-engine check).
  target  reachable from normal along outgoing edges; the smallest id at the
          largest BFS distance <= 6 (so shortestPath(...[*..6]...) finds it
          and has to search the whole neighbourhood to get there).
"""

import argparse
import bisect
import hashlib
import json
import os
import sys
import time
from random import Random

REL_TYPES = ["PROVIDES_SERVICES_TO", "INVESTS_IN", "SUPPLIES", "PARTNERS_WITH"]
# Skewed but fixed type mix (fractions of all edges, in expectation).
REL_TYPE_MIX = [0.30, 0.15, 0.35, 0.20]
MAX_SP_DEPTH = 6


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--nodes", type=int, default=100000)
    p.add_argument("--edges", type=int, default=1000000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--alpha", type=float, default=0.83,
                   help="Zipf exponent of node weights (default 0.83 ~ degree power law gamma 2.2)")
    p.add_argument("--out", required=True, help="output directory (created if missing)")
    a = p.parse_args(argv)
    if a.nodes < 2:
        p.error("--nodes must be >= 2")
    if a.edges < 1:
        p.error("--edges must be >= 1")
    # Each node can have at most (N-1)*4 distinct outgoing (target, type) pairs.
    if a.edges > a.nodes * (a.nodes - 1) * len(REL_TYPES) // 4:
        p.error("--edges too large for --nodes (graph would be too dense for rejection sampling)")
    return a


def generate(n, m, seed, alpha):
    rng = Random(seed)
    rnd = rng.random

    # rank -> node id: rank 0 is node 0, the rest a seeded Fisher-Yates shuffle.
    rest = list(range(1, n))
    for i in range(len(rest) - 1, 0, -1):
        j = int(rnd() * (i + 1))
        rest[i], rest[j] = rest[j], rest[i]
    rank_to_id = [0] + rest

    cum = []
    acc = 0.0
    for r in range(n):
        acc += (r + 1) ** (-alpha)
        cum.append(acc)
    total = acc

    type_cum = []
    acc = 0.0
    for f in REL_TYPE_MIX:
        acc += f
        type_cum.append(acc)
    type_cum[-1] = 1.0 + 1e-9  # guard against float round-off
    ntypes = len(REL_TYPES)

    src = [0] * m
    dst = [0] * m
    typ = [0] * m
    wgt = [0] * m
    seen = set()
    bis = bisect.bisect_right
    last = n - 1
    retries = 0
    for e in range(m):
        s = rank_to_id[min(bis(cum, rnd() * total), last)]
        while True:
            t = rank_to_id[min(bis(cum, rnd() * total), last)]
            ty = bis(type_cum, rnd())
            if t == s:
                retries += 1
                continue
            key = (s * n + t) * ntypes + ty
            if key in seen:
                retries += 1
                continue
            seen.add(key)
            break
        src[e] = s
        dst[e] = t
        typ[e] = ty
        wgt[e] = 1 + int(rnd() * 10)
    return src, dst, typ, wgt, retries


def names_of(i):
    return "c%d" % i


def median(sorted_vals):
    return sorted_vals[(len(sorted_vals) - 1) // 2]  # lower median: always an observed value


def bfs_levels(adj, start, max_depth):
    """Directed BFS; returns {node: distance} for distance 1..max_depth (start excluded
    unless it is reachable through a cycle - it is then left out, as shortestPath to
    itself is not what we benchmark)."""
    dist = {start: 0}
    frontier = [start]
    for d in range(1, max_depth + 1):
        nxt = []
        for u in frontier:
            for v in adj[u]:
                if v not in dist:
                    dist[v] = d
                    nxt.append(v)
        if not nxt:
            break
        frontier = nxt
    del dist[start]
    return dist


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    n, m = args.nodes, args.edges
    t0 = time.time()
    src, dst, typ, wgt, retries = generate(n, m, args.seed, args.alpha)
    t_gen = time.time() - t0

    outdeg = [0] * n
    indeg = [0] * n
    for s in src:
        outdeg[s] += 1
    for t in dst:
        indeg[t] += 1
    totdeg = [outdeg[i] + indeg[i] for i in range(n)]

    hub = 0
    if max(outdeg) != outdeg[hub] or max(totdeg) != totdeg[hub]:
        sys.exit("gen_graph: node 0 is not the highest-degree node for these parameters; "
                 "raise --alpha or --edges")

    # Adjacency (out-edges) with type and weight, in edge order.
    adj = [[] for _ in range(n)]
    adj_typed = [[] for _ in range(n)]
    for e in range(m):
        adj[src[e]].append(dst[e])
        adj_typed[src[e]].append((dst[e], typ[e], wgt[e]))

    t_sup = REL_TYPES.index("SUPPLIES")
    t_inv = REL_TYPES.index("INVESTS_IN")

    def typed_count(a):
        c = 0
        for b, ty, _ in adj_typed[a]:
            if ty != t_sup:
                continue
            for _, ty2, w2 in adj_typed[b]:
                if ty2 == t_inv and w2 > 5:
                    c += 1
        return c

    med_out = median(sorted(outdeg))
    med_tot = median(sorted(totdeg))
    candidates = [i for i in range(1, n) if outdeg[i] == med_out and totdeg[i] == med_tot]
    if not candidates:
        candidates = [i for i in range(1, n) if outdeg[i] == med_out]
    normal = None
    for c in candidates:
        if typed_count(c) > 0:
            normal = c
            break
    if normal is None:
        normal = candidates[0]

    dist = bfs_levels(adj, normal, MAX_SP_DEPTH)
    if not dist:
        sys.exit("gen_graph: normal node %d reaches nothing; cannot pick a shortest-path target" % normal)
    far = max(dist.values())
    target = min(v for v, d in dist.items() if d == far)
    level_sizes = [0] * (far + 1)
    for d in dist.values():
        level_sizes[d] += 1

    def reach_within(a, k):
        """count(DISTINCT b) for (a)-[*1..k]->(b): a itself counts if a cycle returns to it."""
        seen_b = set()
        frontier = [a]
        for _ in range(k):
            nxt = []
            for u in frontier:
                for v in adj[u]:
                    if v not in seen_b:
                        seen_b.add(v)
                        nxt.append(v)
            frontier = nxt
        return len(seen_b)

    def walks_upto(a, k):
        """Number of directed walks of length 1..k from a (what a walk-enumerating
        variable-length join materialises before DISTINCT), per length."""
        cnt = [0] * n
        cnt[a] = 1
        per_len = []
        for _ in range(k):
            nxt = [0] * n
            for e in range(m):
                c = cnt[src[e]]
                if c:
                    nxt[dst[e]] += c
            cnt = nxt
            per_len.append(sum(cnt))
        return per_len

    # Expected results of the bench/queries.json queries (keyed by query name), computed
    # here independently of any database so every engine can be checked against them.
    reference = {
        "point_lookup_normal": names_of(normal),
        "hop1_distinct_normal": reach_within(normal, 1),
        "hop1_distinct_hub": reach_within(hub, 1),
        "hop2_distinct_normal": reach_within(normal, 2),
        "hop2_distinct_hub": reach_within(hub, 2),
        "hop3_distinct_normal": reach_within(normal, 3),
        "hop3_distinct_hub": reach_within(hub, 3),
        "typed_2hop_filter_normal": typed_count(normal),
        "typed_2hop_filter_hub": typed_count(hub),
        "shortest_path_normal_target": far,
    }
    # Same distinct-reach counts without the start node itself, which is what a BFS /
    # shortest-path formulation (e.g. Kuzu's -[* SHORTEST 1..k]->) returns.
    reference_excl = {}
    for q, a, k in (("hop1_distinct_normal", normal, 1), ("hop1_distinct_hub", hub, 1),
                    ("hop2_distinct_normal", normal, 2), ("hop2_distinct_hub", hub, 2),
                    ("hop3_distinct_normal", normal, 3), ("hop3_distinct_hub", hub, 3)):
        d = bfs_levels(adj, a, k)
        reference_excl[q] = len(d)
    walks = {"hub": walks_upto(hub, 3), "normal": walks_upto(normal, 3)}

    os.makedirs(args.out, exist_ok=True)
    t1 = time.time()
    names = [names_of(i) for i in range(n)]
    sha = hashlib.sha256()

    def write(fname, header, lines):
        data = header + "\n" + "\n".join(lines) + ("\n" if lines else "")
        b = data.encode("ascii")
        sha.update(fname.encode("ascii") + b"\0" + b)
        with open(os.path.join(args.out, fname), "wb") as f:
            f.write(b)

    write("nodes.csv", "id:ID,name,:LABEL", ["%d,%s,Company" % (i, names[i]) for i in range(n)])
    write("kuzu_nodes.csv", "id,name", ["%d,%s" % (i, names[i]) for i in range(n)])
    write("edges.csv", ":START_ID,:END_ID,:TYPE,weight:int",
          ["%d,%d,%s,%d" % (src[e], dst[e], REL_TYPES[typ[e]], wgt[e]) for e in range(m)])
    type_counts = {}
    for ti, tname in enumerate(REL_TYPES):
        lines = ["%d,%d,%d" % (src[e], dst[e], wgt[e]) for e in range(m) if typ[e] == ti]
        type_counts[tname] = len(lines)
        write("kuzu_%s.csv" % tname, "from,to,weight", lines)
    t_write = time.time() - t1

    def deg(i):
        return {"out": outdeg[i], "in": indeg[i], "total": totdeg[i]}

    meta = {
        "generator": "bench/gen_graph.py",
        "model": "directed Chung-Lu, Zipf node weights (rank+1)^-alpha, node 0 = rank 0",
        "nodes": n,
        "edges": m,
        "seed": args.seed,
        "alpha": args.alpha,
        "label": "Company",
        "rel_types": REL_TYPES,
        "rel_type_counts": type_counts,
        "hub": hub,
        "normal": normal,
        "target": target,
        "hub_degree": deg(hub),
        "normal_degree": deg(normal),
        "target_degree": deg(target),
        "target_distance": far,
        "normal_bfs_level_sizes": level_sizes[1:],
        "median_out_degree": med_out,
        "median_total_degree": med_tot,
        "max_out_degree_after_hub": max(outdeg[1:]),
        "isolated_nodes": sum(1 for d in totdeg if d == 0),
        "nodes_without_out_edges": sum(1 for d in outdeg if d == 0),
        "rejected_draws": retries,
        "csv_sha256": sha.hexdigest(),
        "reference_results": reference,
        "reference_results_excluding_start": reference_excl,
        "walks_by_length_1_to_3": walks,
        "files": {
            "neo4j_nodes": "nodes.csv",
            "neo4j_edges": "edges.csv",
            "kuzu_nodes": "kuzu_nodes.csv",
            "kuzu_rels": {t: "kuzu_%s.csv" % t for t in REL_TYPES},
        },
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")

    print("gen_graph: %d nodes, %d edges (seed %d) -> %s" % (n, m, args.seed, args.out))
    print("  hub=%d %s  normal=%d %s  target=%d (distance %d)" % (
        hub, deg(hub), normal, deg(normal), target, far))
    print("  generate %.1fs, write %.1fs, total %.1fs" % (t_gen, t_write, time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
