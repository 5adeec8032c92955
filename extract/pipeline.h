// ExtractPipeline: extraction on worker threads and the calling thread,
// storage on the calling thread (base/ordered_pipeline.h). Articles go in
// in order; their facts reach the sink in the same order, so a pipelined
// ingest writes exactly what a serial one writes (same node and edge ids).
//
//   ExtractPipeline pipe(extractor, ExtractPipeline::DefaultThreads(),
//                        [&](ArticleFacts&& f) { return graph->IngestArticle(f).status(); });
//   ReadArticles(paths, ..., [&](Article&& a) { return pipe.Push(std::move(a)); }, ...);
//   Status s = pipe.Finish();
//
// Extraction is most of an ingest's CPU time (regular expressions), the
// RocksDB write the rest.
#ifndef NEWSGRAPH_EXTRACT_PIPELINE_H_
#define NEWSGRAPH_EXTRACT_PIPELINE_H_

#include <utility>

#include "base/ordered_pipeline.h"
#include "extract/extractor.h"

namespace newsgraph {

class ExtractPipeline : public OrderedPipeline<Article, ArticleFacts> {
 public:
  // `extractor` must outlive the pipeline. See OrderedPipeline for
  // `threads` and `window`.
  ExtractPipeline(const Extractor& extractor, int threads, Sink sink, size_t window = 0)
      : OrderedPipeline([&extractor](Article& a) { return extractor.Extract(a); }, threads, std::move(sink),
                        window) {}
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_PIPELINE_H_
