// export: a subgraph (whole graph, --query, --around) as DOT, SVG/PNG/PDF,
// JSON, GraphML or neo4j-admin CSV.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "export/caption.h"
#include "export/dot.h"
#include "export/graphml.h"
#include "export/json.h"
#include "export/neo4j_csv.h"
#include "export/render.h"
#include "export/subgraph.h"
#include "graph/graph.h"

namespace newsgraph {

namespace {

bool Rendered(const std::string& f) { return f == "svg" || f == "png" || f == "pdf"; }
bool Picture(const std::string& f) { return f == "dot" || Rendered(f); }

Result<Subgraph> Select(const Graph& graph, const ExportOptions& o, bool* usage_error) {
  SubgraphOptions options;
  options.include_articles = o.articles;
  options.edge_types = o.types;
  options.labels = o.labels;
  options.keep_isolated = o.keep_isolated || !Picture(o.format);  // data exports hold everything selected
  options.max_nodes = static_cast<size_t>(o.max_nodes);
  if (!o.query.empty()) {
    auto params = ParseParams(o.params);
    if (!params.ok()) {
      *usage_error = true;
      return params.status();
    }
    auto result = RunQuery(graph, o.query, params.value(), QueryLimits());
    if (!result.ok()) return result.status();
    Result<Subgraph> sub = SubgraphOfResult(graph, result.value());
    // Rows of names or numbers would export as an empty graph, exit 0.
    if (sub.ok() && sub->nodes.empty() && sub->edges.empty() && !result->rows.empty())
      return Status::InvalidArgument("the query's result holds no nodes, relationships or paths, only values (" +
                                     CommaJoined(result->columns) +
                                     "); return the nodes, relationships or paths themselves, e.g. RETURN n, r");
    return sub;
  }
  if (!o.around.empty()) return SubgraphAround(graph, o.around, o.hops, options);
  return WholeGraph(graph, options);
}

Status WriteText(const std::string& text, const std::string& output) {
  if (output.empty() || output == "-") {
    std::cout << text;
    std::cout.flush();
    return std::cout ? Status::OK() : Status::IOError("cannot write to stdout");
  }
  std::ofstream out(output, std::ios::binary);
  out << text;
  return out ? Status::OK() : Status::IOError("cannot write " + output);
}

}  // namespace

int RunExport(const ExportOptions& o) {
  const std::string& f = o.format;
  if (f != "dot" && !Rendered(f) && f != "json" && f != "graphml" && f != "neo4j-csv") {
    PrintError(Status::InvalidArgument("unknown export format '" + f +
                                       "' (use dot, svg, png, pdf, json, graphml or neo4j-csv)"));
    return kExitUsage;
  }
  bool to_stdout = o.output.empty() || o.output == "-";
  if ((Rendered(f) || f == "neo4j-csv") && to_stdout) {
    PrintError(Status::InvalidArgument("--format " + f + " needs an output " +
                                       (f == "neo4j-csv" ? "directory: -o DIR" : "file: -o FILE")));
    return kExitUsage;
  }
  if (!o.query.empty() && !o.around.empty()) {
    PrintError(Status::InvalidArgument("use either --query or --around, not both"));
    return kExitUsage;
  }
  if (!o.layout.empty() && !IsLayout(o.layout)) {
    PrintError(Status::InvalidArgument("unknown --layout '" + o.layout + "' (use dot, sfdp, neato or circo)"));
    return kExitUsage;
  }
  if (o.max_nodes > 0 && !o.query.empty()) {
    PrintError(Status::InvalidArgument("--max-nodes ranks the whole graph or an --around neighbourhood, not a "
                                       "--query's result; put a LIMIT in the query instead"));
    return kExitUsage;
  }
  auto delimiter = ParseDelimiter(o.array_delimiter, "--array-delimiter");
  if (!delimiter.ok()) {
    PrintError(delimiter.status());
    return kExitUsage;
  }
  if (!to_stdout) {  // -o DB/CURRENT replaced a file of the database being read
    std::error_code ec;
    std::filesystem::path db = std::filesystem::weakly_canonical(o.db, ec);
    std::filesystem::path out = std::filesystem::weakly_canonical(o.output, ec);
    if (!ec && std::mismatch(db.begin(), db.end(), out.begin(), out.end()).first == db.end()) {
      PrintError(Status::InvalidArgument("-o " + o.output + " lies inside the database " + o.db +
                                         ", whose files it would overwrite; write it elsewhere"));
      return kExitUsage;
    }
  }
  auto graph = Graph::Open(o.db, OpenOptions::Reader());
  if (!graph.ok()) return OpenFailure(graph.status());
  bool usage_error = false;
  Result<Subgraph> sub = Select(*graph.value(), o, &usage_error);
  if (!sub.ok()) {
    PrintError(sub.status());
    return usage_error ? kExitUsage : kExitError;
  }
  const Subgraph& g = sub.value();
  Status written;
  std::string admin_command;
  if (f == "neo4j-csv") {
    Neo4jCsvOptions options;
    options.array_delimiter = delimiter.value();
    written = WriteNeo4jCsv(g, options, o.output, &admin_command);
  } else {
    std::ostringstream text;
    if (f == "json") WriteJsonGraph(g, text);
    else if (f == "graphml") WriteGraphml(g, text);
    else WriteDot(g, text, DotOptions{PictureCaption({o.db, o.query, o.around, o.hops, o.types, o.labels}, g), o.layout});
    std::vector<std::string> graphviz_said;
    written = Rendered(f) ? RenderDot(text.str(), f, o.output, &graphviz_said) : WriteText(text.str(), o.output);
    if (written.ok()) {
      for (const std::string& line : graphviz_said) {
        if (IsScalingWarning(line))
          std::cerr << "newsgraph: warning: Graphviz shrank the picture to fit its size limit, so it may be hard to "
                       "read; draw fewer nodes (--max-nodes, --types, --labels) or try another --layout ("
                    << line << ")\n";
        else
          std::cerr << "graphviz: " << line << "\n";
      }
    }
  }
  if (!written.ok()) {
    PrintError(written);
    return kExitError;
  }
  if (f == "neo4j-csv") {
    std::cerr << "wrote " << o.output << "/nodes.csv (" << g.nodes.size() << " nodes) and " << o.output
              << "/relationships.csv (" << g.edges.size() << " relationships); load them into Neo4j with:\n  "
              << admin_command << "\n";
  } else if (!to_stdout) {
    std::cerr << "wrote " << o.output << ": " << CountOf(g.nodes.size(), "node") << ", "
              << CountOf(g.edges.size(), "relationship");
    if (g.weaker_left_out > 0)
      std::cerr << "; " << CountOf(g.weaker_left_out, "node") << " with weaker relationships left out (--max-nodes)";
    if (g.isolated_left_out > 0)
      std::cerr << "; " << CountOf(g.isolated_left_out, "node")
                << " without a drawn relationship left out (--keep-isolated)";
    std::cerr << "\n";
  }
  return kExitOk;
}

}  // namespace newsgraph
