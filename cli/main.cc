// newsgraph: news articles in, a knowledge graph out, path queries over it.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>

#include "base/date.h"
#include "base/spelling.h"
#include "cli/commands.h"
#include "extract/rules.h"

using namespace newsgraph;

namespace {

// A count option (--hops, --max-nodes): a whole number, 0 or more. CLI11's
// NonNegativeNumber said "not in range 0.000000 to 1797693...".
std::string CheckCount(const std::string& v) {
  size_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  return !v.empty() && ec == std::errc() && end == v.data() + v.size() ? std::string()
                                                                         : "'" + v + "' is not a whole number, 0 or more";
}

// --near-dup-threshold of ingest and reextract: a Jaccard index in (0, 1],
// or `off` (also 0) for no check (graph.h, kNearDuplicateType).
void AddNearDuplicateOption(CLI::App* cmd, double* threshold) {
  cmd->add_option_function<std::string>(
         "--near-dup-threshold",
         [threshold](const std::string& v) { *threshold = v == "off" ? 0 : std::stod(v); },
         "An article whose 5-word shingles overlap an earlier article's at least this much (Jaccard index, 0 to 1) "
         "is stored as its near duplicate: linked (new)-[:NEAR_DUPLICATE_OF]->(earlier), its relation statements "
         "not counted; `off` (or 0) stores every article as its own story (default: 0.9)")
      ->check([](const std::string& v) {
        if (v == "off") return std::string();
        char* end = nullptr;
        double d = std::strtod(v.c_str(), &end);
        bool number = !v.empty() && end == v.c_str() + v.size() && std::isfinite(d);
        return number && d >= 0 && d <= 1 ? std::string()
                                          : "'" + v + "' is not a threshold (a number from 0 to 1, or off)";
      });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "newsgraph: builds a knowledge graph of who does business with whom from news articles, and answers path "
      "queries over it in a subset of Cypher.\n\nExit codes: 0 ok, 1 bad input or failed query, 2 usage error, 3 "
      "database cannot be opened."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "newsgraph 0.1.0");

  IngestOptions ingest;
  auto* ingest_cmd = app.add_subcommand("ingest", "Extract facts from articles and store them in a database");
  ingest_cmd->add_option("--db", ingest.db, "Database directory (created if missing)")->required();
  ingest_cmd->add_option("--rules", ingest.rules, "Rule directory (default: the bundled rules, or $NEWSGRAPH_RULES)");
  ingest_cmd->add_flag("--facts", ingest.facts, "PATHs are facts JSONL written by `extract --with-text`");
  ingest_cmd->add_flag("-q,--quiet", ingest.quiet, "No summary on stderr");
  const char* threads_help = "Extracting threads, the main one included (default: one per core); the output is the "
                             "same for any number";
  const char* no_memory_help =
      "Extract each article alone. By default a name discovered in one article (\"a firm called Quorbit\") is known "
      "in every later one, and ingest also knows the names stored in the graph; so an article's facts depend on "
      "what came before it. Use this to reproduce one article's extraction on its own, or to compare rules "
      "article by article";
  ingest_cmd->add_option("--threads", ingest.threads, threads_help)->check(CLI::Range(1, 1024));
  ingest_cmd->add_flag("--no-memory", ingest.no_memory, no_memory_help);
  ingest_cmd->add_option("--date", ingest.date,
                         "Date (YYYY-MM-DD) of the articles that do not give one (a JSONL \"date\", a \"Date:\" line)")
      ->check([](const std::string& d) {
        Date date;
        return ParseIsoDate(d, &date) ? std::string() : "'" + d + "' is not a date (expected YYYY-MM-DD)";
      });
  ingest_cmd->add_option("--source", ingest.source,
                         "Source of the articles that do not give one (a JSONL \"source\", a \"Source:\" line)");
  ingest_cmd->add_option("paths", ingest.paths, ".txt/.jsonl files, directories, or - for stdin")->required();
  AddNearDuplicateOption(ingest_cmd, &ingest.near_duplicate_threshold);

  ExtractOptions extract;
  auto* extract_cmd = app.add_subcommand("extract", "Print the facts of each article as one JSON line (no database)");
  extract_cmd->add_option("--rules", extract.rules, "Rule directory (default: the bundled rules)");
  extract_cmd->add_flag("--with-text", extract.with_text, "Include the article text, for `ingest --facts`");
  extract_cmd->add_flag("--trace", extract.trace, "Print each tagged sentence and the rules that fired (stderr)");
  extract_cmd->add_option("--html", extract.html,
                          "Also write the facts as one self-contained HTML page to this file: each text with its "
                          "entities highlighted by label and relation sentences marked, and a table of relations "
                          "linked to them (- : the page on stdout instead of the JSON lines)")
      ->type_name("FILE");
  extract_cmd->add_option("--threads", extract.threads, threads_help)->check(CLI::Range(1, 1024));
  extract_cmd->add_flag("--no-memory", extract.no_memory, no_memory_help);
  extract_cmd->add_option("paths", extract.paths, ".txt/.jsonl files, directories, or - for stdin")->required();

  std::string rules_dir;
  auto* rules_cmd = app.add_subcommand("rules", "Work with rule files");
  rules_cmd->require_subcommand(1);
  auto* check_cmd = rules_cmd->add_subcommand("check", "Compile the rules and report every error as FILE:LINE: message");
  check_cmd->add_option("dir", rules_dir, "Rule directory (default: the bundled rules)");

  QueryOptions query;
  // A bad limit is a usage error (exit 2) here; -1, nan and 2^44 MiB were
  // taken as given (issue 18 D19).
  const CLI::Validator seconds(
      [](std::string& v) -> std::string {
        char* end = nullptr;
        double d = std::strtod(v.c_str(), &end);
        if (end == v.c_str() || *end != '\0' || !std::isfinite(d) || d < 0) return "must be a number of seconds, 0 or more";
        return "";
      },
      "SECONDS");
  const CLI::Validator count(
      [](std::string& v) -> std::string {
        if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
          return "must be a whole number, 0 or more";
        return "";
      },
      "COUNT");
  constexpr size_t kMaxMemoryMb = size_t{1} << 20;  // 1 TiB
  auto add_query_options = [&](CLI::App* cmd) {
    cmd->add_option("--db", query.db, "Database directory")->required();
    cmd->add_option("--param", query.params, "Query parameter name=value (repeatable)");
    cmd->add_option("--max-rows", query.limits.max_rows, "Stop a query holding more rows than this")
        ->capture_default_str()
        ->check(count);
    cmd->add_option("--timeout", query.limits.timeout_seconds, "Stop a query running longer (seconds)")
        ->capture_default_str()
        ->check(seconds);
    cmd->add_option("--max-expansions", query.limits.max_expansions, "Stop a query taking more relationship steps")
        ->capture_default_str()
        ->check(count);
    cmd->add_option("--max-memory", query.limits.max_memory_mb,
                    "Stop a query once memory grew by more than this (MiB; 0: no limit)")
        ->capture_default_str()
        ->check(CLI::Range(size_t{0}, kMaxMemoryMb));
  };
  auto* query_cmd = app.add_subcommand("query", "Run one query and print its result");
  add_query_options(query_cmd);
  query_cmd->add_option("--format", query.format, "table, json (one object per row) or csv")->capture_default_str();
  query_cmd->add_option("cypher", query.query, "The query, e.g. \"MATCH (n {name:'Amazon'})-->(m) RETURN m.name\"")
      ->required();
  auto* repl_cmd = app.add_subcommand("repl", "Interactive query shell (history, completion; :help inside)");
  add_query_options(repl_cmd);
  repl_cmd->add_option("--format", query.format, "table, json or csv")->capture_default_str();

  ExportOptions exp;
  auto* export_cmd = app.add_subcommand(
      "export", "Write a subgraph as GraphViz DOT (or render it to SVG/PNG/PDF), JSON, GraphML, or neo4j-admin CSV");
  export_cmd->add_option("--db", exp.db, "Database directory")->required();
  export_cmd->add_option("--format", exp.format,
                         "dot; svg, png, pdf (need Graphviz); json (read back by `import`, with evidence); graphml "
                         "(Gephi, yEd, NetworkX); neo4j-csv (nodes.csv and relationships.csv for neo4j-admin and "
                         "`import`)")
      ->capture_default_str();
  export_cmd->add_option("-o,--output", exp.output,
                         "Output file (default: stdout for dot, json, graphml); a directory for neo4j-csv");
  export_cmd->add_option("--query", exp.query, "Export what this query returns (nodes, relationships, paths)");
  export_cmd->add_option("--around", exp.around, "Export the neighbourhood of these named nodes");
  export_cmd->add_option("--hops", exp.hops, "Neighbourhood radius for --around")
      ->capture_default_str()
      ->check(CheckCount);
  export_cmd->add_option("--types", exp.types, "Only these relationship types")->delimiter(',');
  export_cmd->add_option("--labels", exp.labels, "Only nodes with one of these labels")->delimiter(',');
  export_cmd->add_flag("--articles", exp.articles, "Include Article nodes and MENTIONS edges");
  export_cmd->add_option("--param", exp.params, "Parameter for --query, name=value (repeatable)");
  export_cmd->add_option("--max-nodes", exp.max_nodes,
                         "At most this many nodes, those joined by the strongest relationships (most articles), the "
                         "--around nodes first; 0: all (not with --query)")
      ->capture_default_str()
      ->check(CheckCount);
  export_cmd->add_flag("--keep-isolated", exp.keep_isolated,
                       "dot/svg/png/pdf of the whole graph: also draw the nodes that no drawn relationship touches");
  export_cmd->add_option("--layout", exp.layout,
                         "dot/svg/png/pdf: Graphviz layout, dot (layered), sfdp or neato (force-directed) or circo "
                         "(circular); default: dot up to 40 nodes, else sfdp");
  export_cmd->add_option("--array-delimiter", exp.array_delimiter,
                         "neo4j-csv: between array elements and labels (a character, TAB or U+XXXX)")
      ->capture_default_str();

  ImportOptions imp;
  auto* import_cmd = app.add_subcommand(
      "import",
      "Bulk-load a graph from a JSON export or neo4j-admin CSV files. Imported nodes are always NEW nodes: they are "
      "never merged with stored ones by name, so importing into a database that holds data adds a second node for "
      "a name it knows; the import is refused when an imported article (content hash) is stored already.");
  import_cmd->add_option("--db", imp.db, "Database directory (created if missing)")->required();
  import_cmd->add_option("--format", imp.format, "json, neo4j-csv, or auto (JSON when a file starts with '{')")
      ->capture_default_str();
  import_cmd->add_option("--delimiter", imp.delimiter, "neo4j-csv field delimiter (a character, TAB or U+XXXX)")
      ->capture_default_str();
  import_cmd->add_option("--array-delimiter", imp.array_delimiter,
                         "neo4j-csv delimiter between array elements and between :LABEL labels")
      ->capture_default_str();
  import_cmd->add_option("--id-type", imp.id_type,
                         "neo4j-csv: how a named :ID column (id:ID) is stored as a property: string or integer")
      ->capture_default_str();
  import_cmd->add_flag("-q,--quiet", imp.quiet, "No summary on stderr");
  import_cmd->add_option("paths", imp.paths,
                         "Files (a directory: its .csv and .json files). neo4j-csv: node files (:ID column) and "
                         "relationship files (:START_ID, :END_ID, :TYPE), told apart by their header")
      ->required();
  import_cmd->footer(
      "Everything is read and checked before anything is written; the first problem is reported as FILE:LINE: "
      "message and the database is left exactly as it was. Relationships with the same (start, type, end) merge "
      "into one whose weight is the sum (weight:int/long column; default 1). A named :ID column (id:ID) is also "
      "stored as a property (a string, or a long with --id-type integer) with a property index on it for each "
      "label of its nodes; an unnamed :ID only links relationships to nodes.\n\nExamples:\n  newsgraph import --db copy.db graph.json\n  newsgraph import "
      "--db big.db --format neo4j-csv nodes.csv relationships.csv");

  AlgoOptions algo;
  auto* algo_cmd = app.add_subcommand(
      "algo", "Graph algorithms over the stored graph: pagerank, components, betweenness, shortest FROM TO");
  algo_cmd->add_option("--db", algo.db, "Database directory")->required();
  algo_cmd->add_option("algorithm", algo.algorithm, "pagerank, components, betweenness or shortest")
      ->required()
      ->check(CLI::IsMember({"pagerank", "components", "betweenness", "shortest"}));
  algo_cmd->add_option("from", algo.from, "shortest: the start node's name");
  algo_cmd->add_option("to", algo.to, "shortest: the end node's name");
  algo_cmd->add_option("--types", algo.types, "Only these relationship types")->delimiter(',');
  algo_cmd->add_option("--labels", algo.labels, "Only nodes with one of these labels")->delimiter(',');
  algo_cmd->add_flag("--articles", algo.articles, "Include Article nodes and MENTIONS edges");
  algo_cmd->add_flag("--weighted", algo.weighted, "shortest: least total 1/weight instead of fewest hops");
  algo_cmd->add_option("--limit", algo.limit, "Rows to print (0: all)")->capture_default_str();
  algo_cmd->add_option("--format", algo.format, "table, json or csv")->capture_default_str();
  algo_cmd->add_option("--timeout", algo.timeout_seconds, "Stop a run taking longer (seconds)")
      ->capture_default_str()
      ->check(seconds);

  ReextractOptions reextract;
  auto* reextract_cmd = app.add_subcommand(
      "reextract", "Rebuild the extracted graph from the stored article texts, e.g. after the rules changed");
  reextract_cmd->add_option("--db", reextract.db, "Database directory")->required();
  reextract_cmd->add_option("--rules", reextract.rules, "Rule directory (default: the bundled rules, or $NEWSGRAPH_RULES)");
  reextract_cmd->add_flag("-q,--quiet", reextract.quiet, "No summary on stderr");
  reextract_cmd->add_flag("--no-memory", reextract.no_memory, no_memory_help);
  reextract_cmd->add_flag("--discard-curated", reextract.discard_curated,
                          "Drop (and list) the curated or imported relationships that cannot be carried into the "
                          "rebuilt graph, instead of refusing");
  AddNearDuplicateOption(reextract_cmd, &reextract.near_duplicate_threshold);

  std::string repair_src, repair_dst;
  auto* repair_cmd = app.add_subcommand(
      "repair", "Copy what is readable of a damaged database into a new one, and say what was kept and lost");
  repair_cmd->add_option("src", repair_src, "The damaged database directory (never changed)")->required();
  repair_cmd->add_option("dst", repair_dst, "A new directory for the repaired copy")->required();
  repair_cmd->footer(
      "Used when a command refuses a database as damaged (exit 3). SRC's files are copied into DST and only the "
      "copy is repaired: its logs replayed past damaged records, or, when its MANIFEST is damaged, the manifest "
      "rebuilt from the table files (RocksDB's RepairDB; unreadable files are set aside in DST/lost/). The copy is "
      "then checked: every index against the records.\n\nExit codes: 0 repaired, and the copy passes the checks; "
      "1 the copy was written but fails them (the message names the first problem); 2 DST exists and is not "
      "empty, or lies inside SRC; 3 SRC cannot be read (missing, in use by a writer, beyond repair).\n\n"
      "Example:\n  newsgraph repair news.db news-repaired.db");

  std::string stats_db, stats_format = "table";
  auto* stats_cmd = app.add_subcommand("stats", "Counts by label and relationship type, size on disk");
  stats_cmd->add_option("--db", stats_db, "Database directory")->required();
  stats_cmd->add_option("--format", stats_format, "table or json")->capture_default_str();
  bool stats_articles = false;
  stats_cmd->add_flag("--articles", stats_articles, "Also count articles, distinct sources and the date range");

  // A mistyped command: CLI11 would say only "A subcommand is required".
  std::vector<std::string> names;
  for (const CLI::App* sub : static_cast<const CLI::App&>(app).get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  if (argc > 1 && argv[1][0] != '-' && std::find(names.begin(), names.end(), argv[1]) == names.end()) {
    std::string nearest = NearestWord(argv[1], names);
    std::cerr << "newsgraph: unknown command '" << argv[1] << "'"
              << (nearest.empty() ? "" : "; did you mean '" + nearest + "'?") << "\nRun with --help for more information.\n";
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  if (ingest_cmd->parsed()) {
    if (ingest.rules.empty()) ingest.rules = DefaultRulesDir();
    return RunIngest(ingest);
  }
  if (extract_cmd->parsed()) {
    if (extract.rules.empty()) extract.rules = DefaultRulesDir();
    return RunExtract(extract);
  }
  if (check_cmd->parsed()) return RunRulesCheck(rules_dir.empty() ? DefaultRulesDir() : rules_dir);
  if (query_cmd->parsed()) return RunQueryCommand(query);
  if (repl_cmd->parsed()) return RunRepl(query);
  if (export_cmd->parsed()) return RunExport(exp);
  if (algo_cmd->parsed()) return RunAlgo(algo);
  if (reextract_cmd->parsed()) {
    if (reextract.rules.empty()) reextract.rules = DefaultRulesDir();
    return RunReextract(reextract);
  }
  if (import_cmd->parsed()) return RunImport(imp);
  if (repair_cmd->parsed()) return RunRepair(repair_src, repair_dst);
  if (stats_cmd->parsed()) return RunStats(stats_db, stats_format, stats_articles);
  return kExitUsage;
}
