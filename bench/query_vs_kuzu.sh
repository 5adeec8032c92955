#!/usr/bin/env bash
# Every shape of bench/queries.json on newsgraph and on Kuzu (the npm peer),
# on the same generated graph, with each side's result checked against the
# other's (row count and digest, bench/result_digest.h).
#
#   bench/query_vs_kuzu.sh 100k|1m [--reps 3] [--timeout-s 60] [--slow-ms 0] [--data DIR] [--work DIR] [--cache-mb 256]
#
# 100k = 100,000 nodes / 1,000,000 edges, 1m = 1,000,000 / 10,000,000, both
# bench/gen_graph.py seed 42, made into --data (default /tmp/ngbench-SIZE)
# unless its meta.json already describes that graph. Then, one after the
# other: `newsgraph import --id-type integer` into a new database and
# build/bench/query_bench --default-limits over it (a shape that a default
# limit stops is reported so, then timed without the limits); Kuzu 0.11.3
# (cd bench/peers && npm ci) loads the same graph with COPY FROM and runs
# the same shapes (kuzu_bench.mjs; its BFS form too where queries.json has
# one). Every shape: one warm-up run, then --reps timed runs, the median
# reported (with --slow-ms N, a shape whose warm-up took over N ms is timed
# once: for 1m, where a shape can take minutes on this machine); peak
# resident memory of each process while the shape ran.
# Writes SIZE-ng.json, SIZE-kuzu.json, SIZE-table.md and the logs into
# --work (default /tmp/ngbench-SIZE-run) and prints the table. Exit 1 when
# the two engines' results differ on any shape.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
size=${1:-}
case "$size" in
  100k) nodes=100000 edges=1000000 ;;
  1m) nodes=1000000 edges=10000000 ;;
  -h|--help|"") sed -n '2,21p' "$0"; [ -n "$size" ]; exit $? ;;
  *) echo "query_vs_kuzu: size must be 100k or 1m, not '$size'" >&2; exit 2 ;;
esac
shift
reps=3 timeout_s=60 slow_ms=0 cache_mb=256 data=/tmp/ngbench-$size work=/tmp/ngbench-$size-run
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=$2; shift 2 ;;
    --timeout-s) timeout_s=$2; shift 2 ;;
    --slow-ms) slow_ms=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --cache-mb) cache_mb=$2; shift 2 ;;
    *) echo "query_vs_kuzu: unknown argument $1" >&2; exit 2 ;;
  esac
done

ng=${NEWSGRAPH:-$root/build/cli/newsgraph}
qb=${QUERY_BENCH:-$root/build/bench/query_bench}
for bin in "$ng" "$qb"; do
  if [ ! -x "$bin" ]; then
    echo "query_vs_kuzu: no $bin; build it: cmake -S . -B build && cmake --build build -j2" >&2
    exit 2
  fi
done
if [ ! -d "$here/peers/node_modules/kuzu" ]; then
  echo "query_vs_kuzu: Kuzu is not installed: (cd bench/peers && npm ci)" >&2
  exit 2
fi
load1() { cut -d' ' -f1 /proc/loadavg; }

if ! python3 - "$data/meta.json" "$nodes" "$edges" <<'PY' 2>/dev/null; then
import json, sys
m = json.load(open(sys.argv[1]))
sys.exit(0 if (m["nodes"], m["edges"], m["seed"]) == (int(sys.argv[2]), int(sys.argv[3]), 42) else 1)
PY
  echo "generating $nodes nodes / $edges edges (seed 42) into $data"
  python3 "$here/gen_graph.py" --nodes "$nodes" --edges "$edges" --seed 42 --out "$data"
fi

mkdir -p "$work"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"); $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(load1)" | tee "$work/$size-env.txt"
echo "newsgraph $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'); Kuzu $(node -p "require('$here/peers/node_modules/kuzu/package.json').version") on node $(node --version)" | tee -a "$work/$size-env.txt"

rm -rf "$work/ng.db"
/usr/bin/time -f '%e s wall, %M KB peak RSS' -o "$work/$size-import-time.txt" \
  "$ng" import -q --db "$work/ng.db" --id-type integer --format neo4j-csv "$data/nodes.csv" "$data/edges.csv"
echo "newsgraph import: $(cat "$work/$size-import-time.txt") (load average $(load1))" | tee -a "$work/$size-env.txt"

echo "newsgraph queries (log: $work/$size-ng.log)"
status=0
"$qb" --db "$work/ng.db" --data "$data" --queries "$here/queries.json" --reps "$reps" --cache-mb "$cache_mb" \
  --default-limits --timeout-s "$timeout_s" --slow-ms "$slow_ms" --json "$work/$size-ng.json" > "$work/$size-ng.log" 2>&1 || status=$?
echo "  done, load average $(load1)$( [ $status = 0 ] || echo "; query_bench exit $status: a failure or a meta.json mismatch, see the log")" | tee -a "$work/$size-env.txt"

echo "Kuzu load and queries (log: $work/$size-kuzu.log)"
rm -rf "$work/kuzu"
(cd "$here/peers" && /usr/bin/time -f '%e s wall, %M KB peak RSS' -o "$work/$size-kuzu-time.txt" \
  node kuzu_bench.mjs --data "$data" --db "$work/kuzu" --reps "$reps" --timeout-ms $((timeout_s * 1000)) --slow-ms "$slow_ms" \
  --queries "$here/queries.json" --json "$work/$size-kuzu.json" > "$work/$size-kuzu.log" 2>&1) || true
echo "  Kuzu process: $(cat "$work/$size-kuzu-time.txt" | tail -1); load $(python3 -c "import json; print('%.0f ms' % json.load(open('$work/$size-kuzu.json'))['load']['total_ms'])"); load average $(load1)" | tee -a "$work/$size-env.txt"

python3 "$here/query_table.py" "$work/$size-ng.json" "$work/$size-kuzu.json" --queries "$here/queries.json" | tee "$work/$size-table.md"
