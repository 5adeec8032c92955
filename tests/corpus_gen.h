// A generated news corpus for store tests: articles made of random
// sentences from tests/data/relation_sentences.tsv (reporting-style
// sentences the default rules extract relations from), so ingesting them
// exercises entity merging, aliases, weights and evidence like real news.
// Deterministic for a seed; every article has a unique title and text.
#ifndef NEWSGRAPH_TESTS_CORPUS_GEN_H_
#define NEWSGRAPH_TESTS_CORPUS_GEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "extract/facts.h"

namespace newsgraph {
namespace testing {

// `sentences_tsv` is the path of relation_sentences.tsv.
Result<std::vector<Article>> GenerateCorpus(const std::string& sentences_tsv, size_t articles, uint64_t seed);

// Writes each article as DIR/NNNNNN.txt (title line, blank line, body), the
// form `newsgraph ingest DIR` reads back with the same id, title and text.
Status WriteCorpus(const std::vector<Article>& articles, const std::string& dir);

}  // namespace testing
}  // namespace newsgraph

#endif  // NEWSGRAPH_TESTS_CORPUS_GEN_H_
