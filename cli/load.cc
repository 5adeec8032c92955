// The ingest loop shared by `newsgraph ingest` and the Python module.

#include "cli/load.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "base/ascii.h"
#include "base/date.h"
#include "base/hash.h"
#include "extract/entity_memory.h"
#include "extract/extractor.h"
#include "extract/pipeline.h"
#include "extract/rules.h"
#include "graph/graph.h"

namespace newsgraph {

Result<std::shared_ptr<const RuleSet>> LoadRules(const std::string& dir) {
  auto rules = RuleSet::Load(dir);
  if (!rules.ok()) return rules.status().WithContext("rules in " + dir + " do not compile; nothing was read or written");
  return rules;
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

std::string NearDuplicatesNote(size_t near_duplicates, const char* separator) {
  if (near_duplicates == 0) return "";
  return separator + std::to_string(near_duplicates) + " near duplicate" + (near_duplicates == 1 ? "" : "s") +
         " of earlier ones, their statements not counted";
}

ArticleBatch::Stored CountStored(IngestCounts* counts, std::function<void(const IngestCounts&)> progress) {
  return [counts, progress = std::move(progress)](const ArticleFacts& facts, const IngestOutcome& out) {
    ++counts->articles;
    counts->bytes += facts.text.size();
    if (out.already_present) ++counts->duplicates;
    else if (out.near_duplicate_of) ++counts->stored, ++counts->near_duplicates;
    else ++counts->stored, counts->relations += facts.relations.size();
    if (progress) progress(*counts);
  };
}

namespace {

// "Date: 2020-05-23" -> key "date", value "2020-05-23"; false for a line
// that is no header.
bool HeaderLine(std::string_view line, std::string* key, std::string* value) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  for (const char* name : {"date", "source"}) {
    size_t n = std::strlen(name);
    if (line.size() <= n || !EqualsIgnoreCase(line.substr(0, n), name) || line[n] != ':') continue;
    std::string_view v = line.substr(n + 1);
    size_t b = v.find_first_not_of(" \t"), e = v.find_last_not_of(" \t");
    if (b == std::string_view::npos) return false;
    *key = name;
    *value = std::string(v.substr(b, e - b + 1));
    return true;
  }
  return false;
}

// Takes the header block starting at byte `at` (line `line_no`) out of
// a->text; false when there is none.
bool TakeHeaders(Article* a, size_t at, size_t line_no, std::map<std::string, std::pair<std::string, size_t>>* found) {
  size_t pos = at, line = line_no;
  std::string key, value;
  while (pos < a->text.size()) {
    size_t nl = a->text.find('\n', pos);
    size_t end = nl == std::string::npos ? a->text.size() : nl;
    if (!HeaderLine(std::string_view(a->text).substr(pos, end - pos), &key, &value)) break;
    found->emplace(key, std::pair{value, line});  // the first of a key counts
    pos = nl == std::string::npos ? end : nl + 1, ++line;
  }
  if (found->empty()) return false;
  if (a->text.compare(pos, 1, "\n") == 0) pos += 1;
  else if (a->text.compare(pos, 2, "\r\n") == 0) pos += 2;
  a->text.erase(at, pos - at);
  return true;
}

}  // namespace

Status PrepareArticle(const ArticleDefaults& defaults, Article* a) {
  // Headers at the start, or after a title and its blank line.
  std::map<std::string, std::pair<std::string, size_t>> found;
  if (TakeHeaders(a, 0, 1, &found)) {
    std::string key, value;
    if (HeaderLine(a->title, &key, &value)) a->title.clear();
  } else if (!a->title.empty()) {
    size_t after = a->text.find('\n');
    after = a->text.find('\n', after + 1);
    if (after != std::string::npos) TakeHeaders(a, after + 1, 3, &found);
  }
  std::string date_origin = a->origin + ": field \"date\"";
  if (auto d = found.find("date"); d != found.end() && a->date.empty()) {
    a->date = d->second.first;
    date_origin = a->origin + ":" + std::to_string(d->second.second) + ": header Date";
  }
  if (auto s = found.find("source"); s != found.end() && a->source.empty()) a->source = s->second.first;
  if (a->date.empty()) a->date = defaults.date, date_origin = "--date";
  if (a->source.empty()) a->source = defaults.source;
  Date date;
  if (!a->date.empty() && !ParseIsoDate(a->date, &date))
    return Status::InvalidArgument(date_origin + ": '" + a->date + "' is not a date (expected YYYY-MM-DD); " +
                                   a->origin + " was not stored");
  return Status::OK();
}

Status IngestArticles(Graph* graph, const Extractor& extractor, EntityMemory* memory, int threads,
                      const ArticleDefaults& defaults, const std::function<void(const Status&)>& on_refused,
                      const std::function<Status(const ArticleSink&)>& read,
                      const std::function<void(const IngestCounts&)>& progress, IngestCounts* counts) {
  // Articles are written in groups (graph/article_batch.h): one atomic write
  // each, so every article is stored whole or not at all; counted once
  // written.
  ArticleBatch batch(graph, CountStored(counts, progress));
  // Names in the graph, and those learned from the articles before, are
  // known to each article (entity_memory.h).
  ExtractPipeline pipeline(extractor, {ExtractWorkers(threads), ArticleBatch::kPipelineWindow, memory, {}},
                           [&](ArticleFacts&& facts) { return batch.Add(std::move(facts)); });
  Status s = read([&](Article&& a) -> Status {
    if (Status ok = PrepareArticle(defaults, &a); !ok.ok()) {
      ++counts->refused;
      on_refused(ok);
      return Status::OK();
    }
    // An article stored before is not extracted again (resuming a load).
    a.content_hash = ContentHash(a.text);
    if (graph->FindArticle(a.content_hash).ok()) {
      ++counts->articles, ++counts->duplicates;
      counts->bytes += a.text.size();
      if (progress) progress(*counts);
      return Status::OK();
    }
    return pipeline.Push(std::move(a));
  });
  Status finished = pipeline.Finish();
  if (s.ok()) s = finished;
  Status flushed = batch.Flush();
  if (s.ok()) s = flushed;
  return s;
}

}  // namespace newsgraph
