// extract: facts JSON lines (and an HTML page) without a database.

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "extract/article_reader.h"
#include "extract/entity_memory.h"
#include "extract/extractor.h"
#include "extract/facts_html.h"
#include "extract/facts_json.h"
#include "extract/pipeline.h"

namespace newsgraph {

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

}  // namespace newsgraph
