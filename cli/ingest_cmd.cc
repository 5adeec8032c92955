// ingest: articles (or facts JSONL) into the graph.

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "base/date.h"
#include "base/hash.h"
#include "base/line_reader.h"
#include "base/ordered_pipeline.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "extract/article_reader.h"
#include "extract/entity_memory.h"
#include "extract/extractor.h"
#include "extract/facts_json.h"
#include "extract/pipeline.h"
#include "graph/article_batch.h"
#include "graph/graph.h"

namespace newsgraph {

namespace {

size_t TotalBytes(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  size_t total = 0;
  std::error_code ec;
  for (const std::string& p : paths) {
    if (p == "-") continue;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec)) total += it->file_size(ec);
    } else if (fs::is_regular_file(p, ec)) {
      total += fs::file_size(p, ec);
    }
  }
  return total;
}

// One line of facts JSONL and where it is, for messages.
struct FactsLine {
  std::string json;
  std::string where;  // "PATH:LINE"
  Status error;  // the line could not be read (json is empty)
};

// Reads facts JSONL (from `extract --with-text`) instead of articles. Lines
// are parsed on worker threads while the calling thread stores (`fn`), in
// file order; a line that does not parse or is over the article limit, and
// a file that cannot be read, is reported in that order, counted in
// *errors and skipped.
Status ReadFactsFiles(const std::vector<std::string>& paths, const std::function<Status(ArticleFacts&&)>& fn,
                      size_t* errors) {
  OrderedPipeline<FactsLine, Result<ArticleFacts>> pipeline(
      [](FactsLine& line) -> Result<ArticleFacts> {
        if (!line.error.ok()) return line.error;
        Result<ArticleFacts> facts = FactsFromJson(line.json, line.where);
        Date date;
        if (facts.ok() && !facts->date.empty() && !ParseIsoDate(facts->date, &date))
          return Status::InvalidArgument(line.where + ": field \"date\": '" + facts->date +
                                         "' is not a date (expected YYYY-MM-DD)");
        return facts;
      },
      OrderedPipeline<FactsLine, Result<ArticleFacts>>::DefaultThreads(),
      [&](Result<ArticleFacts>&& facts) {
        if (facts.ok()) return fn(std::move(facts).value());
        PrintError(facts.status());
        ++*errors;
        return Status::OK();
      },
      ArticleBatch::kPipelineWindow);
  for (const std::string& path : paths) {
    LineReader in(path, ReadOptions().max_article_bytes);
    while (in.Next()) {
      if (in.too_long()) {
        NG_RETURN_IF_ERROR(pipeline.Push(FactsLine{"", in.where(), in.TooLong("article")}));
        continue;
      }
      if (in.line().find_first_not_of(" \t\r") == std::string_view::npos) continue;
      NG_RETURN_IF_ERROR(pipeline.Push(FactsLine{std::string(in.line()), in.where(), Status::OK()}));
    }
    if (!in.status().ok()) NG_RETURN_IF_ERROR(pipeline.Push(FactsLine{"", in.name(), in.status()}));
  }
  return pipeline.Finish();
}

}  // namespace

int RunIngest(const IngestOptions& o) {
  std::shared_ptr<const RuleSet> rules;
  if (!o.facts) {
    auto loaded = LoadRules(o.rules);
    if (!loaded.ok()) {
      PrintError(loaded.status());
      return kExitError;
    }
    rules = loaded.value();
  }
  OpenOptions writer = OpenOptions::Writer();
  writer.near_duplicate_threshold = o.near_duplicate_threshold;
  auto graph = Graph::Open(o.db, writer);
  if (!graph.ok()) return OpenFailure(graph.status());

  const uint64_t nodes_before = graph.value()->NodeCount(), edges_before = graph.value()->EdgeCount();
  // The total (for the ETA) costs a stat of every input file: only worth it
  // when the progress line is shown, on a terminal.
  Progress progress(::isatty(2) ? TotalBytes(o.paths) : 0);
  IngestCounts counts;
  auto show = [&](const IngestCounts& c) { progress.Update(c.articles, c.bytes); };
  Status s;
  size_t errors = 0;
  if (o.facts) {
    ArticleBatch batch(graph.value().get(), CountStored(&counts, show));
    s = ReadFactsFiles(o.paths, [&](ArticleFacts&& facts) { return batch.Add(std::move(facts)); }, &errors);
    Status flushed = batch.Flush();
    if (s.ok()) s = flushed;
  } else {
    Extractor extractor(rules);
    EntityMemory memory(rules);
    if (!o.no_memory) {
      Status primed = PrimeMemory(*graph.value(), &memory);
      if (!primed.ok()) return OpenFailure(primed.WithContext("reading the graph's names"));
    }
    ReadStats stats;
    s = IngestArticles(
        graph.value().get(), extractor, o.no_memory ? nullptr : &memory, o.threads, ArticleDefaults{o.date, o.source},
        PrintError, [&](const ArticleSink& push) { return ReadArticles(o.paths, ReadOptions(), push, PrintError, &stats); }, show,
        &counts);
    errors = stats.errors + counts.refused;
  }
  progress.Finish();
  // Ingest only adds: the growth of the counters is what it added.
  const uint64_t nodes_added = graph.value()->NodeCount() - nodes_before;
  const uint64_t edges_added = graph.value()->EdgeCount() - edges_before;
  // A flush that fails at close (a full disk) loses nothing written, but is
  // an error: the exit code says so.
  Status closed = graph.value()->Close();
  if (!o.quiet) {
    double secs = progress.Seconds();
    std::fprintf(stderr, "ingested %zu article%s (%zu already stored, unchanged%s), %zu relation statements, in %.2f s "
                 "(%.0f articles/s, %.1f MB/s)%s\nadded %llu node%s and %llu relationship%s\n",
                 counts.stored, counts.stored == 1 ? "" : "s", counts.duplicates,
                 NearDuplicatesNote(counts.near_duplicates, "; ").c_str(), counts.relations, secs,
                 counts.articles / secs, counts.bytes / 1e6 / secs,
                 errors ? (", " + std::to_string(errors) + " input error" + (errors == 1 ? "" : "s")).c_str() : "",
                 static_cast<unsigned long long>(nodes_added), nodes_added == 1 ? "" : "s",
                 static_cast<unsigned long long>(edges_added), edges_added == 1 ? "" : "s");
  }
  if (!s.ok()) {
    PrintError(s);
    std::fprintf(stderr, "newsgraph: stopped; the %zu articles stored before this one are kept\n", counts.stored);
    return kExitError;
  }
  if (!closed.ok()) {
    PrintError(closed);
    std::fprintf(stderr, "newsgraph: the %zu articles stored are in the write-ahead log and are kept (the next open "
                 "replays it)\n", counts.stored);
    return kExitError;
  }
  return errors ? kExitError : kExitOk;
}

}  // namespace newsgraph
