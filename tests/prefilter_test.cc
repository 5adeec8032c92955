// RulePrefilter must never drop a rule that matches: its candidates are a
// superset of the matching rules. Checked against running every rule on
// every sentence of the bundled corpus and the relation test sentences.
#include <catch2/catch.hpp>

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <sstream>

#include "extract/normalize.h"
#include "extract/prefilter.h"
#include "extract/rules.h"
#include "extract/sentences.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

std::vector<int> Candidates(const RulePrefilter& f, std::string_view text) {
  std::vector<int> out;
  f.Candidates(text, &out);
  return out;
}

TEST_CASE("prefilter: keywords select rules, case-insensitively", "[extract][prefilter]") {
  RE2 industry("((?:[A-Z]\\w+ )+(?:Technology|Technologies|Holdings))");
  RE2 called("(?:firm|company) (?:called|named) ([A-Z]\\w+)");
  RulePrefilter f;
  f.Add(industry);
  f.Add(called);
  f.Compile();
  CHECK(Candidates(f, "Megvii Technology grew").size() == 1);
  CHECK(Candidates(f, "Megvii Technology grew")[0] == 0);
  CHECK(Candidates(f, "a FIRM CALLED Yitu") == std::vector<int>{1});  // a superset may include case misses
  CHECK(Candidates(f, "a firm named Yitu, part of Acme Holdings") == std::vector<int>{0, 1});
  CHECK(Candidates(f, "nothing of the sort here").empty());
  // Both keyword groups are needed by `called`: one alone is not enough.
  CHECK(Candidates(f, "the company grew").empty());
}

TEST_CASE("prefilter: a rule without keywords is always a candidate", "[extract][prefilter]") {
  RE2 capitals("([A-Z][a-z]+ [A-Z][a-z]+)");
  RE2 keyword("(?:spokesman) ([A-Z]\\w+)");
  RulePrefilter f;
  f.Add(capitals);
  f.Add(keyword);
  f.Compile();
  CHECK(Candidates(f, "") == std::vector<int>{0});
  CHECK(Candidates(f, "said spokesman Lee") == std::vector<int>{0, 1});
  RulePrefilter empty;
  empty.Compile();
  CHECK(Candidates(empty, "anything").empty());
}

// The relation rules hold ~550 atoms; a filter that searched only the
// first 256 left most of them candidates for every sentence.
TEST_CASE("prefilter: every atom is searched, however many rules there are", "[extract][prefilter]") {
  std::vector<std::unique_ptr<RE2>> rules;
  RulePrefilter f;
  for (int i = 0; i < 1000; ++i) {
    rules.push_back(std::make_unique<RE2>("keyword" + std::to_string(1000 + i) + " ([A-Z]\\w+)"));
    REQUIRE(rules.back()->ok());
    f.Add(*rules.back());
  }
  f.Compile();
  CHECK(Candidates(f, "nothing here").empty());
  CHECK(Candidates(f, "the keyword1003 Acme") == std::vector<int>{3});
  CHECK(Candidates(f, "then keyword1999 Acme and KEYWORD1300 Bcme") == std::vector<int>{300, 999});
}

// Keywords longer than the searched prefix still select their rules, each
// only where its keyword occurs (1000 keywords share no 12-byte prefix).
TEST_CASE("prefilter: long keywords select their rules", "[extract][prefilter]") {
  std::vector<std::unique_ptr<RE2>> rules;
  std::vector<std::string> keywords;
  RulePrefilter f;
  uint32_t seed = 7;
  for (int i = 0; i < 1000; ++i) {
    std::string word;
    for (int k = 0; k < 60; ++k) {
      seed = seed * 1103515245 + 12345;
      word += static_cast<char>('a' + (seed >> 16) % 26);
    }
    keywords.push_back(word);
    rules.push_back(std::make_unique<RE2>(word + " ([A-Z]\\w+)"));
    REQUIRE(rules.back()->ok());
    f.Add(*rules.back());
  }
  f.Compile();
  std::vector<int> got;
  f.Candidates("nothing here", &got);
  CHECK(got.empty());
  for (int i = 0; i < 1000; ++i) {
    f.Candidates("the " + keywords[i] + " Acme", &got);
    INFO("rule " << i);
    CHECK(got == std::vector<int>{i});
  }
}

TEST_CASE("prefilter: rules without keywords are named for `rules check`", "[extract][prefilter]") {
  auto rules = RuleSet::FromText("", "org.caps Company ([A-Z][a-z]+ [A-Z][a-z]+)\norg.kw Company firm called ([A-Z]\\w+)\n",
                                 "");
  REQUIRE(rules.ok());
  CHECK(rules.value()->EntityRulesWithoutKeywords() == std::vector<std::string>{"org.caps"});
  auto relations = RuleSet::FromText("", "",
                                     "rel.sues SUES 0.8 {S} (?:sued|sues) {O}\n"
                                     "rel.any LINKS 0.5 {S}.*{O}\n");
  REQUIRE(relations.ok());
  CHECK(relations.value()->RelationRulesWithoutKeywords() == std::vector<std::string>{"rel.any"});
}

TEST_CASE("prefilter: candidates are FilteredRE2's for the atoms (their searched prefixes) a plain search finds, on random text",
          "[extract][prefilter]") {
  auto rules = RuleSet::Load(testing::SourcePath("extract/rules"));
  REQUIRE(rules.ok());
  RulePrefilter filter;
  re2::FilteredRE2 reference(RulePrefilter::kMinAtomLength);
  for (const EntityRule& rule : rules.value()->entity_rules()) {
    filter.Add(*rule.re);
    int id;
    REQUIRE(reference.Add(rule.re->pattern(), rule.re->options(), &id) == RE2::NoError);
  }
  filter.Compile();
  std::vector<std::string> atoms;
  reference.Compile(&atoms);
  REQUIRE(atoms.size() > 20);
  REQUIRE(atoms.size() <= RulePrefilter::kMaxAtoms);
  // Texts of whole atoms (some capitalised), their halves, and filler, long
  // enough that atoms straddle the middle where the second chain starts.
  std::vector<std::string> pieces = {" ", "x", "Qz ", ", "};
  for (const std::string& a : atoms) {
    pieces.push_back(a);
    std::string upper = a;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    pieces.push_back(upper);
    pieces.push_back(a.substr(0, a.size() / 2));
    pieces.push_back(a.substr(a.size() / 2));
  }
  uint32_t seed = 99;
  std::vector<int> got, want;
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    for (int k = round % 40; k > 0; --k) {
      seed = seed * 1103515245 + 12345;
      text += pieces[(seed >> 16) % pieces.size()];
    }
    std::string lower = text;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::vector<int> present;  // an atom's first kSearchedPrefix bytes stand for it
    for (size_t a = 0; a < atoms.size(); ++a)
      if (lower.find(atoms[a].substr(0, RulePrefilter::kSearchedPrefix)) != std::string::npos)
        present.push_back(static_cast<int>(a));
    reference.AllPotentials(present, &want);
    std::sort(want.begin(), want.end());
    filter.Candidates(text, &got);
    INFO("input #" << round << ": [" << text << "]");
    REQUIRE(got == want);
  }
}

TEST_CASE("prefilter: every matching entity rule is a candidate on real sentences", "[extract][prefilter]") {
  auto rules = RuleSet::Load(testing::SourcePath("extract/rules"));
  REQUIRE(rules.ok());
  const auto& entity_rules = rules.value()->entity_rules();
  std::vector<std::string> texts = {testing::ReadFileOrDie(testing::SourcePath("tests/data/relation_sentences.tsv"))};
  for (const char* f : {"corpus/article.txt"})
    texts.push_back(testing::ReadFileOrDie(testing::SourcePath(f)));
  size_t sentences = 0, matches = 0;
  for (const std::string& raw : texts) {
    NormalizedText norm(raw);
    for (const Span& s : SplitSentences(norm.text())) {
      std::string_view sentence = std::string_view(norm.text()).substr(s.start, s.end - s.start);
      std::vector<int> candidates;
      rules.value()->EntityRulesMatching(sentence, &candidates);
      ++sentences;
      for (size_t r = 0; r < entity_rules.size(); ++r) {
        if (!RE2::PartialMatch(re2::StringPiece(sentence.data(), sentence.size()), *entity_rules[r].re)) continue;
        ++matches;
        INFO("rule " << entity_rules[r].id << " on: " << sentence);
        CHECK(std::count(candidates.begin(), candidates.end(), static_cast<int>(r)) == 1);
      }
    }
  }
  CHECK(sentences > 200);
  CHECK(matches >= 10);  // the check above was exercised (most discovery cues are words now, not rules)
}

}  // namespace
}  // namespace newsgraph
