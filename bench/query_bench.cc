// Query latency on a generated graph: runs the Cypher of bench/queries.json
// (the same text the Kuzu peer runs) against a newsgraph database, warm-up
// once, then --reps timed runs; prints median and min per query, the result,
// whether it equals the generator's reference (meta.json), the row count and
// digest of the whole result (result_digest.h, compared with Kuzu's by
// query_vs_kuzu.sh) and the process's peak resident memory during the query.
//
//   build/bench/query_bench --db DIR --data DIR [--queries bench/queries.json] [--reps 5] [--json OUT]
//                           [--cache-mb 64]   (RocksDB block cache; Kuzu's buffer pool defaults to 80% of RAM)
//                           [--adjacency-cache-mb 64]   (decoded neighbour lists, graph/adjacency_cache.h; 0: none)
//                           [--only NAME,NAME] [--default-limits] [--timeout-s 120] [--slow-ms 0]
//
// Without --default-limits every query runs under raised limits (--timeout-s,
// no expansion, row or memory cap). With it, the warm-up runs under
// QueryLimits' defaults (what `newsgraph query` and the Python module use);
// a query those stop is reported with the limit's message ("limit") and then
// timed under the raised limits, so it still gets a time and a result.
//
// --slow-ms N: a query whose warm-up took longer than N ms gets one timed
// run instead of --reps (the JSON's "times_ms" says how many); for the
// 10M-edge graph, where a shape can take minutes. 0 (default): always --reps.
//
// Peak memory: VmHWM is reset (/proc/self/clear_refs, "5") before a query's
// warm-up and read after its last run, so each figure is the highest
// resident size of the whole process (caches included) while that query ran.
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

#include "bench/result_digest.h"
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

// Resets the kernel's peak-RSS mark (VmHWM) to the current resident size.
void ResetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

double PeakRssMb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  }
  return -1;
}

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
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
  std::vector<std::string> only;
  int reps = 5;
  double timeout_s = 120, slow_ms = 0;
  bool default_limits = false;
  size_t cache_mb = 64, adjacency_cache_mb = 64;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) db = argv[++i];
    else if (a == "--data" && i + 1 < argc) data = argv[++i];
    else if (a == "--queries" && i + 1 < argc) queries_path = argv[++i];
    else if (a == "--reps" && i + 1 < argc) reps = std::max(1, std::atoi(argv[++i]));
    else if (a == "--json" && i + 1 < argc) json_out = argv[++i];
    else if (a == "--only" && i + 1 < argc) only = SplitCommas(argv[++i]);
    else if (a == "--timeout-s" && i + 1 < argc) timeout_s = std::max(1.0, std::atof(argv[++i]));
    else if (a == "--default-limits") default_limits = true;
    else if (a == "--slow-ms" && i + 1 < argc) slow_ms = std::max(0.0, std::atof(argv[++i]));
    else if (a == "--cache-mb" && i + 1 < argc) cache_mb = static_cast<size_t>(std::max(1, std::atoi(argv[++i])));
    else if (a == "--adjacency-cache-mb" && i + 1 < argc)
      adjacency_cache_mb = static_cast<size_t>(std::max(0, std::atoi(argv[++i])));
    else {
      std::fprintf(stderr, "usage: query_bench --db DIR --data DIR [--queries FILE] [--reps N] [--json OUT] [--cache-mb N] "
                         "[--adjacency-cache-mb N] [--only NAME,..] [--default-limits] [--timeout-s S] [--slow-ms N]\n");
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
  QueryLimits raised;
  raised.timeout_seconds = timeout_s;
  raised.max_expansions = size_t{1} << 40;
  raised.max_rows = size_t{1} << 40;
  raised.max_memory_mb = 0;
  const QueryLimits defaults;  // what `newsgraph query` uses
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartArray();
  std::printf("%-32s %10s %10s %12s %12s %3s %8s %16s %8s %s\n", "query", "median_ms", "min_ms", "result", "expected",
              "ok", "rows", "digest", "peak_MB", "limit");
  int failures = 0;
  for (const auto& q : queries.GetArray()) {
    std::string name = q["name"].GetString();
    if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
    std::string cypher = Substitute(q["cypher"].GetString(), meta);
    bool ordered = q.HasMember("ordered") && q["ordered"].GetBool();
    std::string result = "-", expected = "-", digest = "-", limit;
    size_t rows = 0;
    if (meta.HasMember("reference_results") && meta["reference_results"].HasMember(name.c_str())) {
      const auto& ref = meta["reference_results"][name.c_str()];
      expected = ref.IsString() ? ref.GetString() : std::to_string(ref.GetInt64());
    }
    std::vector<double> ms;
    std::string error;
    ResetPeakRss();
    double rss_before_mb = PeakRssMb();
    const QueryLimits* limits = default_limits ? &defaults : &raised;
    int runs = reps;
    for (int r = 0; r <= runs; ++r) {  // the first run warms caches and is not counted
      auto start = std::chrono::steady_clock::now();
      auto res = RunQuery(*graph.value(), cypher, {}, *limits);
      double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      if (!res.ok() && r == 0 && limits != &raised && res.status().code() == Status::Code::kLimitExceeded) {
        limit = res.status().message();  // stopped by a default limit: say so, then time it without them
        if (elapsed >= 950 * defaults.timeout_seconds && timeout_s <= defaults.timeout_seconds) {
          error = "timeout under the default limits, and --timeout-s is no longer";  // no point running it again
          break;
        }
        limits = &raised;
        --r;
        continue;
      }
      if (!res.ok()) {
        error = res.status().message();
        break;
      }
      if (r == 0) {
        if (slow_ms > 0 && elapsed > slow_ms) runs = 1;
        rows = res->rows.size();
        digest = ResultDigest(res->rows, ordered);
        if (!res->rows.empty() && !res->rows[0].empty()) result = ToDisplay(res->rows[0][0]);
      }
      if (r > 0) ms.push_back(elapsed);
    }
    double peak_mb = PeakRssMb();
    if (!error.empty()) {
      std::printf("%-32s failed: %s%s%s\n", name.c_str(), error.c_str(), limit.empty() ? "" : "; under the default "
                  "limits: ", limit.c_str());
      ++failures;
      w.StartObject();
      w.Key("name");
      w.String(name.c_str());
      w.Key("error");
      w.String(error.c_str());
      if (!limit.empty()) {
        w.Key("limit");
        w.String(limit.c_str());
      }
      w.Key("peak_rss_mb");
      w.Double(peak_mb);
      w.EndObject();
      continue;
    }
    std::sort(ms.begin(), ms.end());
    bool ok = expected == "-" || result == expected;
    failures += !ok;
    if (result.size() > 12) result = result.substr(0, 11) + "~";
    std::printf("%-32s %10.2f %10.2f %12s %12s %3s %8zu %16s %8.0f %s\n", name.c_str(), ms[ms.size() / 2], ms[0],
                result.c_str(), expected.c_str(), ok ? "yes" : "NO", rows, digest.c_str(), peak_mb, limit.c_str());
    w.StartObject();
    w.Key("name");
    w.String(name.c_str());
    w.Key("median_ms");
    w.Double(ms[ms.size() / 2]);
    w.Key("min_ms");
    w.Double(ms[0]);
    w.Key("times_ms");
    w.StartArray();
    for (double t : ms) w.Double(t);
    w.EndArray();
    w.Key("result");
    w.String(result.c_str());
    w.Key("rows");
    w.Uint64(rows);
    w.Key("digest");
    w.String(digest.c_str());
    w.Key("peak_rss_mb");
    w.Double(peak_mb);
    w.Key("rss_before_mb");
    w.Double(rss_before_mb);
    if (!limit.empty()) {
      w.Key("limit");
      w.String(limit.c_str());
    }
    w.EndObject();
  }
  w.EndArray();
  if (!json_out.empty()) std::ofstream(json_out) << out.GetString() << "\n";
  return failures ? 1 : 0;
}
