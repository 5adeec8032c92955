// query, export, stats.

#include <fstream>
#include <iostream>
#include <sstream>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "cli/commands.h"
#include "export/dot.h"
#include "export/render.h"
#include "export/subgraph.h"
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
  // Readers stay lock-free: only a query with a writing clause opens the
  // database as the writer. A syntax error is reported by RunQuery below.
  Result<bool> writes = QueryWrites(o.query);
  bool writer = writes.ok() && writes.value();
  OpenOptions open = OpenOptions::Reader();
  if (writer) open.read_only = false;  // an existing database only: no create_if_missing
  auto graph = Graph::Open(o.db, open);
  if (!graph.ok()) return OpenFailure(graph.status());
  auto result = writer ? RunQuery(*graph.value(), o.query, params.value(), o.limits)
                       : RunQuery(static_cast<const Graph&>(*graph.value()), o.query, params.value(), o.limits);
  if (!result.ok()) {
    PrintError(result.status());
    return kExitError;
  }
  WriteResult(result.value(), format.value(), std::cout);
  if (result->wrote && format.value() != OutputFormat::kTable) std::cerr << StatsSummary(result->stats) << "\n";
  return kExitOk;
}

int RunExport(const ExportOptions& o) {
  if (o.format != "dot" && o.format != "svg" && o.format != "png" && o.format != "pdf") {
    PrintError(Status::InvalidArgument("unknown export format '" + o.format + "' (use dot, svg, png or pdf)"));
    return kExitUsage;
  }
  if (o.format != "dot" && (o.output.empty() || o.output == "-")) {
    PrintError(Status::InvalidArgument("--format " + o.format + " needs an output file: -o FILE"));
    return kExitUsage;
  }
  if (!o.query.empty() && !o.around.empty()) {
    PrintError(Status::InvalidArgument("use either --query or --around, not both"));
    return kExitUsage;
  }
  auto graph = Graph::Open(o.db, OpenOptions::Reader());
  if (!graph.ok()) return OpenFailure(graph.status());
  SubgraphOptions options;
  options.include_articles = o.articles;
  options.edge_types = o.types;
  options.labels = o.labels;
  Result<Subgraph> sub = Status::Internal("unset");
  if (!o.query.empty()) {
    auto params = ParseParams(o.params);
    if (!params.ok()) {
      PrintError(params.status());
      return kExitUsage;
    }
    auto result = RunQuery(*graph.value(), o.query, params.value(), QueryLimits());
    if (!result.ok()) {
      PrintError(result.status());
      return kExitError;
    }
    sub = SubgraphOfResult(*graph.value(), result.value());
  } else if (!o.around.empty()) {
    sub = SubgraphAround(*graph.value(), o.around, o.hops, options);
  } else {
    sub = WholeGraph(*graph.value(), options);
  }
  if (!sub.ok()) {
    PrintError(sub.status());
    return kExitError;
  }
  std::ostringstream dot;
  WriteDot(sub.value(), dot);
  if (o.format == "dot") {
    if (o.output.empty() || o.output == "-") {
      std::cout << dot.str();
      return kExitOk;
    }
    std::ofstream out(o.output, std::ios::binary);
    out << dot.str();
    if (!out) {
      PrintError(Status::IOError("cannot write " + o.output));
      return kExitError;
    }
  } else {
    Status s = RenderDot(dot.str(), o.format, o.output);
    if (!s.ok()) {
      PrintError(s);
      return kExitError;
    }
  }
  std::cerr << "wrote " << o.output << ": " << sub->nodes.size() << " nodes, " << sub->edges.size()
            << " relationships\n";
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
