// Loading articles into a graph: the one ingest loop that `newsgraph
// ingest` and the Python module (python/) both run.
//
//   auto rules = LoadRules(dir);
//   Extractor extractor(rules.value());
//   EntityMemory memory(rules.value());
//   NG_RETURN_IF_ERROR(PrimeMemory(*graph, &memory));
//   IngestCounts counts;
//   Status s = IngestArticles(graph, extractor, &memory, threads, ArticleDefaults(), on_error,
//                             [&](const ArticleSink& push) {
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

// What an article does not say of itself (`ingest --date D --source S`):
// used where it has no date or source of its own.
struct ArticleDefaults {
  std::string date;    // YYYY-MM-DD, or ""
  std::string source;  // or ""
};

// Completes an article before it is stored: leading header lines of its
// text ("Date: 2020-05-23", "Source: BBC"; any case, either order, at the
// start of the text or right after its title) give its date and source
// where it has none of its own (a JSONL field wins), and are removed from
// the text with one blank line after them, so they are not read as prose
// (a header line the reader took for the title is no title); then what is
// still missing comes from `defaults`. InvalidArgument, naming the article
// (and the header's line), for a date that is not YYYY-MM-DD (a time of day
// after it is dropped: base/date.h); the article must then not be stored.
Status PrepareArticle(const ArticleDefaults& defaults, Article* a);

// What a load did, updated as articles are stored.
struct IngestCounts {
  size_t refused = 0;     // refused by PrepareArticle (reported to on_refused)
  size_t articles = 0;    // read (stored, or found stored already)
  size_t stored = 0;      // new articles written
  size_t duplicates = 0;  // stored before: nothing written
  size_t near_duplicates = 0;  // stored, linked to an earlier article; statements not counted (graph.h)
  size_t relations = 0;   // relation statements of the stored articles (not of near duplicates)
  size_t bytes = 0;       // text of the articles read
};

// "; N near duplicate(s) of earlier ones, their statements not counted"
// after `separator`, for the summaries of ingest and reextract; "" for 0.
std::string NearDuplicatesNote(size_t near_duplicates, const char* separator);

// The callback of an ArticleBatch that counts into *counts and then calls
// `progress` (may be empty).
ArticleBatch::Stored CountStored(IngestCounts* counts, std::function<void(const IngestCounts&)> progress);

using ArticleSink = std::function<Status(Article&&)>;

// Runs `read`, which pushes articles into the sink it is given, and stores
// their facts in `graph` (opened as writer; no write transaction open),
// each completed by PrepareArticle(defaults) first: one it refuses goes to
// `on_refused`, is counted, and the load goes on.
// `memory` (may be null: each article alone) must be primed by the caller
// and outlive the call; `threads` as ExtractWorkers. Returns the first
// error of `read`, extraction or storage; the articles stored before it
// are kept and counted. `progress` (may be empty) is called as articles
// are stored, on the calling thread.
Status IngestArticles(Graph* graph, const Extractor& extractor, EntityMemory* memory, int threads,
                      const ArticleDefaults& defaults, const std::function<void(const Status&)>& on_refused,
                      const std::function<Status(const ArticleSink&)>& read,
                      const std::function<void(const IngestCounts&)>& progress, IngestCounts* counts);

}  // namespace newsgraph

#endif  // NEWSGRAPH_CLI_LOAD_H_
