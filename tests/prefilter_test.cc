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

// A pattern's clauses are the ORs of its AND: each a set of atoms one of
// which every match holds.
TEST_CASE("prefilter: a rule's clauses are the keyword sets it needs one of each", "[extract][prefilter]") {
  RE2 deal("(?:acquired|bought) \\w+ (?:stakes?|shares)");
  RE2 either("(?:firm|company) called ([A-Z]\\w+)|([A-Z]\\w+) Holdings");
  RulePrefilter f;
  f.Add(deal);
  f.Add(either);
  f.Compile();
  // Whether every atom of `clause` holds one of `words`.
  auto of = [](const std::vector<std::string>& clause, std::vector<std::string> words) {
    return !clause.empty() && std::all_of(clause.begin(), clause.end(), [&](const std::string& atom) {
      return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return atom.find(w) != std::string::npos; });
    });
  };
  auto deal_clauses = f.Clauses(0);
  REQUIRE(deal_clauses.size() == 2);
  if (!of(deal_clauses[0], {"acquired", "bought"})) std::swap(deal_clauses[0], deal_clauses[1]);
  CHECK(of(deal_clauses[0], {"acquired", "bought"}));
  CHECK(of(deal_clauses[1], {"take", "hare"}));  // atoms may be parts of words
  // An OR of ANDs: one clause, an atom from each side.
  auto either_clauses = f.Clauses(1);
  REQUIRE(either_clauses.size() == 1);
  CHECK(of(either_clauses[0], {"call", "holdings"}));  // "company call": 12 bytes searched
  CHECK(std::any_of(either_clauses[0].begin(), either_clauses[0].end(),
                    [](const std::string& atom) { return atom.find("holdings") != std::string::npos; }));
  CHECK(Candidates(f, "Acme bought more shares of Beta") == std::vector<int>{0});
  CHECK(Candidates(f, "Acme bought Beta").empty());
  CHECK(Candidates(f, "a company called Quorbit") == std::vector<int>{1});
  CHECK(Candidates(f, "Quorbit Holdings") == std::vector<int>{1});
}

// CompilePattern compiles a pattern once for matching and for its clauses:
// the RE2 it returns matches as one compiled alone does, and a rule added
// with it has the clauses Add(re) learns.
TEST_CASE("prefilter: a pattern compiled once matches and filters as one compiled twice", "[extract][prefilter]") {
  const std::string pattern = "(?:acquired|bought) (?:a stake in )?([A-Z]\\w+)";
  RE2::Options options;
  options.set_case_sensitive(false);
  RulePrefilter::Compiled compiled = RulePrefilter::CompilePattern(pattern, options);
  REQUIRE(compiled.re);
  REQUIRE(compiled.re->ok());
  RE2 alone(pattern, options);
  CHECK(compiled.re->NumberOfCapturingGroups() == alone.NumberOfCapturingGroups());
  for (const std::string text : {"Acme acquired Beta", "it BOUGHT a stake in Gamma today", "Acme sold Beta"}) {
    std::string a, b;
    CHECK(RE2::PartialMatch(text, *compiled.re, &a) == RE2::PartialMatch(text, alone, &b));
    CHECK(a == b);
  }
  RulePrefilter once, twice;
  once.Add(compiled);
  twice.Add(alone);
  once.Compile();
  twice.Compile();
  CHECK(!once.Clauses(0).empty());
  CHECK(once.Clauses(0) == twice.Clauses(0));
  CHECK(Candidates(once, "Acme sold Beta").empty());
  CHECK(Candidates(once, "Acme acquired Beta") == std::vector<int>{0});

  // A pattern that does not compile says why, and has no clauses.
  RulePrefilter::Compiled bad = RulePrefilter::CompilePattern("(unclosed", options);
  REQUIRE(bad.re);
  CHECK(!bad.re->ok());
  CHECK(bad.re->error().find("missing )") != std::string::npos);
  CHECK(bad.clauses.empty());
}

// The scan (four interleaved chains, prefixes of long atoms) against a plain
// search: a rule is a candidate exactly when each of its clauses has an atom
// whose searched prefix occurs; and never dropped where FilteredRE2, asked
// about the rule alone, says the atoms present let it match.
TEST_CASE("prefilter: candidates are the rules whose clauses a plain search satisfies, on random text",
          "[extract][prefilter]") {
  auto rules = RuleSet::Load(testing::SourcePath("extract/rules"));
  REQUIRE(rules.ok());
  RulePrefilter filter;
  std::vector<std::unique_ptr<re2::FilteredRE2>> alone;
  std::vector<std::vector<std::string>> alone_atoms;
  for (const RelationRule& rule : rules.value()->relation_rules()) {
    filter.Add(*rule.re);
    alone.push_back(std::make_unique<re2::FilteredRE2>(RulePrefilter::kMinAtomLength));
    int id;
    REQUIRE(alone.back()->Add(rule.re->pattern(), rule.re->options(), &id) == RE2::NoError);
    alone_atoms.emplace_back();
    alone.back()->Compile(&alone_atoms.back());
  }
  filter.Compile();
  std::vector<std::vector<std::vector<std::string>>> clauses;
  for (size_t r = 0; r < alone.size(); ++r) clauses.push_back(filter.Clauses(static_cast<int>(r)));
  // Texts of whole atoms (some capitalised), their halves, and filler, long
  // enough that atoms straddle the middle where the second chain starts.
  std::vector<std::string> pieces = {" ", "x", "Qz ", ", "};
  for (const auto& atoms : alone_atoms)
    for (const std::string& a : atoms) {
      pieces.push_back(a);
      std::string upper = a;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      pieces.push_back(upper);
      pieces.push_back(a.substr(0, a.size() / 2));
      pieces.push_back(a.substr(a.size() / 2));
    }
  REQUIRE(pieces.size() > 400);
  uint32_t seed = 99;
  std::vector<int> got, potential;
  size_t candidates = 0, formula_true = 0;
  for (int round = 0; round < 1200; ++round) {
    std::string text;
    for (int k = round % 60; k > 0; --k) {
      seed = seed * 1103515245 + 12345;
      text += pieces[(seed >> 16) % pieces.size()];
    }
    std::string lower = text;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto occurs = [&](const std::string& atom) {
      return lower.find(std::string_view(atom).substr(0, RulePrefilter::kSearchedPrefix)) != std::string::npos;
    };
    filter.Candidates(text, &got);
    INFO("input #" << round << ": [" << text << "]");
    for (size_t r = 0; r < alone.size(); ++r) {
      bool want = true;
      for (const auto& clause : clauses[r])
        want = want && std::any_of(clause.begin(), clause.end(), occurs);
      bool is_candidate = std::count(got.begin(), got.end(), static_cast<int>(r)) == 1;
      INFO("rule " << r);
      REQUIRE(is_candidate == want);
      std::vector<int> present;
      for (size_t a = 0; a < alone_atoms[r].size(); ++a)
        if (occurs(alone_atoms[r][a])) present.push_back(static_cast<int>(a));
      alone[r]->AllPotentials(present, &potential);
      if (!potential.empty()) REQUIRE(is_candidate);
      formula_true += !potential.empty();
    }
    candidates += got.size();
  }
  CHECK(formula_true > 1000);  // the comparison above was exercised
  INFO(candidates << " candidates, " << formula_true << " where the formula holds");
  CHECK(candidates < 2 * formula_true);  // sharp: near what the formulas allow
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
