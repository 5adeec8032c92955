// Query latency on a generated graph: runs the Cypher of bench/queries.json
// (the same text the Kuzu peer runs) against a newsgraph database, warm-up
// once, then --reps timed runs; prints median and min per query, the result,
// and whether it equals the generator's reference (meta.json).
//
//   build/bench/query_bench --db DIR --data DIR [--queries bench/queries.json] [--reps 5] [--json OUT]
//                           [--cache-mb 64]   (RocksDB block cache; Kuzu's buffer pool defaults to 80% of RAM)
//                           [--adjacency-cache-mb 64]   (decoded neighbour lists, graph/adjacency_cache.h; 0: none)
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "query/query.h"

using namespace newsgraph;

namespace {

bool ReadJson(const std::string& path, rapidjson::Document* doc) {
  std::ifstream in(path);
  if (!in) return false;
  std::stringstream buf;
  buf << in.rdbuf();
  doc->Parse(buf.str().c_str());
  return !doc->HasParseError();
}

std::string Substitute(std::string text, const rapidjson::Document& meta) {
  for (const char* key : {"hub", "normal", "target"}) {
    std::string placeholder = std::string("{") + key + "}";
    if (!meta.HasMember(key)) continue;
    std::string value = std::to_string(meta[key].GetInt64());
    size_t at;
    while ((at = text.find(placeholder)) != std::string::npos) text.replace(at, placeholder.size(), value);
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, data, queries_path = "bench/queries.json", json_out;
  int reps = 5;
  size_t cache_mb = 64, adjacency_cache_mb = 64;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) db = argv[++i];
    else if (a == "--data" && i + 1 < argc) data = argv[++i];
    else if (a == "--queries" && i + 1 < argc) queries_path = argv[++i];
    else if (a == "--reps" && i + 1 < argc) reps = std::max(1, std::atoi(argv[++i]));
    else if (a == "--json" && i + 1 < argc) json_out = argv[++i];
    else if (a == "--cache-mb" && i + 1 < argc) cache_mb = static_cast<size_t>(std::max(1, std::atoi(argv[++i])));
    else if (a == "--adjacency-cache-mb" && i + 1 < argc)
      adjacency_cache_mb = static_cast<size_t>(std::max(0, std::atoi(argv[++i])));
    else {
      std::fprintf(stderr, "usage: query_bench --db DIR --data DIR [--queries FILE] [--reps N] [--json OUT] [--cache-mb N] "
                         "[--adjacency-cache-mb N]\n");
      return 2;
    }
  }
  rapidjson::Document queries, meta;
  if (!ReadJson(queries_path, &queries) || !queries.IsArray()) {
    std::fprintf(stderr, "query_bench: cannot read %s\n", queries_path.c_str());
    return 2;
  }
  if (!ReadJson(data + "/meta.json", &meta)) {
    std::fprintf(stderr, "query_bench: cannot read %s/meta.json (generate it: python3 bench/gen_graph.py --out %s)\n",
                 data.c_str(), data.c_str());
    return 2;
  }
  OpenOptions options = OpenOptions::Reader();
  options.block_cache_bytes = cache_mb << 20;
  options.adjacency_cache_bytes = adjacency_cache_mb << 20;
  auto graph = Graph::Open(db, options);
  if (!graph.ok()) {
    std::fprintf(stderr, "query_bench: %s\n", graph.status().message().c_str());
    return 2;
  }
  QueryLimits limits;
  limits.timeout_seconds = 120;
  limits.max_expansions = size_t{1} << 40;
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartArray();
  std::printf("%-30s %12s %12s %12s %12s %s\n", "query", "median_ms", "min_ms", "result", "expected", "ok");
  int failures = 0;
  for (const auto& q : queries.GetArray()) {
    std::string name = q["name"].GetString();
    std::string cypher = Substitute(q["cypher"].GetString(), meta);
    std::string result = "-", expected = "-";
    if (meta.HasMember("reference_results") && meta["reference_results"].HasMember(name.c_str())) {
      const auto& ref = meta["reference_results"][name.c_str()];
      expected = ref.IsString() ? ref.GetString() : std::to_string(ref.GetInt64());
    }
    std::vector<double> ms;
    std::string error;
    for (int r = 0; r <= reps; ++r) {  // the first run warms caches and is not counted
      auto start = std::chrono::steady_clock::now();
      auto res = RunQuery(*graph.value(), cypher, {}, limits);
      double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (!res.ok()) {
        error = res.status().message();
        break;
      }
      if (!res->rows.empty() && !res->rows[0].empty()) result = ToDisplay(res->rows[0][0]);
      if (r > 0) ms.push_back(elapsed);
    }
    if (!error.empty()) {
      std::printf("%-30s failed: %s\n", name.c_str(), error.c_str());
      ++failures;
      continue;
    }
    std::sort(ms.begin(), ms.end());
    bool ok = expected == "-" || result == expected;
    failures += !ok;
    std::printf("%-30s %12.2f %12.2f %12s %12s %s\n", name.c_str(), ms[ms.size() / 2], ms[0], result.c_str(),
                expected.c_str(), ok ? "yes" : "NO");
    w.StartObject();
    w.Key("name");
    w.String(name.c_str());
    w.Key("median_ms");
    w.Double(ms[ms.size() / 2]);
    w.Key("min_ms");
    w.Double(ms[0]);
    w.Key("result");
    w.String(result.c_str());
    w.EndObject();
  }
  w.EndArray();
  if (!json_out.empty()) std::ofstream(json_out) << out.GetString() << "\n";
  return failures ? 1 : 0;
}
