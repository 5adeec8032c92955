// The ingest loop shared by `newsgraph ingest` and the Python module.

#include "cli/load.h"

#include <algorithm>

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

ArticleBatch::Stored CountStored(IngestCounts* counts, std::function<void(const IngestCounts&)> progress) {
  return [counts, progress = std::move(progress)](const ArticleFacts& facts, const IngestOutcome& out) {
    ++counts->articles;
    counts->bytes += facts.text.size();
    if (out.already_present) ++counts->duplicates;
    else ++counts->stored, counts->relations += facts.relations.size();
    if (progress) progress(*counts);
  };
}

Status IngestArticles(Graph* graph, const Extractor& extractor, EntityMemory* memory, int threads,
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
