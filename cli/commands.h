// The newsgraph subcommands. Each takes its parsed options and returns the
// process exit code:
//   0 success
//   1 bad input or a failed query (messages on stderr; what was good is kept)
//   2 usage error (bad option; CLI11 prints the usage)
//   3 the database could not be opened (missing, in use, not ours, damaged)
#ifndef NEWSGRAPH_CLI_COMMANDS_H_
#define NEWSGRAPH_CLI_COMMANDS_H_

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/load.h"  // LoadRules, PrimeMemory, IngestArticles: shared with python/
#include "query/format.h"
#include "query/query.h"

namespace newsgraph {

class EntityMemory;
class Graph;
class RuleSet;

enum ExitCode { kExitOk = 0, kExitError = 1, kExitUsage = 2, kExitDatabase = 3 };

struct IngestOptions {
  std::string db;
  std::string rules;
  std::vector<std::string> paths;
  bool facts = false;  // paths hold facts JSONL from `extract --with-text`
  bool quiet = false;
  int threads = 0;         // extracting threads, the calling one included; 0: one per core
  bool no_memory = false;  // extract each article alone (no names from the graph or earlier articles)
  std::string date, source;  // for articles that do not say (cli/load.h, ArticleDefaults)
  double near_duplicate_threshold = kDefaultNearDuplicateThreshold;  // OpenOptions'; 0: no check
};
int RunIngest(const IngestOptions& o);

struct ExtractOptions {
  std::string rules;
  std::vector<std::string> paths;
  bool with_text = false;
  bool trace = false;  // tagged sentences and rule decisions on stderr
  // The facts as one HTML page (extract/facts_html.h) written to this file
  // as well as the JSON lines on stdout; "-": the page on stdout instead of
  // them; "": none.
  std::string html;
  int threads = 0;         // as IngestOptions
  bool no_memory = false;  // each article alone, as if it were the only input
};
int RunExtract(const ExtractOptions& o);

int RunRulesCheck(const std::string& dir);

struct QueryOptions {
  std::string db;
  std::string query;
  std::string format = "table";
  std::vector<std::string> params;
  QueryLimits limits;
};
int RunQueryCommand(const QueryOptions& o);
int RunRepl(const QueryOptions& o);

struct ExportOptions {
  std::string db;
  std::string format = "dot";  // dot svg png pdf json graphml neo4j-csv
  std::string output;          // "" or "-": stdout (dot, json, graphml); a directory for neo4j-csv
  std::string query;
  std::vector<std::string> around;
  int hops = 1;
  std::vector<std::string> types;
  std::vector<std::string> labels;
  bool articles = false;
  std::vector<std::string> params;
  std::string array_delimiter = ";";  // neo4j-csv
  int max_nodes = 0;                   // --around and the whole graph: the strongest this many (0: all)
  bool keep_isolated = false;          // pictures (dot, svg, png, pdf): also nodes without a drawn edge
  std::string layout;                  // pictures: dot, sfdp, neato or circo; "": by size (export/dot.h)
};
int RunExport(const ExportOptions& o);

struct ImportOptions {
  std::string db;
  std::string format = "auto";
  std::string delimiter = ",";
  std::string array_delimiter = ";";
  std::string id_type = "string";
  std::vector<std::string> paths;
  bool quiet = false;
};
int RunImport(const ImportOptions& o);


// With `articles`: also the number of articles and of distinct sources,
// articles per source, and the first and last article date (one pass over
// the Article nodes).
int RunStats(const std::string& db, const std::string& format, bool articles = false);

// Whole-graph algorithms (graph/algorithms.h) printed as a sorted table.
struct AlgoOptions {
  std::string db;
  std::string algorithm;  // pagerank, components, betweenness, shortest
  std::string from, to;   // shortest: node names
  std::vector<std::string> types;
  std::vector<std::string> labels;
  bool articles = false;
  bool weighted = false;  // shortest: Dijkstra with cost 1/weight instead of hops
  size_t limit = 20;      // rows; 0 = all
  std::string format = "table";
  double timeout_seconds = 60;  // a run taking longer stops: exit 1 (AlgoLimits)
};
int RunAlgo(const AlgoOptions& o);

// Rebuilds the extracted graph from the stored article texts with `rules`
// (graph/rebuild.h): the result equals a fresh ingest of those articles.
struct ReextractOptions {
  std::string db;
  std::string rules;
  bool quiet = false;
  bool no_memory = false;  // as IngestOptions
  bool discard_curated = false;  // drop (and list) what cannot be carried
  double near_duplicate_threshold = kDefaultNearDuplicateThreshold;  // as IngestOptions
};
int RunReextract(const ReextractOptions& o);

// Copies what is readable of the damaged database `src` into the new
// directory `dst` (graph/repair.h) and prints what it kept and lost.
// 0: the copy passes the integrity checks; 1: it was written but fails
// them; 2: `dst` is not a new directory; 3: `src` cannot be read.
int RunRepair(const std::string& src, const std::string& dst);

// ---- shared by the commands
// Prints "newsgraph: <message>" to stderr.
void PrintError(const Status& s);
// A query's warnings (QueryResult::warnings) on stderr, "warning: " first.
void PrintWarnings(const QueryResult& result);
// The exit code for a failure to open a database.
int OpenFailure(const Status& s);
// Parses --param name=value strings.
Result<Params> ParseParams(const std::vector<std::string>& params);
// --format and --param of `query` and `repl`: fills *format and *params, or
// prints the problem and returns kExitUsage.
int ParseQueryOutput(const QueryOptions& o, OutputFormat* format, Params* params);
// A CSV delimiter option: one ASCII character, TAB, or U+XXXX below U+0080.
Result<char> ParseDelimiter(const std::string& text, const std::string& option);

}  // namespace newsgraph

#endif  // NEWSGRAPH_CLI_COMMANDS_H_
