#!/usr/bin/env bash
# Extraction throughput on a real corpus, next to NER peers from npm, and the
# same extraction with a gazetteer 20x larger (cost per byte must stay flat).
#
#   bench/extract_bench.sh [CORPUS_DIR]     (default: ../shared/corpora/bbc)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpora/bbc}
if [ ! -d "$corpus" ]; then
  echo "extract_bench: corpus not found at $corpus (pass its path as the first argument)" >&2
  exit 2
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build build -j "$(nproc)" --target extract_bench >/dev/null

echo "== newsgraph, default rules ($(grep -vc '^#' extract/rules/gazetteer.tsv) gazetteer lines)"
build/bench/extract_bench --corpus "$corpus" --passes 5 2>/dev/null | tail -2

big=$(mktemp -d)
trap 'rm -rf "$big"' EXIT
cp extract/rules/* "$big/"
# 10,000 synthetic companies with two aliases each: names that do not occur
# in the corpus, so the work per byte can only grow through lookup cost.
python3 - "$big/gazetteer.tsv" <<'PY'
import random, sys
random.seed(7)
syl = ["zor", "quan", "lix", "vel", "tarn", "bex", "mir", "dal", "kor", "pex", "ulo", "rin", "sab", "tov"]
with open(sys.argv[1], "a") as f:
    for i in range(10000):
        name = "".join(random.choice(syl) for _ in range(3)).capitalize() + f" Holdings{i}"
        f.write(f"{name}\tCompany\t{name.split()[0]} Group{i}|{name.split()[0]}{i}\t-\n")
PY
echo "== newsgraph, gazetteer + 10,000 synthetic entities"
build/bench/extract_bench --corpus "$corpus" --rules "$big" --passes 5 2>/dev/null | tail -2

if [ -d bench/peers/node_modules/wink-nlp ]; then
  echo "== wink-nlp (npm), same corpus"
  node bench/peers/ner_bench.mjs --corpus "$corpus" --lib wink --passes 3 | grep -E "MB/s|load"
  echo "== compromise (npm), same corpus"
  node bench/peers/ner_bench.mjs --corpus "$corpus" --lib compromise --passes 1 | grep -E "MB/s|load"
else
  echo "(peers not installed: cd bench/peers && npm install)"
fi
