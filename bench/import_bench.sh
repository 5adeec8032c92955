#!/usr/bin/env bash
# Bulk import speed: `newsgraph import --format neo4j-csv` against Kuzu's
# COPY FROM on the same generated graph, in the same run, alternating so
# that both see the same machine load.
#
#   bench/import_bench.sh [--reps N] [--data DIR] [--nodes N] [--edges N] [--seed S] [--no-kuzu]
#
# The graph (100,000 nodes, 1,000,000 edges, seed 42 by default) is made by
# bench/gen_graph.py into --data (default /tmp/ngbench) unless meta.json
# there already describes it. newsgraph is $NEWSGRAPH or build/cli/newsgraph;
# Kuzu needs `cd bench/peers && npm install` (skipped with a note if not).
#
# Times: newsgraph = wall clock of the whole `newsgraph import` process
# (start, read and check the CSV, write, close); next to it, as "inside",
# the time newsgraph reports itself (the same without process start-up);
# Kuzu = kuzu_bench.mjs's load time (COPY of the nodes, COPY of each
# relationship table, CHECKPOINT; not Node.js start-up, database creation or
# schema), and next to it the wall clock of its whole process (Node.js
# start-up, schema, load, count check), the counterpart of ours.
# Edges/s = edges / time.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
reps=3 data=/tmp/ngbench nodes=100000 edges=1000000 seed=42 kuzu=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --edges) edges=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --no-kuzu) kuzu=0; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "import_bench: unknown argument $1" >&2; exit 2 ;;
  esac
done

ng=${NEWSGRAPH:-$root/build/cli/newsgraph}
if [ ! -x "$ng" ]; then
  echo "import_bench: no newsgraph binary at $ng; build it: cmake -S . -B build && cmake --build build -j2" >&2
  exit 2
fi
if ! python3 - "$data/meta.json" "$nodes" "$edges" "$seed" <<'EOF' 2>/dev/null; then
import json, sys
m = json.load(open(sys.argv[1]))
sys.exit(0 if (m["nodes"], m["edges"], m["seed"]) == tuple(map(int, sys.argv[2:5])) else 1)
EOF
  echo "generating $nodes nodes / $edges edges (seed $seed) into $data"
  python3 "$here/gen_graph.py" --nodes "$nodes" --edges "$edges" --seed "$seed" --out "$data"
fi
if [ "$kuzu" = 1 ] && [ ! -d "$here/peers/node_modules/kuzu" ]; then
  echo "import_bench: Kuzu is not installed (cd bench/peers && npm install); timing newsgraph only" >&2
  kuzu=0
fi

work=$(mktemp -d /tmp/ngbench-import-XXXXXX)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
load1() { cut -d' ' -f1 /proc/loadavg; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), load average $(load1) at start"
echo "graph: $data ($nodes nodes, $edges edges, seed $seed)"
ours=() inside=() theirs=() theirs_process=()
run_ours() {
  rm -rf "$work/ng.db"
  local t0 t1
  t0=$(now)
  "$ng" import --db "$work/ng.db" --format neo4j-csv "$data/nodes.csv" "$data/edges.csv" 2> "$work/summary"
  t1=$(now)
  ours+=("$(echo "$t1 - $t0" | bc -l)")
  inside+=("$(sed -n 's/.* in \([0-9.]*\) s: read.*/\1/p' "$work/summary")")
}
run_kuzu() {
  local t0 t1
  t0=$(now)
  (cd "$here/peers" && node kuzu_bench.mjs --data "$data" --db "$work/kuzu" --load-only --json "$work/kuzu.json" >/dev/null)
  t1=$(now)
  theirs_process+=("$(echo "$t1 - $t0" | bc -l)")
  theirs+=("$(python3 -c "import json; print(json.load(open('$work/kuzu.json'))['load']['total_ms'] / 1000)")")
}
for rep in $(seq 1 "$reps"); do
  # Who goes first alternates, so that neither gets the calmer moment or a warmer cache every time.
  if [ "$kuzu" = 1 ] && [ $((rep % 2)) = 0 ]; then run_kuzu; run_ours; else run_ours; [ "$kuzu" = 1 ] && run_kuzu; fi
  if [ "$rep" = 1 ]; then  # the counts must be right
    "$ng" stats --db "$work/ng.db" --format json | python3 -c "
import json, sys
s = json.load(sys.stdin)
if (s['nodes'], s['relationships']) != ($nodes, $edges):
    sys.exit('import_bench: newsgraph loaded %d nodes, %d edges' % (s['nodes'], s['relationships']))"
  fi
  line="rep $rep: newsgraph $(printf '%.2f' "${ours[-1]}") s (inside $(printf '%.2f' "${inside[-1]}") s)"
  [ "$kuzu" = 1 ] && line="$line, Kuzu $(printf '%.2f' "${theirs[-1]}") s (process $(printf '%.2f' "${theirs_process[-1]}") s)"
  echo "$line (load average $(load1))"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
m_ours=$(median "${ours[@]}")
m_inside=$(median "${inside[@]}")
echo
echo "| what | newsgraph | Kuzu | ratio (Kuzu time / newsgraph time) |"
echo "|---|---:|---:|---:|"
if [ "$kuzu" = 1 ]; then
  m_theirs=$(median "${theirs[@]}")
  m_process=$(median "${theirs_process[@]}")
  printf '| %s nodes + %s edges: our process vs Kuzu load, median of %s (s) | %.2f | %.2f | %.2f |\n' "$nodes" "$edges" "$reps" "$m_ours" "$m_theirs" "$(echo "$m_theirs / $m_ours" | bc -l)"
  printf '| the same in edges/s | %.0f | %.0f | |\n' "$(echo "$edges / $m_ours" | bc -l)" "$(echo "$edges / $m_theirs" | bc -l)"
  printf '| whole process against whole process (s) | %.2f | %.2f | %.2f |\n' "$m_ours" "$m_process" "$(echo "$m_process / $m_ours" | bc -l)"
else
  printf '| %s nodes + %s edges: our process, median of %s (s) | %.2f | - | - |\n' "$nodes" "$edges" "$reps" "$m_ours"
  printf '| the same in edges/s | %.0f | - | |\n' "$(echo "$edges / $m_ours" | bc -l)"
fi
printf '(newsgraph inside the process, median: %.2f s, %.0f edges/s)\n' "$m_inside" "$(echo "$edges / $m_inside" | bc -l)"
echo "load average $(load1) at end; $(date -u +%Y-%m-%d)"
