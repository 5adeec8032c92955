// query, stats.

#include <iostream>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "cli/commands.h"
#include "graph/graph.h"
#include "query/format.h"

namespace newsgraph {

int RunQueryCommand(const QueryOptions& o) {
  auto format = ParseOutputFormat(o.format);
  if (!format.ok()) {
    PrintError(format.status());
    return kExitUsage;
  }
  auto params = ParseParams(o.params);
  if (!params.ok()) {
    PrintError(params.status());
    return kExitUsage;
  }
  auto graph = Graph::Open(o.db, OpenOptions::Reader());
  if (!graph.ok()) return OpenFailure(graph.status());
  auto result = RunQuery(*graph.value(), o.query, params.value(), o.limits);
  if (!result.ok()) {
    PrintError(result.status());
    return kExitError;
  }
  WriteResult(result.value(), format.value(), std::cout);
  return kExitOk;
}

int RunStats(const std::string& db, const std::string& format) {
  if (format != "table" && format != "json") {
    PrintError(Status::InvalidArgument("unknown format '" + format + "' (use table or json)"));
    return kExitUsage;
  }
  auto graph = Graph::Open(db, OpenOptions::Reader());
  if (!graph.ok()) return OpenFailure(graph.status());
  auto stats = graph.value()->Stats();
  if (!stats.ok()) {
    PrintError(stats.status());
    return kExitError;
  }
  const GraphStats& s = stats.value();
  if (format == "json") {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("nodes");
    w.Uint64(s.nodes);
    w.Key("relationships");
    w.Uint64(s.edges);
    w.Key("bytes_on_disk");
    w.Uint64(s.bytes_on_disk);
    for (auto [key, map] : {std::pair{"labels", &s.nodes_by_label}, std::pair{"relationship_types", &s.edges_by_type}}) {
      w.Key(key);
      w.StartObject();
      for (const auto& [k, v] : *map) {
        w.Key(k.c_str());
        w.Uint64(v);
      }
      w.EndObject();
    }
    w.EndObject();
    std::cout << buf.GetString() << "\n";
    return kExitOk;
  }
  QueryResult table;
  table.columns = {"kind", "name", "count"};
  for (const auto& [label, n] : s.nodes_by_label) table.rows.push_back({Value("label"), Value(label), Value(static_cast<int64_t>(n))});
  for (const auto& [type, n] : s.edges_by_type)
    table.rows.push_back({Value("relationship"), Value(type), Value(static_cast<int64_t>(n))});
  WriteResult(table, OutputFormat::kTable, std::cout);
  std::cout << s.nodes << " nodes, " << s.edges << " relationships, " << (s.bytes_on_disk + 512) / 1024
            << " KiB on disk\n";
  return kExitOk;
}

}  // namespace newsgraph
