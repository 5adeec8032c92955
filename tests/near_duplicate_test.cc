// Near-duplicate articles: the same story with trivial differences counts
// once in the weights, and is stored and linked NEAR_DUPLICATE_OF the
// earlier one (graph.h, graph/near_duplicate.h).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <vector>

#include "base/hash.h"
#include "graph/near_duplicate.h"
#include "query/query.h"
#include "tests/store_check.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::E;
using testing::Facts;
using testing::R;
using testing::RunCli;
using testing::TempDir;

#define NEWSGRAPH_STORY(DAY)                                                                                      \
  "Acme Corp said on " DAY " that it will supply cloud servers to Beta Industries under a three year contract. "  \
  "The deal, worth about 40 million dollars, follows months of talks between the two firms. Analysts said the "   \
  "contract would help Acme compete with larger rivals in the data centre market, where prices have fallen "      \
  "sharply. Beta Industries declined to comment on the terms of the agreement. The servers will be installed at "  \
  "three sites in Texas and Ohio over the next eighteen months, and Acme expects to hire about two hundred "       \
  "engineers to run them. Its shares closed two percent higher in New York after the announcement, while the "    \
  "wider market was flat. The company last year lost a similar contract to a European rival, a setback its chief " \
  "executive called a lesson in pricing."
const char kStory[] = NEWSGRAPH_STORY("Tuesday");
// kStory with one word changed: 5 of its 126 shingles differ, Jaccard
// 121/131 = 0.92 (in a text of fewer than about 100 words one changed word
// is enough to fall below 0.9).
const char kStoryEdited[] = NEWSGRAPH_STORY("Monday");
#undef NEWSGRAPH_STORY

// Another story about the same firms and the same fact.
const char kOtherStory[] =
    "Beta Industries has picked Acme Corp to supply the servers for its new data centre in Ohio, the company told "
    "investors at its annual meeting. Chief executive Jane Smith said the choice came down to price and to Acme's "
    "record on energy use. Shares in both companies rose slightly after the announcement.";

ArticleFacts Story(const std::string& id, const std::string& text) {
  return Facts(id, text, {E("Acme Corp", {"Company"}), E("Beta Industries", {"Company"})},
               {R("Acme Corp", "SUPPLIES", "Beta Industries")});
}

using testing::Csv;

const char kWeight[] = "MATCH (:Company {name:'Acme Corp'})-[r:SUPPLIES]->() RETURN r.weight, size(evidence(r))";
const char kLinks[] =
    "MATCH (d:Article)-[r:NEAR_DUPLICATE_OF]->(o:Article) RETURN d.article_id, o.article_id, r.similarity > 0.9";

TEST_CASE("normalised 5-word shingles: case and punctuation do not count, a changed word does", "[near_duplicate]") {
  CHECK(Jaccard(Shingles("The cat sat on the mat, then slept."), Shingles("the CAT sat on the mat -- then\nslept")) == 1);
  double edited = Jaccard(Shingles(kStory), Shingles(kStoryEdited));
  CHECK(edited > 0.9);
  CHECK(edited < 1);
  CHECK(Jaccard(Shingles(kStory), Shingles(kOtherStory)) < 0.1);
  CHECK(Shingles("  ,;  ").empty());
  CHECK(Shingles("three short words").size() == 1);  // fewer than 5 words: one shingle
  // Equal sets fall into the same buckets in every band.
  CHECK(BandBuckets(Shingles(kStory)) == BandBuckets(Shingles("ACME CORP said on Tuesday: " + std::string(kStory + 26))));
  CHECK(BandBuckets(Shingles(kStory)).size() == kBands);
}

// The shingles feed the stored buckets, so their definition is frozen too:
// Shingles must equal this plain one of near_duplicate.h, over words that
// are runs of ASCII letters, digits and non-ASCII bytes, lower-cased and
// hashed with Hash64(word, 1), each run of 5 word hashes folded from 5 (all
// the words when there are fewer), sorted and unique.
TEST_CASE("shingles are the hashes the index was stored with", "[near_duplicate]") {
  auto fold = [](uint64_t h, uint64_t v) { return MixBits(h ^ v) * 0x9E3779B97F4A7C15ULL; };
  auto word_byte = [](unsigned char c) { return std::isalnum(c) || c >= 0x80; };
  for (std::string text : {std::string(kStory), std::string("one two three"), std::string("  ,;  "),
                           std::string("Zürich-based ÄRZTE said: 42 Ways, 42 WAYS, 42 ways\n\tend"),
                           std::string(300, 'x') + " " + std::string(5, 'Y') + "!", std::string("trailing word")}) {
    std::vector<uint64_t> words, expected;
    std::string word;
    for (unsigned char c : text + " ") {
      if (word_byte(c)) {
        word.push_back(static_cast<char>(std::tolower(c)));
      } else if (!word.empty()) {
        words.push_back(Hash64(word, 1));
        word.clear();
      }
    }
    size_t width = std::min<size_t>(words.size(), 5);
    for (size_t start = 0; width > 0 && start + width <= words.size(); ++start) {
      uint64_t h = width;
      for (size_t k = 0; k < width; ++k) h = fold(h, words[start + k]);
      expected.push_back(h);
    }
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    INFO(text);
    CHECK(Shingles(text) == expected);
  }
}

// The buckets are stored (keys.h, shingle_bands), so their definition is
// frozen: BandBuckets must equal this plain MinHash of near_duplicate.h,
// value i the least (MixBits(2i+1) | 1) * s + MixBits(2i+2) over the
// shingles s, each band's kRowsPerBand values folded into its bucket.
TEST_CASE("band buckets are the MinHash the index was stored with", "[near_duplicate]") {
  auto fold = [](uint64_t h, uint64_t v) { return MixBits(h ^ v) * 0x9E3779B97F4A7C15ULL; };
  for (std::string text : {std::string(kStory), std::string("one two three"), std::string(kStory) + " " + kStory}) {
    std::vector<uint64_t> shingles = Shingles(text), expected;
    std::vector<uint64_t> signature(kBands * kRowsPerBand, UINT64_MAX);
    for (uint64_t s : shingles)
      for (size_t i = 0; i < signature.size(); ++i)
        signature[i] = std::min(signature[i], (MixBits(2 * i + 1) | 1) * s + MixBits(2 * i + 2));
    for (size_t band = 0; band < kBands; ++band) {
      uint64_t h = band;
      for (size_t row = 0; row < kRowsPerBand; ++row) h = fold(h, signature[band * kRowsPerBand + row]);
      expected.push_back(h);
    }
    INFO(text);
    CHECK(BandBuckets(shingles) == expected);
  }
}

TEST_CASE("two articles differing by a word count once and are linked", "[near_duplicate][store]") {
  TempDir dir;
  auto g = testing::OpenWriter(dir.path());
  SECTION("stored one by one") {
    REQUIRE(g->IngestArticle(Story("first", kStory)).ok());
    auto second = g->IngestArticle(Story("second", kStoryEdited));
    REQUIRE(second.ok());
    CHECK(second->near_duplicate_of != 0);
    CHECK(second->evidence == 0);
  }
  SECTION("in one group") {
    std::vector<IngestOutcome> out;
    REQUIRE(g->IngestArticles({Story("first", kStory), Story("second", kStoryEdited)}, &out).ok());
    REQUIRE(out.size() == 2);
    CHECK(out[0].near_duplicate_of == 0);
    CHECK(out[1].near_duplicate_of == out[0].article);
  }
  CHECK(Csv(*g, kWeight) == "r.weight,size(evidence(r))\n1,1\n");
  CHECK(Csv(*g, kLinks) == "d.article_id,o.article_id,r.similarity > 0.9\nsecond,first,true\n");
  // Both articles are stored, each with its MENTIONS.
  CHECK(Csv(*g, "MATCH (a:Article)-[:MENTIONS]->(:Company {name:'Acme Corp'}) RETURN a.article_id ORDER BY a.article_id") ==
        "a.article_id\nfirst\nsecond\n");
  auto stats = g->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->near_duplicates == 1);
  REQUIRE(testing::CheckIntegrity(*g).ok());
}

TEST_CASE("two different stories on the same topic are not near duplicates", "[near_duplicate][store]") {
  TempDir dir;
  auto g = testing::OpenWriter(dir.path());
  REQUIRE(g->IngestArticle(Story("first", kStory)).ok());
  auto second = g->IngestArticle(Story("other", kOtherStory));
  REQUIRE(second.ok());
  CHECK(second->near_duplicate_of == 0);
  CHECK(Csv(*g, kWeight) == "r.weight,size(evidence(r))\n2,2\n");
  CHECK(Csv(*g, kLinks) == "d.article_id,o.article_id,r.similarity > 0.9\n");
  CHECK(g->Stats()->near_duplicates == 0);
}

TEST_CASE("a threshold of 0 turns the check off and the index is still kept", "[near_duplicate][store]") {
  TempDir dir;
  {
    OpenOptions off = OpenOptions::Writer();
    off.near_duplicate_threshold = 0;
    auto g = Graph::Open(dir.path(), off);
    REQUIRE(g.ok());
    REQUIRE(g.value()->IngestArticle(Story("first", kStory)).ok());
    REQUIRE(g.value()->IngestArticle(Story("second", kStoryEdited)).ok());
    CHECK(Csv(*g.value(), kWeight) == "r.weight,size(evidence(r))\n2,2\n");
    REQUIRE(testing::CheckIntegrity(*g.value()).ok());
  }
  // A later ingest with the check finds the articles stored without it.
  auto g = testing::OpenWriter(dir.path());
  auto third = g->IngestArticle(Story("third", std::string(kStory) + " Reuters"));
  REQUIRE(third.ok());
  CHECK(third->near_duplicate_of != 0);
  CHECK(Csv(*g, kWeight) == "r.weight,size(evidence(r))\n2,2\n");
}

TEST_CASE("deleting an article removes its near-duplicate index entries", "[near_duplicate][store]") {
  TempDir dir;
  auto g = testing::OpenWriter(dir.path());
  REQUIRE(g->IngestArticle(Story("first", kStory)).ok());
  REQUIRE(RunQuery(*g, "MATCH (a:Article {article_id:'first'}) DETACH DELETE a", {}, {}).ok());
  REQUIRE(testing::CheckIntegrity(*g).ok());
  auto second = g->IngestArticle(Story("second", kStoryEdited));
  REQUIRE(second.ok());
  CHECK(second->near_duplicate_of == 0);
}

// The seed article and a copy with one word changed, in a corpus folder.
void WriteNearCopies(const TempDir& dir) {
  std::filesystem::create_directories(dir.Sub("corpus"));
  std::string seed = testing::ReadFileOrDie(testing::SourcePath("corpus/article.txt"));
  size_t at = seed.find("Ironically");
  REQUIRE(at != std::string::npos);
  testing::WriteFile(dir.Sub("corpus/a-seed.txt"), seed);
  testing::WriteFile(dir.Sub("corpus/b-copy.txt"), seed.substr(0, at) + "Oddly" + seed.substr(at + 10));
}


TEST_CASE("ingest gives the same links and weights with 1 and 4 threads, and reextract keeps the link", "[near_duplicate][cli]") {
  TempDir dir;
  WriteNearCopies(dir);
  std::string out, err, seed_only = dir.Sub("seed.db");
  REQUIRE(RunCli("ingest -q --db " + seed_only + " " + dir.Sub("corpus/a-seed.txt"), &out, &err) == 0);
  std::string one = dir.Sub("one.db"), four = dir.Sub("four.db");
  REQUIRE(RunCli("ingest --threads 1 --db " + one + " " + dir.Sub("corpus"), &out, &err) == 0);
  CHECK_THAT(err, Catch::Contains("1 near duplicate of earlier ones"));
  REQUIRE(RunCli("ingest -q --threads 4 --db " + four + " " + dir.Sub("corpus"), &out, &err) == 0);
  std::string dumped = testing::CheckedDump(one);
  CHECK(testing::FirstDifference(dumped, testing::CheckedDump(four)).empty());
  const std::string weights =
      "MATCH (a)-[r]->(b) WHERE NOT a:Article RETURN a.name, type(r), b.name, r.weight ORDER BY a.name, type(r), b.name";
  const std::string link = "MATCH (d)-[:NEAR_DUPLICATE_OF]->(o) RETURN d.article_id ENDS WITH 'b-copy.txt', o.article_id ENDS WITH 'a-seed.txt'";
  {
    auto seed = Graph::Open(seed_only, OpenOptions::Reader());
    auto both = Graph::Open(one, OpenOptions::Reader());
    REQUIRE(seed.ok());
    REQUIRE(both.ok());
    CHECK(Csv(*both.value(), weights) == Csv(*seed.value(), weights));  // the copy added no weight
    CHECK(Csv(*both.value(), link).find("\ntrue,true\n") != std::string::npos);
  }
  REQUIRE(RunCli("stats --db " + one, &out, &err) == 0);
  CHECK_THAT(out, Catch::Contains("1 near-duplicate article (linked NEAR_DUPLICATE_OF"));
  REQUIRE(RunCli("reextract --db " + one, &out, &err) == 0);
  CHECK_THAT(err, Catch::Contains("(1 near duplicate of earlier ones"));
  CHECK(testing::FirstDifference(testing::CheckedDump(one), dumped).empty());

  // Off: both articles count.
  std::string off = dir.Sub("off.db");
  REQUIRE(RunCli("ingest -q --near-dup-threshold off --db " + off + " " + dir.Sub("corpus"), &out, &err) == 0);
  auto g = Graph::Open(off, OpenOptions::Reader());
  REQUIRE(g.ok());
  CHECK(g.value()->Stats()->near_duplicates == 0);
  CHECK(Csv(*g.value(), "MATCH ({name:'Amazon'})-[r:PROVIDES_SERVICES_TO]->({name:'Hikvision'}) RETURN r.weight") ==
        "r.weight\n2\n");
  CHECK(RunCli("ingest --near-dup-threshold 1.5 --db " + off + " " + dir.Sub("corpus"), &out, &err) == 2);
  CHECK_THAT(err, Catch::Contains("'1.5' is not a threshold"));
}

}  // namespace
}  // namespace newsgraph
