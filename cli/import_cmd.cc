// import: a JSON export or neo4j-admin CSV files, validated whole, then one
// atomic bulk load.

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "graph/bulk_loader.h"
#include "graph/graph.h"
#include "import/import.h"

namespace newsgraph {

Result<char> ParseDelimiter(const std::string& text, const std::string& option) {
  if (text.size() == 1 && static_cast<unsigned char>(text[0]) < 0x80) return text[0];
  if (text == "TAB" || text == "\\t") return '\t';
  if (text.size() == 6 && (text.compare(0, 2, "U+") == 0 || text.compare(0, 2, "u+") == 0)) {
    unsigned long code = std::strtoul(text.c_str() + 2, nullptr, 16);
    if (code > 0 && code < 0x80) return static_cast<char>(code);
  }
  return Status::InvalidArgument(option + " '" + text + "': use one ASCII character, TAB, or U+XXXX (below U+0080)");
}

namespace {

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int RunImport(const ImportOptions& o) {
  auto start = std::chrono::steady_clock::now();
  ImportReaderOptions reader_options;
  auto format = ParseImportFormat(o.format);
  auto delimiter = ParseDelimiter(o.delimiter, "--delimiter");
  auto array_delimiter = ParseDelimiter(o.array_delimiter, "--array-delimiter");
  auto id_type = ParseIdType(o.id_type);
  for (const Status* s : {&format.status(), &delimiter.status(), &array_delimiter.status(), &id_type.status()}) {
    if (!s->ok()) {
      PrintError(*s);
      return kExitUsage;
    }
  }
  reader_options.format = format.value();
  reader_options.delimiter = delimiter.value();
  reader_options.array_delimiter = array_delimiter.value();
  reader_options.id_type = id_type.value();

  // An existing database is opened (and locked) first, so that a busy or
  // foreign one fails before the input is read; a new one is created only
  // once the input has been read without error.
  std::error_code ec;
  bool existed = std::filesystem::exists(o.db, ec);
  std::unique_ptr<Graph> graph;
  if (existed) {
    auto opened = Graph::Open(o.db, OpenOptions::Writer());
    if (!opened.ok()) return OpenFailure(opened.status());
    graph = std::move(opened).value();
  }
  BulkLoader loader;
  ImportStats stats;
  Status read = ReadImportFiles(o.paths, reader_options, &loader, &stats);
  if (!read.ok()) {
    PrintError(read);
    std::fprintf(stderr, "newsgraph: nothing was imported; %s %s\n", o.db.c_str(),
                 existed ? "is unchanged" : "was not created");
    return kExitError;
  }
  double read_seconds = Since(start);
  if (!graph) {
    auto opened = Graph::Open(o.db, OpenOptions::Writer());
    if (!opened.ok()) return OpenFailure(opened.status());
    graph = std::move(opened).value();
  }
  auto write_start = std::chrono::steady_clock::now();
  auto loaded = graph->BulkLoad(&loader);
  if (!loaded.ok()) {
    PrintError(loaded.status());
    graph.reset();
    if (!existed) std::filesystem::remove_all(o.db, ec);
    std::fprintf(stderr, "newsgraph: nothing was imported; %s %s\n", o.db.c_str(),
                 existed ? "is unchanged" : "was not created");
    return kExitError;
  }
  double write_seconds = Since(write_start);
  graph.reset();  // closes the database: the time includes everything until it is usable
  double total = Since(start);
  if (!o.quiet) {
    const BulkLoadOutcome& r = loaded.value();
    std::fprintf(stderr,
                 "imported %zu nodes and %zu relationships (%zu merged into an equal one) from %zu file%s (%.1f MB) "
                 "in %.2f s: read %.2f s, write %.2f s; %.0f relationships/s\n",
                 r.nodes, r.edges, r.merged, stats.files, stats.files == 1 ? "" : "s", stats.bytes / 1e6, total,
                 read_seconds, write_seconds, stats.edges / (total > 1e-9 ? total : 1e-9));
  }
  return kExitOk;
}

}  // namespace newsgraph
