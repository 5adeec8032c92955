// Runs every row of tests/data/relation_sentences.tsv: a sentence in the
// style of real reporting and the relations of one predicate it states.
// Each predicate family must keep precision and recall over its rows at or
// above its floor below: a ratchet set from measured scores (raise a floor
// when the rules improve; never lower one to make a change pass). The rows
// that miss are printed, so a rule change that helps one family and hurts
// another shows here.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <sstream>

#include "tests/test_util.h"

namespace newsgraph {
namespace {

struct Floor {
  double precision, recall;
};
// Measured 2026-11-28 on 224 rows; see tests/README.md.
const std::map<std::string, Floor> kFloors = {
    {"ACCUSES", {0.95, 0.85}},    {"ACQUIRES", {0.95, 0.95}},      {"BANS", {0.95, 0.90}},
    {"BASED_IN", {0.95, 0.85}},   {"BLACKLISTS", {0.95, 0.75}},    {"INVESTS_IN", {0.95, 0.70}},
    {"PART_OF", {0.95, 0.85}},    {"PARTNERS_WITH", {0.95, 0.90}}, {"PROVIDES_SERVICES_TO", {0.95, 0.70}},
    {"SANCTIONS", {0.90, 0.90}},  {"SUPPLIES", {0.80, 0.65}},      {"WORKS_FOR", {0.95, 0.95}},
};

struct Row {
  size_t line;
  std::string predicate, sentence;
  std::set<std::string> expected;  // "S>P>O"
};

std::vector<Row> LoadRows(const std::string& file) {
  std::istringstream in(testing::ReadFileOrDie(testing::SourcePath(file)));
  std::vector<Row> rows;
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    REQUIRE(t2 != std::string::npos);
    Row r{n, line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), {}};
    std::string expected = line.substr(t2 + 1);
    std::istringstream parts(expected);
    std::string item;
    while (std::getline(parts, item, ';')) {
      if (item == "-" || item.empty()) continue;
      if (item.back() == '~') item.pop_back();  // hedging is checked in extract_test
      r.expected.insert(item);
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string Canonical(const std::string& predicate, const std::string& s, const std::string& o) {
  // PARTNERS_WITH is symmetric: compare it without direction.
  if (predicate == "PARTNERS_WITH" && o < s) return o + ">" + predicate + ">" + s;
  return s + ">" + predicate + ">" + o;
}

// Runs every row of `file` and checks each predicate's precision and recall
// against its floor.
void CheckFloors(const std::string& file, const std::map<std::string, Floor>& floors, size_t min_rows) {
  std::vector<Row> rows = LoadRows(file);
  REQUIRE(rows.size() >= min_rows);
  struct Score { size_t tp = 0, fp = 0, fn = 0; std::vector<std::string> misses; };
  std::map<std::string, Score> scores;
  for (const Row& row : rows) {
    ArticleFacts f = testing::ExtractText(row.sentence);
    std::set<std::string> got, want;
    for (const Relation& r : f.relations)
      if (r.predicate == row.predicate) got.insert(Canonical(r.predicate, r.subject, r.object));
    for (const std::string& e : row.expected) {
      size_t a = e.find('>'), b = e.rfind('>');
      want.insert(Canonical(row.predicate, e.substr(0, a), e.substr(b + 1)));
    }
    Score& s = scores[row.predicate];
    for (const std::string& g : got) {
      if (want.count(g)) ++s.tp;
      else { ++s.fp; s.misses.push_back("line " + std::to_string(row.line) + " extra " + g); }
    }
    for (const std::string& w : want)
      if (!got.count(w)) { ++s.fn; s.misses.push_back("line " + std::to_string(row.line) + " missing " + w); }
  }
  for (const auto& [predicate, s] : scores) {
    double precision = s.tp + s.fp ? double(s.tp) / (s.tp + s.fp) : 1.0;
    double recall = s.tp + s.fn ? double(s.tp) / (s.tp + s.fn) : 1.0;
    std::string misses;
    for (const std::string& m : s.misses) misses += "\n  " + m;
    INFO(file << ": " << predicate << ": precision " << precision << ", recall " << recall << misses);
    auto floor = floors.find(predicate);
    REQUIRE(floor != floors.end());
    CHECK(precision >= floor->second.precision);
    CHECK(recall >= floor->second.recall);
  }
}

TEST_CASE("relation rules on reporting-style sentences, per predicate", "[extract][rules]") {
  CheckFloors("tests/data/relation_sentences.tsv", kFloors, 150);
}

// tests/data/business_sentences.tsv: 321 sentences written for the language
// of business and policy news (lists, passives, nominal forms, two-sentence
// references, hedging scope, traps), after the rules they test were not yet
// written. Measured 2026-12-07; a ratchet like kFloors. The ACQUIRES,
// INVESTS_IN, PARTNERS_WITH and SUPPLIES floors were raised with the third
// session's rows and rules (each above what the rules before them reach).
const std::map<std::string, Floor> kBusinessFloors = {
    {"ACQUIRES", {0.90, 0.55}},   {"BANS", {0.95, 0.65}},       {"BLACKLISTS", {0.80, 0.45}},
    {"FINES", {0.95, 0.80}},      {"INVESTIGATES", {0.90, 0.50}}, {"INVESTS_IN", {0.95, 0.60}},
    {"PARTNERS_WITH", {0.90, 0.70}}, {"PROVIDES_SERVICES_TO", {0.70, 0.15}}, {"SANCTIONS", {0.70, 0.30}},
    {"SUES", {0.90, 0.65}},       {"SUPPLIES", {0.90, 0.55}},   {"WORKS_FOR", {0.90, 0.50}},
};

TEST_CASE("relation rules on business and policy sentences, per predicate", "[extract][rules]") {
  CheckFloors("tests/data/business_sentences.tsv", kBusinessFloors, 250);
}

}  // namespace
}  // namespace newsgraph
