// stats: counts of nodes, edges, labels and types; with --articles, of
// articles, sources and dates.

#include <iostream>
#include <map>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "cli/commands.h"
#include "graph/graph.h"
#include "query/format.h"

namespace newsgraph {

namespace {

struct ArticleCounts {
  uint64_t articles = 0;
  std::map<std::string, uint64_t> by_source;  // "" for articles without one
  std::string first_date, last_date;
};

Status CountArticles(const Graph& graph, ArticleCounts* out) {
  return graph.ForEachNode("Article", [&](const Node& node) {
    ++out->articles;
    const std::string* source = StringProperty(node, "source");
    ++out->by_source[source ? *source : ""];
    std::string date = ArticleDateText(node);
    if (date.empty()) return Status::OK();
    if (out->first_date.empty() || date < out->first_date) out->first_date = date;
    if (date > out->last_date) out->last_date = date;
    return Status::OK();
  });
}

}  // namespace

int RunStats(const std::string& db, const std::string& format, bool articles) {
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
  ArticleCounts counts;
  if (articles) {
    Status c = CountArticles(*graph.value(), &counts);
    if (!c.ok()) {
      PrintError(c);
      return kExitError;
    }
  }
  size_t sources = counts.by_source.size() - (counts.by_source.count("") ? 1 : 0);
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
    w.Key("near_duplicates");
    w.Uint64(s.near_duplicates);
    for (auto [key, map] : {std::pair{"labels", &s.nodes_by_label}, std::pair{"relationship_types", &s.edges_by_type}}) {
      w.Key(key);
      w.StartObject();
      for (const auto& [k, v] : *map) {
        w.Key(k.c_str());
        w.Uint64(v);
      }
      w.EndObject();
    }
    if (articles) {
      w.Key("articles");
      w.Uint64(counts.articles);
      w.Key("sources");
      w.Uint64(sources);
      w.Key("articles_by_source");
      w.StartObject();
      for (const auto& [source, n] : counts.by_source) {
        w.Key(source.c_str());
        w.Uint64(n);
      }
      w.EndObject();
      w.Key("first_date");
      w.String(counts.first_date.c_str());
      w.Key("last_date");
      w.String(counts.last_date.c_str());
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
  for (const auto& [source, n] : counts.by_source)
    table.rows.push_back({Value("source"), Value(source.empty() ? "(none)" : source), Value(static_cast<int64_t>(n))});
  WriteResult(table, OutputFormat::kTable, std::cout);
  if (articles) {
    std::cout << counts.articles << " articles from " << sources << " source" << (sources == 1 ? "" : "s");
    if (!counts.first_date.empty()) std::cout << ", dated " << counts.first_date << " to " << counts.last_date;
    std::cout << "\n";
  }
  std::cout << s.nodes << " nodes, " << s.edges << " relationships, " << (s.bytes_on_disk + 512) / 1024
            << " KiB on disk\n";
  std::cout << s.near_duplicates << " near-duplicate article" << (s.near_duplicates == 1 ? "" : "s")
            << " (linked NEAR_DUPLICATE_OF an earlier one; their statements not counted)\n";
  return kExitOk;
}

}  // namespace newsgraph
