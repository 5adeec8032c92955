# newsgraph: the two commands of the README, and a few more.
#
#   make demo    install what is missing, build, ingest corpus/, run a path
#                query, export out/seed.dot and out/seed.svg
#   make test    install what is missing, build, run the whole test suite
#   make build   just build (Release with debug info) into build/
#   make asan    the test suite under AddressSanitizer + UBSan (build-asan/)

BUILD ?= build
JOBS ?= $(shell nproc)
NG := $(BUILD)/cli/newsgraph
DB := out/news.db
QUERY := MATCH (us {name:'United States'})-[:BLACKLISTS]->(firm)<-[s:PROVIDES_SERVICES_TO]-(p) RETURN p.name AS provider, collect(firm.name) AS blacklisted_clients, count(s) AS links ORDER BY provider

.PHONY: deps build test demo asan clean

deps:
	@bash .ci/install-deps

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure

demo: build
	@rm -rf $(DB) && mkdir -p out
	$(NG) ingest --db $(DB) corpus/
	$(NG) query --db $(DB) "$(QUERY)"
	$(NG) export --db $(DB) --format dot -o out/seed.dot
	$(NG) export --db $(DB) --format svg -o out/seed.svg

asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DNEWSGRAPH_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest -j $(JOBS) --output-on-failure

clean:
	rm -rf $(BUILD) build-asan out
