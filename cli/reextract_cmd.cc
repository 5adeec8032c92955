// reextract: rebuild the extracted graph from the stored article texts after
// the rules changed (the design is in graph/rebuild.h and graph/README.md).

#include <cstdio>
#include <set>

#include "cli/commands.h"
#include "cli/progress.h"
#include "extract/entity_memory.h"
#include "extract/extractor.h"
#include "extract/pipeline.h"
#include "graph/article_batch.h"
#include "graph/rebuild.h"

namespace newsgraph {

int RunReextract(const ReextractOptions& o) {
  auto rules = LoadRules(o.rules);
  if (!rules.ok()) {
    PrintError(rules.status());
    return kExitError;
  }
  auto rebuild = Rebuild::Start(o.db, o.near_duplicate_threshold);
  if (!rebuild.ok()) return OpenFailure(rebuild.status());
  Rebuild& r = *rebuild.value();
  auto before = r.source().Stats();
  if (!before.ok()) return OpenFailure(before.status());
  // What did not come from extraction is carried over (graph/rebuild.h);
  // what cannot be is refused before the work, unless it may be dropped.
  auto list = [](const char* what, const std::vector<std::string>& items) {
    for (const std::string& item : items) std::fprintf(stderr, "newsgraph: %s %s\n", what, item.c_str());
  };
  if (!r.curated().uncarriable.empty() && !o.discard_curated) {
    list("cannot carry", r.curated().uncarriable);
    PrintError(Status::InvalidArgument(o.db + ": " + std::to_string(r.curated().uncarriable.size()) +
                                       " relationships did not come from extraction and cannot be carried into the "
                                       "rebuilt graph; --discard-curated drops them"));
    std::fprintf(stderr, "newsgraph: reextract stopped; %s is unchanged\n", o.db.c_str());
    return kExitError;
  }

  Progress progress(0);
  size_t articles = 0, bytes = 0, relations = 0, near_duplicates = 0;
  Extractor extractor(rules.value());
  ArticleBatch batch(&r.target(), [&](const ArticleFacts& facts, const IngestOutcome& out) {
    ++articles;
    bytes += facts.text.size();
    if (out.near_duplicate_of) ++near_duplicates;
    else relations += facts.relations.size();
    progress.Update(articles, bytes);
  });
  // As ingest: the memory starts from the graph being built (empty, so the
  // result equals a fresh ingest) and learns in article order.
  EntityMemory memory(rules.value());
  if (!o.no_memory) {
    Status primed = PrimeMemory(r.target(), &memory);
    if (!primed.ok()) return OpenFailure(primed);
  }
  ExtractPipeline pipeline(
      extractor,
      {ExtractPipeline::DefaultThreads(), ArticleBatch::kPipelineWindow, o.no_memory ? nullptr : &memory, {}},
      [&](ArticleFacts&& facts) { return batch.Add(std::move(facts)); });
  Status s = ForEachStoredArticle(r.source(), [&](Article&& a) { return pipeline.Push(std::move(a)); });
  Status finished = pipeline.Finish();
  if (s.ok()) s = finished;
  if (s.ok()) s = batch.Flush();
  Rebuild::CarryReport carried;
  const std::vector<std::string>& dropped = carried.dropped;
  if (s.ok()) {
    std::set<std::string> rule_keys;  // what the gazetteer writes on the nodes it names
    const Gazetteer& gazetteer = rules.value()->gazetteer();
    for (size_t i = 0; i < gazetteer.size(); ++i)
      for (const auto& property : gazetteer.entry(static_cast<int>(i)).properties) rule_keys.insert(property.first);
    s = r.CarryCurated(o.discard_curated, rule_keys, &carried);
    list(o.discard_curated ? "dropped" : "cannot carry", dropped);
    if (s.ok() && !o.quiet) list("carried", carried.annotations);
    if (!s.ok() && !dropped.empty()) s = Status::InvalidArgument(o.db + ": " + s.message() + "; --discard-curated drops them");
  }
  Result<GraphStats> after = s.ok() ? r.target().Stats() : Result<GraphStats>(s);
  if (after.ok()) s = r.Commit();
  progress.Finish();
  if (!s.ok() || !after.ok()) {
    PrintError(s.ok() ? after.status() : s);
    if (!r.committed()) std::fprintf(stderr, "newsgraph: reextract stopped; %s is unchanged\n", o.db.c_str());
    return kExitError;
  }
  if (!o.quiet) {
    double secs = progress.Seconds();
    std::fprintf(stderr,
                 "reextracted %zu article%s%s, %zu relation statements, in %.2f s (%.0f articles/s); carried %zu "
                 "curated or imported nodes and %zu relationships, dropped %zu; carried %zu labels and properties "
                 "set on extracted nodes and relationships: %llu nodes, %llu relationships (before: %llu nodes, %llu relationships)\n",
                 articles, articles == 1 ? "" : "s",
                 near_duplicates ? (" (" + NearDuplicatesNote(near_duplicates, "") + ")").c_str() : "", relations, secs, articles / secs, carried.nodes, carried.edges,
                 dropped.size(), carried.annotations.size(),
                 static_cast<unsigned long long>(after->nodes), static_cast<unsigned long long>(after->edges),
                 static_cast<unsigned long long>(before->nodes), static_cast<unsigned long long>(before->edges));
  }
  return kExitOk;
}

}  // namespace newsgraph
