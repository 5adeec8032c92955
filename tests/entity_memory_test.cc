// The entity memory: a name discovered in one article is tagged in later
// ones, never earlier ones; a pipelined run with any number of threads
// gives exactly what a serial loop gives; ingest knows the names stored in
// the graph; extract's output does not depend on --threads.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "extract/entity_memory.h"
#include "extract/facts_json.h"
#include "extract/pipeline.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::DefaultExtractor;
using testing::DefaultRules;
using testing::RunCli;
using testing::TempDir;

Article MakeArticle(const std::string& id, const std::string& text) {
  Article a;
  a.id = id;
  a.origin = "test:" + id;
  a.text = text;
  return a;
}

const Entity* FindEntity(const ArticleFacts& f, const std::string& name) {
  for (const Entity& e : f.entities)
    if (e.name == name) return &e;
  return nullptr;
}

bool HasRelation(const ArticleFacts& f, const std::string& s, const std::string& p, const std::string& o) {
  for (const Relation& r : f.relations)
    if (r.subject == s && r.predicate == p && r.object == o) return true;
  return false;
}

// The reference: one article after the other, learning as it goes.
std::vector<std::string> SerialJson(const std::vector<Article>& in, EntityMemory* memory) {
  std::vector<std::string> out;
  for (const Article& a : in) {
    ArticleFacts f = DefaultExtractor().Extract(a, nullptr, memory);
    if (memory) memory->Learn(f);
    out.push_back(FactsToJson(f, false));
  }
  return out;
}

TEST_CASE("a name discovered in one article is tagged in a later one", "[memory]") {
  Article first = MakeArticle("1", "Nvidia has invested in a Chinese AI firm called Quorbit.");
  Article second = MakeArticle("2", "Intel put money into Quorbit last year.");
  ArticleFacts f1 = DefaultExtractor().Extract(first);
  REQUIRE(FindEntity(f1, "Quorbit") != nullptr);  // discovered by a rule
  REQUIRE(FindEntity(DefaultExtractor().Extract(second), "Quorbit") == nullptr);  // alone: unknown

  EntityMemory memory(DefaultRules());
  std::vector<uint64_t> changed;
  REQUIRE(memory.Learn(f1, &changed));
  REQUIRE(memory.generation() == 1);
  REQUIRE(std::find(changed.begin(), changed.end(), NameProbeHash("Quorbit")) != changed.end());
  // Gazetteer entities are not learned.
  for (size_t i = 0; i < memory.size(); ++i) REQUIRE(DefaultRules()->gazetteer().Find(memory.entry(i).name) < 0);
  REQUIRE_FALSE(memory.Learn(f1));  // nothing new
  REQUIRE(memory.generation() == 1);

  ArticleFacts f2 = DefaultExtractor().Extract(second, nullptr, &memory);
  const Entity* yitu = FindEntity(f2, "Quorbit");
  REQUIRE(yitu != nullptr);
  REQUIRE(yitu->labels == std::vector<std::string>{"Company"});
  REQUIRE(yitu->mentions.size() == 1);
  REQUIRE(yitu->mentions[0].start == second.text.find("Quorbit"));
  REQUIRE(HasRelation(f2, "Intel", "INVESTS_IN", "Quorbit"));
}

TEST_CASE("a remembered one-word name is a word where the article writes it in lower case", "[memory]") {
  EntityMemory memory(DefaultRules());
  REQUIRE(memory.Add("Film", {"Organization"}, {}));
  ArticleFacts f = DefaultExtractor().Extract(
      MakeArticle("x", "Film critics met. The film was long. Film sales rose at Film's rival."), nullptr, &memory);
  CHECK(FindEntity(f, "Film") == nullptr);
  // Where the article never writes it in lower case, it is the name.
  f = DefaultExtractor().Extract(MakeArticle("y", "Film said it would grow. Analysts doubt Film."), nullptr, &memory);
  CHECK(FindEntity(f, "Film") != nullptr);
}

TEST_CASE("a remembered May is the month in a date", "[memory]") {
  EntityMemory memory(DefaultRules());
  REQUIRE(memory.Add("May", {"Company"}, {}));
  for (const char* text : {"The vote is expected on 5 May. Sales rose.", "In May, Quorbit Inc sales rose.",
                           "Sales rose ahead of a May election.", "Results due May 2005 pleased Quorbit Inc."}) {
    INFO(text);
    CHECK(FindEntity(DefaultExtractor().Extract(MakeArticle("x", text), nullptr, &memory), "May") == nullptr);
  }
  ArticleFacts f = DefaultExtractor().Extract(MakeArticle("y", "Federated agreed to buy May. May's chairman said so."),
                                              nullptr, &memory);
  CHECK(FindEntity(f, "May") != nullptr);
}

TEST_CASE("a person's surname alone is that person only in its own article", "[memory]") {
  Article first = MakeArticle("1", "Quorbit chief executive Dana Quill said sales grew. Quill expects more.");
  ArticleFacts f1 = DefaultExtractor().Extract(first);
  const Entity* dana = FindEntity(f1, "Dana Quill");
  REQUIRE(dana != nullptr);
  REQUIRE(dana->mentions.size() == 2);  // "Quill" too, in its own article
  EntityMemory memory(DefaultRules());
  memory.Learn(f1);
  ArticleFacts f2 = DefaultExtractor().Extract(MakeArticle("2", "Lumora Inc hired Quill last year."), nullptr, &memory);
  CHECK(FindEntity(f2, "Dana Quill") == nullptr);
  ArticleFacts f3 = DefaultExtractor().Extract(MakeArticle("3", "Lumora Inc hired Dana Quill."), nullptr, &memory);
  CHECK(FindEntity(f3, "Dana Quill") != nullptr);  // the full name is remembered
}

TEST_CASE("the memory: longest name wins, then the gazetteer, then the article's own; no role labels", "[memory]") {
  EntityMemory memory(DefaultRules());
  REQUIRE_FALSE(memory.Add("Hikvision", {"Company"}, {}));  // the gazetteer's
  REQUIRE(memory.Add("Quorbit", {"Company", "Investor"}, {"Quorbit Vale", "Hikivision"}));
  REQUIRE(memory.size() == 1);
  REQUIRE(memory.entry(0).labels == std::vector<std::string>{"Company"});
  REQUIRE(memory.entry(0).surfaces == std::vector<std::string>{"Quorbit", "Quorbit Vale"});
  // "Amazon Web" is longer than the gazetteer's "Amazon".
  REQUIRE(memory.Add("Amazon Web", {"Company"}, {}));
  ArticleFacts f = DefaultExtractor().Extract(
      MakeArticle("x", "Quorbit Vale met Hikivision; Amazon Web did not. Amazon said nothing."), nullptr, &memory);
  REQUIRE(FindEntity(f, "Quorbit") != nullptr);
  REQUIRE(FindEntity(f, "Quorbit")->mentions[0].text == "Quorbit Vale");
  REQUIRE(FindEntity(f, "Amazon Web") != nullptr);
  REQUIRE(FindEntity(f, "Hikvision") != nullptr);
  REQUIRE(FindEntity(f, "Amazon") != nullptr);
  // On a tie, this article's discovered name (and its labels) wins.
  REQUIRE(memory.Add("Quorbit", {"Person"}, {}));
  REQUIRE(memory.entry(0).labels == std::vector<std::string>{"Company", "Person"});
  f = DefaultExtractor().Extract(
      MakeArticle("y", "Nvidia has invested in a Chinese AI firm called Quorbit. Quorbit grew."), nullptr, &memory);
  REQUIRE(FindEntity(f, "Quorbit")->labels == std::vector<std::string>{"Company"});
  REQUIRE(FindEntity(f, "Quorbit")->mentions.size() == 2);
}

TEST_CASE("a name is known only after the article that discovers it", "[memory]") {
  std::vector<Article> in = {
      MakeArticle("0", "Quorbit sells cameras to the police."),
      MakeArticle("1", "Nvidia has invested in a Chinese AI firm called Quorbit."),
      MakeArticle("2", "Quorbit sells cameras to the police."),
  };
  for (int threads : {0, 1, 3}) {
    INFO("threads " << threads);
    EntityMemory memory(DefaultRules());
    std::vector<ArticleFacts> seen;
    ExtractPipeline pipe(DefaultExtractor(), {threads, 0, &memory, {}}, [&](ArticleFacts&& f) {
      seen.push_back(std::move(f));
      return Status::OK();
    });
    for (const Article& a : in) REQUIRE(pipe.Push(Article(a)).ok());
    REQUIRE(pipe.Finish().ok());
    REQUIRE(seen.size() == 3);
    REQUIRE(FindEntity(seen[0], "Quorbit") == nullptr);
    REQUIRE(FindEntity(seen[1], "Quorbit") != nullptr);
    REQUIRE(FindEntity(seen[2], "Quorbit") != nullptr);
    REQUIRE(memory.size() >= 1);
  }
}

// Articles that discover made-up names at various points and mention
// names discovered before and after them, of uneven lengths so that
// workers finish out of order.
std::vector<Article> StoryArticles(size_t n, uint32_t seed) {
  static const char* kNames[] = {"Zorvex", "Quandril", "Blentar", "Oxmira Labs", "Velquon", "Trosk",
                                 "Nimbrel", "Garvix", "Pellusa", "Kwandor", "Istrava", "Moxley Ray"};
  constexpr size_t kCount = sizeof(kNames) / sizeof(kNames[0]);
  std::mt19937 rng(seed);
  std::vector<Article> out;
  for (size_t i = 0; i < n; ++i) {
    std::string text;
    auto name = [&] { return std::string(kNames[rng() % kCount]); };
    switch (rng() % 4) {
      case 0: text += "Nvidia has invested in a Chinese AI firm called " + name() + ". "; break;
      case 1: text += "Shares rose after " + name() + ", a Chinese surveillance company, said profits grew. "; break;
      default: break;
    }
    for (int k = static_cast<int>(rng() % 4); k > 0; --k) {
      switch (rng() % 4) {
        case 0: text += "Intel invested in " + name() + " last year. "; break;
        case 1: text += name() + " provides cloud services to Hikvision. "; break;
        case 2: text += "Amazon and " + name() + " provide cloud services to Dahua Technology. "; break;
        default: text += "The U.S. blacklisted " + name() + " and Megvii. "; break;
      }
    }
    for (int k = static_cast<int>(rng() % 30); k > 0; --k) text += "Huawei supplies equipment to Vodafone in Spain. ";
    out.push_back(MakeArticle(std::to_string(i), text + "Article " + std::to_string(i) + "."));
  }
  return out;
}

TEST_CASE("a pipelined run with a memory equals a serial loop, for any threads and window", "[memory][pipeline]") {
  for (uint32_t seed : {1u, 2u, 3u}) {
    std::vector<Article> in = StoryArticles(50, seed);
    EntityMemory serial_memory(DefaultRules());
    std::vector<std::string> want = SerialJson(in, &serial_memory);
    REQUIRE(serial_memory.size() >= 3);
    REQUIRE(want != SerialJson(in, nullptr));  // the memory matters here
    for (int threads : {0, 1, 3}) {
      for (size_t window : {size_t{0}, size_t{1}, size_t{5}, size_t{64}}) {
        INFO("seed " << seed << ", threads " << threads << ", window " << window);
        EntityMemory memory(DefaultRules());
        std::vector<std::string> seen;
        ExtractPipeline pipe(DefaultExtractor(), {threads, window, &memory, {}}, [&](ArticleFacts&& f) {
          seen.push_back(FactsToJson(f, false));
          return Status::OK();
        });
        for (const Article& a : in) REQUIRE(pipe.Push(Article(a)).ok());
        REQUIRE(pipe.Finish().ok());
        REQUIRE(seen.size() == want.size());
        for (size_t i = 0; i < want.size(); ++i) {
          INFO("article " << i << ", reextracted " << pipe.reextracted());
          REQUIRE(seen[i] == want[i]);
        }
        REQUIRE(memory.generation() == serial_memory.generation());
        REQUIRE(memory.size() == serial_memory.size());
      }
    }
  }
}

TEST_CASE("the probe hashes of an article hold the probe of every remembered name tagged in it", "[memory]") {
  std::vector<Article> in = StoryArticles(50, 5);
  EntityMemory memory(DefaultRules());
  for (const Article& a : in) memory.Learn(DefaultExtractor().Extract(a, nullptr, &memory));
  REQUIRE(memory.Add("eQuorbit Labs", {"Company"}, {}));
  REQUIRE(NameProbeHash("eQuorbit Labs") == kProbeAnyArticle);  // lower-case initial: anywhere
  REQUIRE(NameProbeHash("Oxmira Labs Group") == NameProbeHash("Oxmira Labs"));  // two tokens
  size_t checked = 0;
  for (const Article& a : in) {
    std::vector<uint64_t> probes;
    ArticleFacts f = DefaultExtractor().Extract(a, {nullptr, &memory, &probes});
    for (const Entity& e : f.entities) {
      if (DefaultRules()->gazetteer().Find(e.name) >= 0) continue;
      for (const Mention& m : e.mentions) {
        INFO(a.id << ": " << m.text);
        REQUIRE(std::find(probes.begin(), probes.end(), NameProbeHash(m.text)) != probes.end());
        ++checked;
      }
    }
  }
  REQUIRE(checked > 50);
}

TEST_CASE("a pipeline's traces come with their articles, in order", "[memory][pipeline]") {
  std::vector<Article> in = StoryArticles(20, 7);
  EntityMemory memory(DefaultRules());
  std::vector<std::string> origins;
  ExtractPipeline::Options options{2, 4, &memory, [&](const Article& a, const std::string& trace) {
                                     origins.push_back(a.origin);
                                     REQUIRE_THAT(trace, Catch::Contains("sentence: "));
                                   }};
  ExtractPipeline pipe(DefaultExtractor(), std::move(options), [](ArticleFacts&&) { return Status::OK(); });
  for (const Article& a : in) REQUIRE(pipe.Push(Article(a)).ok());
  REQUIRE(pipe.Finish().ok());
  REQUIRE(origins.size() == in.size());
  for (size_t i = 0; i < in.size(); ++i) REQUIRE(origins[i] == in[i].origin);
}

TEST_CASE("extract gives the same bytes with 1 and 4 threads, and --no-memory extracts alone", "[memory][cli]") {
  TempDir dir;
  std::string jsonl;
  for (const Article& a : StoryArticles(60, 11))
    jsonl += "{\"id\":\"" + a.id + "\",\"text\":\"" + a.text + "\"}\n";
  testing::WriteFile(dir.Sub("in.jsonl"), jsonl);
  std::string one, four, alone, err;
  REQUIRE(RunCli("extract --threads 1 " + dir.Sub("in.jsonl"), &one, &err) == 0);
  REQUIRE(RunCli("extract --threads 4 " + dir.Sub("in.jsonl"), &four, &err) == 0);
  REQUIRE(std::count(one.begin(), one.end(), '\n') == 60);
  REQUIRE(one == four);
  REQUIRE(RunCli("extract --no-memory --threads 4 " + dir.Sub("in.jsonl"), &alone, &err) == 0);
  REQUIRE(alone != one);
  // --no-memory is the old behaviour: each line as if it were alone.
  std::string line, single;
  REQUIRE(RunCli("extract --threads 1 -", &single, &err, jsonl.substr(jsonl.rfind('\n', jsonl.size() - 2) + 1)) == 0);
  REQUIRE(alone.substr(alone.rfind('\n', alone.size() - 2) + 1) == single);
  REQUIRE(RunCli("extract --threads 0 " + dir.Sub("in.jsonl"), &line, &err) == 2);
}

TEST_CASE("ingest knows the names in the graph; --no-memory does not", "[memory][cli]") {
  TempDir dir;
  testing::WriteFile(dir.Sub("a1.txt"), "Nvidia has invested in a Chinese AI firm called Quorbit.\n");
  testing::WriteFile(dir.Sub("a2.txt"), "Intel put money into Quorbit last year.\n");
  std::string out, err;
  const std::string count =
      " --format csv \"MATCH (a:Article)-[:MENTIONS]->({name:'Quorbit'}) RETURN count(a) AS n\"";
  for (bool memory : {true, false}) {
    INFO("memory " << memory);
    std::string db = dir.Sub(memory ? "with.db" : "without.db");
    std::string flags = memory ? " --threads 2 " : " --no-memory ";
    REQUIRE(RunCli("ingest -q --db " + db + flags + dir.Sub("a1.txt"), &out, &err) == 0);
    REQUIRE(RunCli("ingest -q --db " + db + flags + dir.Sub("a2.txt"), &out, &err) == 0);  // a second run
    REQUIRE(RunCli("query --db " + db + count, &out, &err) == 0);
    REQUIRE(out == (memory ? "n\r\n2\r\n" : "n\r\n1\r\n"));
    REQUIRE(RunCli("query --db " + db +
                       " --format csv \"MATCH (:Company {name:'Intel'})-[:INVESTS_IN]->(y {name:'Quorbit'}) "
                       "RETURN count(y) AS n\"",
                   &out, &err) == 0);
    REQUIRE(out == (memory ? "n\r\n1\r\n" : "n\r\n0\r\n"));
  }
  // reextract learns in article order: the same graph.
  std::string before, after;
  REQUIRE(RunCli("query --db " + dir.Sub("with.db") + count, &before, &err) == 0);
  REQUIRE(RunCli("reextract -q --db " + dir.Sub("with.db"), &out, &err) == 0);
  REQUIRE(RunCli("query --db " + dir.Sub("with.db") + count, &after, &err) == 0);
  REQUIRE(after == before);
}

}  // namespace
}  // namespace newsgraph
