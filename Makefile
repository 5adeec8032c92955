# newsgraph: the two commands of the README, and a few more.
#
#   make demo    install what is missing, build, ingest corpus/, run a path
#                query, export out/seed.dot and out/seed.svg
#   make test    install what is missing, build, run the whole test suite
#   make build   just build (Release with debug info) into build/
#   make python  just the Python module, into build/python (python/README.md):
#                PYTHONPATH=build/python python3 -c 'import newsgraph'
#   make asan    the test suite under AddressSanitizer + UBSan (build-asan/);
#                the openCypher TCK runs in `make test` only (minutes under ASan)
#   make fuzz    each libFuzzer target for FUZZ_SECONDS (clang; build-fuzz/);
#                a crash leaves its input in build-fuzz/crashes/ and fails
#   make eval    build the CLI, then score extraction on the dev set
#                (../shared/dev, or $NEWSGRAPH_SHARED/dev) and the seed with
#                extract/eval/eval.py: a table per predicate, each miss with
#                its sentence and rule; fails below extract/eval/floor.txt.
#                EVAL_ARGS passes options: EVAL_ARGS="--misses BANS",
#                "--rules my-rules/", "--quiet", "--markdown"

BUILD ?= build
JOBS ?= $(shell nproc)
NG := $(BUILD)/cli/newsgraph
DB := out/news.db
QUERY := MATCH (us {name:'United States'})-[:BLACKLISTS]->(firm)<-[s:PROVIDES_SERVICES_TO]-(p) RETURN p.name AS provider, collect(firm.name) AS blacklisted_clients, count(s) AS links ORDER BY provider

.PHONY: deps build python test demo asan fuzz eval clean
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := query_parser_fuzzer rules_fuzzer extractor_fuzzer jsonl_fuzzer import_csv_fuzzer facts_jsonl_fuzzer

deps:
	@bash .ci/install-deps

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

python: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target newsgraph_python

test: build
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure

eval: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target newsgraph
	python3 extract/eval/eval.py --bin $(NG) $(EVAL_ARGS)

demo: build
	@rm -rf $(DB) && mkdir -p out
	$(NG) ingest --db $(DB) corpus/
	$(NG) query --db $(DB) "$(QUERY)"
	$(NG) export --db $(DB) --format dot -o out/seed.dot
	$(NG) export --db $(DB) --format svg -o out/seed.svg

asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DNEWSGRAPH_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest -j $(JOBS) --output-on-failure -E '^TCK '

fuzz: deps
	@CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSGRAPH_FUZZ=ON -DNEWSGRAPH_BUILD_BENCH=OFF >/dev/null
	@cmake --build build-fuzz -j $(JOBS) --target $(FUZZ_TARGETS)
	@mkdir -p build-fuzz/crashes
	@for t in $(FUZZ_TARGETS); do \
	  rm -rf build-fuzz/work-$$t && cp -r tests/fuzz/corpus/$$t build-fuzz/work-$$t && \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s" && \
	  build-fuzz/tests/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=build-fuzz/crashes/$$t- -print_final_stats=1 build-fuzz/work-$$t 2>build-fuzz/$$t.log \
	    || { tail -40 build-fuzz/$$t.log; echo "fuzz: $$t crashed; input kept in build-fuzz/crashes/ (copy it to tests/fuzz/regressions/$$t/)"; exit 1; }; \
	  grep -E "stat::number_of_executed_units|cov:" build-fuzz/$$t.log | tail -2; \
	done

clean:
	rm -rf $(BUILD) build-asan build-fuzz out
