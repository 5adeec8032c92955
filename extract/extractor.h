// Extractor: article text in, facts out. The public face of extract/.
//
//   auto rules = RuleSet::Load(DefaultRulesDir());       // rules.h
//   Extractor extractor(rules.value());
//   ArticleFacts facts = extractor.Extract(article);      // facts.h
//
// Steps: normalise (normalize.h) -> split sentences (sentences.h) ->
// discover names with the entity rules whose keywords occur (prefilter.h) ->
// tag gazetteer, discovered and remembered names (entity_memory.h) ->
// join coordinated mentions ("Amazon and Google") into one tag -> run the
// relation rules whose keywords and tag labels occur (prefilter.h) -> drop
// negated matches, mark hedged ones. Knows nothing of storage.
//
// Thread safety: Extract is const and may run on many threads at once.
#ifndef NEWSGRAPH_EXTRACT_EXTRACTOR_H_
#define NEWSGRAPH_EXTRACT_EXTRACTOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "extract/facts.h"
#include "extract/rules.h"

namespace newsgraph {

class EntityMemory;

class Extractor {
 public:
  explicit Extractor(std::shared_ptr<const RuleSet> rules) : rules_(std::move(rules)) {}

  // REQUIRES: article.text is valid UTF-8 (article_reader.h checks it).
  // Offsets in the result refer to article.text. When `trace` is given, it
  // receives, per sentence with entities, the tagged sentence and each rule
  // that fired or was dropped (and why): the answer to "why is this edge
  // here, or not?". When `memory` is given, the names it learned from
  // earlier articles are tagged too (the longest name at a token wins; of
  // names of one length, the gazetteer's, then this article's discovered
  // ones, then the memory's); `memory` is only read, and must not change
  // during the call.
  ArticleFacts Extract(const Article& article, std::string* trace = nullptr,
                       const EntityMemory* memory = nullptr) const;

  // The same, and, when `probe_hashes` is given, appends to it the probe
  // hashes of the article's sentences (entity_memory.h, AppendProbeHashes):
  // which names could be tagged in it.
  struct Options {
    std::string* trace = nullptr;
    const EntityMemory* memory = nullptr;
    std::vector<uint64_t>* probe_hashes = nullptr;
  };
  ArticleFacts Extract(const Article& article, const Options& options) const;

  const RuleSet& rules() const { return *rules_; }

 private:
  std::shared_ptr<const RuleSet> rules_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_EXTRACTOR_H_
