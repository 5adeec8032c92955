// ingest, extract, rules check.

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "base/hash.h"
#include "base/line_reader.h"
#include "base/ordered_pipeline.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "extract/article_reader.h"
#include "extract/entity_memory.h"
#include "extract/extractor.h"
#include "extract/facts_html.h"
#include "extract/facts_json.h"
#include "extract/pipeline.h"
#include "graph/article_batch.h"
#include "graph/graph.h"

namespace newsgraph {

void PrintError(const Status& s) { std::cerr << "newsgraph: " << s.message() << "\n"; }

int OpenFailure(const Status& s) {
  PrintError(s);
  return kExitDatabase;
}

Result<Params> ParseParams(const std::vector<std::string>& params) {
  Params out;
  for (const std::string& p : params) {
    auto kv = ParseParam(p);
    if (!kv.ok()) return kv.status();
    out[kv->first] = kv->second;
  }
  return out;
}

Result<std::shared_ptr<const RuleSet>> LoadRules(const std::string& dir) {
  auto rules = RuleSet::Load(dir);
  if (!rules.ok()) return rules.status().WithContext("rules in " + dir + " do not compile; nothing was read or written");
  return rules;
}

int ParseQueryOutput(const QueryOptions& o, OutputFormat* format, Params* params) {
  auto f = ParseOutputFormat(o.format);
  if (!f.ok()) {
    PrintError(f.status());
    return kExitUsage;
  }
  auto p = ParseParams(o.params);
  if (!p.ok()) {
    PrintError(p.status());
    return kExitUsage;
  }
  *format = f.value();
  *params = std::move(p).value();
  return kExitOk;
}

int ExtractWorkers(int threads) { return threads > 0 ? threads - 1 : ExtractPipeline::DefaultThreads(); }

Status PrimeMemory(const Graph& graph, EntityMemory* memory) {
  std::vector<std::string> labels, aliases;
  return graph.ForEachNode("", [&](const Node& n) {
    const std::string* name = StringProperty(n, "name");
    if (name == nullptr || std::binary_search(n.labels.begin(), n.labels.end(), "Article")) return Status::OK();
    aliases.clear();
    auto list = n.properties.find("aliases");
    if (list != n.properties.end())
      if (auto* values = std::get_if<PropertyList>(&list->second.v))
        for (const PropertyValue& v : *values)
          if (const std::string* alias = v.as_string()) aliases.push_back(*alias);
    memory->Add(*name, n.labels, aliases);
    return Status::OK();
  });
}

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
        return FactsFromJson(line.json, line.where);
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
  auto graph = Graph::Open(o.db, OpenOptions::Writer());
  if (!graph.ok()) return OpenFailure(graph.status());

  // The total (for the ETA) costs a stat of every input file: only worth it
  // when the progress line is shown, on a terminal.
  Progress progress(::isatty(2) ? TotalBytes(o.paths) : 0);
  size_t stored = 0, duplicates = 0, relations = 0, bytes = 0, articles = 0;
  // Articles are written in groups (graph/article_batch.h): one atomic write
  // each, so every article is stored whole or not at all; counted once
  // written.
  ArticleBatch batch(graph.value().get(), [&](const ArticleFacts& facts, const IngestOutcome& out) {
    ++articles;
    bytes += facts.text.size();
    if (out.already_present) ++duplicates;
    else ++stored, relations += facts.relations.size();
    progress.Update(articles, bytes);
  });
  auto store = [&](ArticleFacts&& facts) { return batch.Add(std::move(facts)); };
  Status s;
  size_t errors = 0;
  if (o.facts) {
    s = ReadFactsFiles(o.paths, store, &errors);
  } else {
    Extractor extractor(rules);
    // Names in the graph, and those learned from the articles before, are
    // known to each article (entity_memory.h).
    EntityMemory memory(rules);
    if (!o.no_memory) {
      Status primed = PrimeMemory(*graph.value(), &memory);
      if (!primed.ok()) return OpenFailure(primed.WithContext("reading the graph's names"));
    }
    ExtractPipeline pipeline(
        extractor,
        {ExtractWorkers(o.threads), ArticleBatch::kPipelineWindow, o.no_memory ? nullptr : &memory, {}}, store);
    ReadStats stats;
    auto push = [&](Article&& a) -> Status {
      // An article stored before is not extracted again (resuming a load).
      a.content_hash = ContentHash(a.text);
      if (graph.value()->FindArticle(a.content_hash).ok()) {
        ++articles, ++duplicates;
        bytes += a.text.size();
        progress.Update(articles, bytes);
        return Status::OK();
      }
      return pipeline.Push(std::move(a));
    };
    s = ReadArticles(o.paths, ReadOptions(), push, PrintError, &stats);
    Status finished = pipeline.Finish();
    if (s.ok()) s = finished;
    errors = stats.errors;
  }
  Status flushed = batch.Flush();
  if (s.ok()) s = flushed;
  progress.Finish();
  // A flush that fails at close (a full disk) loses nothing written, but is
  // an error: the exit code says so.
  Status closed = graph.value()->Close();
  if (!o.quiet) {
    double secs = progress.Seconds();
    std::fprintf(stderr, "ingested %zu article%s (%zu already stored, unchanged), %zu relation statements, in %.2f s "
                 "(%.0f articles/s, %.1f MB/s)%s\n",
                 stored, stored == 1 ? "" : "s", duplicates, relations, secs, articles / secs, bytes / 1e6 / secs,
                 errors ? (", " + std::to_string(errors) + " input error" + (errors == 1 ? "" : "s")).c_str() : "");
  }
  if (!s.ok()) {
    PrintError(s);
    std::fprintf(stderr, "newsgraph: stopped; the %zu articles stored before this one are kept\n", stored);
    return kExitError;
  }
  if (!closed.ok()) {
    PrintError(closed);
    std::fprintf(stderr, "newsgraph: the %zu articles stored are in the write-ahead log and are kept (the next open "
                 "replays it)\n", stored);
    return kExitError;
  }
  return errors ? kExitError : kExitOk;
}

namespace {

// The HTML page's title: "newsgraph extract" and the first inputs.
std::string PageTitle(const std::vector<std::string>& paths) {
  std::string title = "newsgraph extract:";
  for (size_t i = 0; i < paths.size() && i < 3; ++i) title += " " + paths[i];
  if (paths.size() > 3) title += " and " + std::to_string(paths.size() - 3) + " more";
  return title;
}

}  // namespace

int RunExtract(const ExtractOptions& o) {
  auto rules = LoadRules(o.rules);
  if (!rules.ok()) {
    PrintError(rules.status());
    return kExitError;
  }
  // With --html the page is streamed as articles come (FactsHtmlWriter keeps
  // only counts); it is finished even when reading stops early, so what was
  // extracted can be read.
  const bool html_on_stdout = o.html == "-";
  std::ofstream html_file;
  std::unique_ptr<FactsHtmlWriter> page;
  if (!o.html.empty()) {
    if (!html_on_stdout) {
      html_file.open(o.html, std::ios::binary | std::ios::trunc);
      if (!html_file) {
        PrintError(Status::IOError("cannot open " + o.html + " to write the HTML page: " + std::strerror(errno)));
        return kExitError;
      }
    }
    page = std::make_unique<FactsHtmlWriter>(html_on_stdout ? &std::cout : &html_file, PageTitle(o.paths));
  }
  const std::string html_name = html_on_stdout ? "stdout" : o.html;
  Extractor extractor(rules.value());
  ReadStats stats;
  std::ios::sync_with_stdio(false);
  // Each article knows the names learned from those before it, in input
  // order, whatever the number of threads (extract/pipeline.h).
  EntityMemory memory(rules.value());
  ExtractPipeline::Options options{ExtractWorkers(o.threads), 0, o.no_memory ? nullptr : &memory, {}};
  if (o.trace)
    options.trace = [](const Article& a, const std::string& trace) { std::cerr << "== " << a.origin << "\n" << trace; };
  ExtractPipeline pipeline(extractor, std::move(options), [&](ArticleFacts&& f) {
    if (!html_on_stdout) std::cout << FactsToJson(f, o.with_text) << '\n';
    if (page) NG_RETURN_IF_ERROR(page->Add(f).WithContext(html_name));
    return std::cout ? Status::OK() : Status::IOError("cannot write to stdout");
  });
  Status s = ReadArticles(
      o.paths, ReadOptions(), [&](Article&& a) { return pipeline.Push(std::move(a)); }, PrintError, &stats);
  Status finished = pipeline.Finish();
  if (s.ok()) s = finished;
  if (page) {
    Status done = page->Finish().WithContext(html_name);
    if (html_file.is_open()) {
      html_file.close();
      if (done.ok() && html_file.fail()) done = Status::IOError(o.html + ": cannot write the HTML page");
    }
    if (s.ok()) s = done;
  }
  std::cout.flush();
  if (!s.ok()) {
    PrintError(s);
    return kExitError;
  }
  return stats.errors ? kExitError : kExitOk;
}

int RunRulesCheck(const std::string& dir) {
  auto rules = RuleSet::Load(dir);
  if (!rules.ok()) {
    std::cerr << rules.status().message() << "\n";
    return kExitError;
  }
  std::cout << dir << ": OK (" << rules.value()->gazetteer().size() << " gazetteer entities, "
            << rules.value()->entity_rules().size() << " entity rules, " << rules.value()->relation_rules().size()
            << " relation rules)\n";
  for (const std::string& id : rules.value()->EntityRulesWithoutKeywords())
    std::cout << dir << "/entities.rules: note: rule " << id << " has no literal word of "
              << RulePrefilter::kMinAtomLength << "+ letters it needs, so it runs on every sentence (slower)\n";
  for (const std::string& id : rules.value()->RelationRulesWithoutKeywords())
    std::cout << dir << "/relations.rules: note: rule " << id << " has no literal word or label of "
              << RulePrefilter::kMinAtomLength
              << "+ letters it needs, so it runs on every sentence with two entities (slower)\n";
  return kExitOk;
}

}  // namespace newsgraph
