#!/bin/bash
# Times `newsgraph export` drawing pictures (SVG) with each --layout, for
# a few selections of a database, e.g. the BBC news corpus ingested with
#   newsgraph ingest --db /tmp/bbc.db ../shared/corpora/bbc
# Usage: bench/pictures.sh NEWSGRAPH_BINARY DB [AROUND_NAME]
# Prints: selection, layout, nodes/relationships drawn, seconds, picture size.
set -u
bin=$1 db=$2 around=${3:-United States}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
selections=("--around '$around' --hops 2" "--around '$around' --hops 2 --max-nodes 60" "--types BASED_IN" "")
for selection in "${selections[@]}"; do
  for layout in dot sfdp neato circo; do
    start=$(date +%s.%N)
    msg=$(eval "timeout 300 '$bin' export --db '$db' $selection --layout $layout --format svg -o '$out/p.svg'" 2>&1)
    rc=$?
    end=$(date +%s.%N)
    size=$(grep -o -m1 'svg width="[^"]*" height="[^"]*"' "$out/p.svg" 2>/dev/null)
    drawn=$(echo "$msg" | sed -n 's/^wrote [^:]*: \([0-9]* nodes\?, [0-9]* relationships\?\).*/\1/p')
    printf '%-45s %-6s %-32s %6.2f s  %s%s\n' "${selection:-whole graph}" "$layout" "$drawn" \
      "$(echo "$end - $start" | bc)" "$size" "$([ $rc -ne 0 ] && echo " (exit $rc)")"
  done
done
