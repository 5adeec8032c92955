// Loading articles into a graph: the one ingest loop that `newsgraph
// ingest` and the Python module (python/) both run.
//
//   auto rules = LoadRules(dir);
//   Extractor extractor(rules.value());
//   EntityMemory memory(rules.value());
//   NG_RETURN_IF_ERROR(PrimeMemory(*graph, &memory));
//   IngestCounts counts;
//   Status s = IngestArticles(graph, extractor, &memory, threads, [&](const ArticleSink& push) {
//     return ReadArticles(paths, ReadOptions(), push, on_error, &stats);
//   }, nullptr, &counts);
//
// An article whose text is stored already (content hash) is counted and
// not extracted again; the others are extracted on worker threads, in
// input order as to what each one knows (extract/pipeline.h), and stored
// in atomic groups (graph/article_batch.h): each article is stored whole
// or not at all.
#ifndef NEWSGRAPH_CLI_LOAD_H_
#define NEWSGRAPH_CLI_LOAD_H_

#include <functional>
#include <memory>
#include <string>

#include "base/status.h"
#include "extract/facts.h"
#include "graph/article_batch.h"

namespace newsgraph {

class EntityMemory;
class Extractor;
class Graph;
class RuleSet;

// Loads and compiles the rules in `dir`; the error says nothing was read or written.
Result<std::shared_ptr<const RuleSet>> LoadRules(const std::string& dir);
// Workers for an ExtractPipeline from a --threads value (0: one thread per core).
int ExtractWorkers(int threads);
// Teaches `memory` the entity nodes of `graph` (every node but Article
// nodes): name, aliases and labels, in id order.
Status PrimeMemory(const Graph& graph, EntityMemory* memory);

// What a load did, updated as articles are stored.
struct IngestCounts {
  size_t articles = 0;    // read (stored, or found stored already)
  size_t stored = 0;      // new articles written
  size_t duplicates = 0;  // stored before: nothing written
  size_t relations = 0;   // relation statements of the stored articles
  size_t bytes = 0;       // text of the articles read
};

// The callback of an ArticleBatch that counts into *counts and then calls
// `progress` (may be empty).
ArticleBatch::Stored CountStored(IngestCounts* counts, std::function<void(const IngestCounts&)> progress);

using ArticleSink = std::function<Status(Article&&)>;

// Runs `read`, which pushes articles into the sink it is given, and stores
// their facts in `graph` (opened as writer; no write transaction open).
// `memory` (may be null: each article alone) must be primed by the caller
// and outlive the call; `threads` as ExtractWorkers. Returns the first
// error of `read`, extraction or storage; the articles stored before it
// are kept and counted. `progress` (may be empty) is called as articles
// are stored, on the calling thread.
Status IngestArticles(Graph* graph, const Extractor& extractor, EntityMemory* memory, int threads,
                      const std::function<Status(const ArticleSink&)>& read,
                      const std::function<void(const IngestCounts&)>& progress, IngestCounts* counts);

}  // namespace newsgraph

#endif  // NEWSGRAPH_CLI_LOAD_H_
