// The public name lists in extract/rules/lists/ and how RuleSet::Load merges
// them into the gazetteer after gazetteer.tsv.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "extract/rules.h"
#include "extract/tokens.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> ListFiles() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(testing::SourcePath("extract/rules/lists")))
    if (e.path().extension() == ".tsv") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The entry lines of a list file, as columns.
std::vector<std::vector<std::string>> Entries(const std::string& path) {
  std::vector<std::vector<std::string>> out;
  for (const std::string& line : Lines(testing::ReadFileOrDie(path))) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      cols.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    out.push_back(cols);
  }
  return out;
}

// A copy of the default rules in `dir`, to change.
std::string CopyDefaultRules(const testing::TempDir& dir) {
  std::string rules = dir.Sub("rules");
  fs::copy(testing::SourcePath("extract/rules"), rules, fs::copy_options::recursive);
  return rules;
}

const Entity* FindEntity(const ArticleFacts& f, const std::string& name) {
  for (const Entity& e : f.entities)
    if (e.name == name) return &e;
  return nullptr;
}

TEST_CASE("every list file names its source and licence", "[extract][rules][lists]") {
  std::vector<std::string> files = ListFiles();
  REQUIRE(!files.empty());
  for (const std::string& path : files) {
    INFO(path);
    bool source = false, licence = false;
    for (const std::string& line : Lines(testing::ReadFileOrDie(path))) {
      source |= line.rfind("# source:", 0) == 0;
      licence |= line.rfind("# licence:", 0) == 0;
    }
    REQUIRE(source);
    REQUIRE(licence);
    REQUIRE(!Entries(path).empty());
  }
}

TEST_CASE("the default rules know names from every list file", "[extract][rules][lists]") {
  const Gazetteer& g = testing::DefaultRules()->gazetteer();
  for (const std::string& path : ListFiles()) {
    auto entries = Entries(path);
    // The first, middle and last entries of each file.
    for (size_t i : {size_t{0}, entries.size() / 2, entries.size() - 1}) {
      const std::vector<std::string>& cols = entries[i];
      INFO(path << ": " << cols[0]);
      REQUIRE(cols.size() == 4);
      int id = g.Find(cols[0]);
      REQUIRE(id >= 0);
      REQUIRE(g.entry(id).name == cols[0]);
      REQUIRE(std::find(g.entry(id).labels.begin(), g.entry(id).labels.end(),
                        cols[1].substr(0, cols[1].find(','))) != g.entry(id).labels.end());
      if (cols[2] != "-") REQUIRE(g.Find(cols[2].substr(0, cols[2].find('|'))) == id);
    }
  }
  // lists/stoplist.txt is read by the generator, not the loader.
  REQUIRE(g.Find("places_cities") == -1);
}

TEST_CASE("a listed name is tagged in text with its list's labels", "[extract][rules][lists]") {
  for (const std::string& path : ListFiles()) {
    const std::vector<std::string> cols = Entries(path).front();
    INFO(path << ": " << cols[0]);
    // A place is in the facts only where a relation uses it (%context).
    bool place = cols[1].rfind("Place", 0) == 0;
    auto f = testing::ExtractText(place ? "Acme Labs, based in " + cols[0] + ", was mentioned on Tuesday."
                                        : "Officials said " + cols[0] + " was mentioned on Tuesday.");
    const Entity* e = FindEntity(f, cols[0]);
    REQUIRE(e != nullptr);
    REQUIRE(std::find(e->labels.begin(), e->labels.end(), cols[1].substr(0, cols[1].find(','))) != e->labels.end());
  }
}

TEST_CASE("list entries never override gazetteer.tsv or an earlier list", "[extract][rules][lists]") {
  auto rules = RuleSet::FromText(
      "Acme\tCompany\tAcme Corp\tcountry=China\nChina\tCountry\t-\t-\n", "", "", "d",
      {{"d/lists/a.tsv", "Acme\tPlace\t-\t-\nAcme Robotics\tCompany\tAcme Corp|Acme Bots\t-\nZed\tMedia\t-\t-\n"
                         "Zed\tAgency\t-\t-\n"},
       {"d/lists/b.tsv", "Zed\tPlace\tZed Town\t-\nAcme Bots\tPlace\t-\t-\n"}});
  REQUIRE(rules.ok());
  const Gazetteer& g = rules.value()->gazetteer();
  int acme = g.Find("Acme");
  REQUIRE(acme >= 0);
  REQUIRE(g.entry(acme).labels == std::vector<std::string>{"Company"});  // gazetteer.tsv wins
  REQUIRE(g.Find("Acme Corp") == acme);                                    // its alias too
  int robotics = g.Find("Acme Robotics");
  REQUIRE(robotics >= 0);
  REQUIRE(robotics != acme);
  REQUIRE(g.entry(robotics).aliases == std::vector<std::string>{"Acme Bots"});  // "Acme Corp" dropped
  REQUIRE(g.Find("Acme Bots") == robotics);  // a.tsv before b.tsv
  int zed = g.Find("Zed");
  REQUIRE(g.entry(zed).labels == std::vector<std::string>{"Media"});  // first line of a.tsv
  REQUIRE(g.Find("Zed Town") == -1);  // b.tsv's Zed was skipped whole
  REQUIRE(g.size() == 4);  // Acme, China, Acme Robotics, Zed

  // gazetteer.tsv itself still rejects a name listed twice.
  auto dup = RuleSet::FromText("Acme\tCompany\t-\t-\nAcme\tPlace\t-\t-\n", "", "", "d");
  REQUIRE(!dup.ok());
  REQUIRE_THAT(dup.status().message(), Catch::Contains("d/gazetteer.tsv:2: entity 'Acme' is listed twice"));
}

TEST_CASE("a .rules list adds directive words; any other line is an error at its line", "[extract][rules][lists]") {
  auto rules = RuleSet::FromText("", "", "", "d", {{"d/lists/given.rules", "# names\n%given Ann Bob\n"}});
  REQUIRE(rules.ok());
  REQUIRE(rules.value()->name_words().IsGivenName("Ann"));
  REQUIRE(!rules.value()->name_words().IsGivenName("Carl"));
  // %common words are written in lower case and match in any case.
  auto common = RuleSet::FromText("", "", "", "d", {{"d/lists/common.rules", "%common time age\n"}});
  REQUIRE(common.ok());
  CHECK(common.value()->name_words().IsCommonEnglish("Time"));
  CHECK(common.value()->name_words().IsCommonEnglish("age"));
  CHECK(!common.value()->name_words().IsCommonEnglish("Warner"));
  auto bad = RuleSet::FromText("", "", "", "d", {{"d/lists/given.rules", "%given Ann\nAcme\tCompany\n"}});
  REQUIRE(!bad.ok());
  REQUIRE_THAT(bad.status().message(), Catch::Contains("d/lists/given.rules:2: a word list holds only directive lines"));
}

TEST_CASE("a name in gazetteer.tsv and in a list file resolves to gazetteer.tsv", "[extract][rules][lists]") {
  testing::TempDir dir;
  std::string rules = CopyDefaultRules(dir);
  // A gazetteer.tsv name (the first Country row), listed again as a Company
  // in a list file read before the others.
  const Gazetteer& defaults = testing::DefaultRules()->gazetteer();
  std::string country;
  for (size_t i = 0; i < defaults.size() && country.empty(); ++i)
    if (defaults.entry(static_cast<int>(i)).labels == std::vector<std::string>{"Country"})
      country = defaults.entry(static_cast<int>(i)).name;
  REQUIRE(!country.empty());
  testing::WriteFile(rules + "/lists/0_overlap.tsv",
                     "# source: test\n# licence: test\n" + country + "\tCompany\tOverlap Test Holdings\t-\n");
  auto loaded = RuleSet::Load(rules);
  REQUIRE(loaded.ok());
  const Gazetteer& g = loaded.value()->gazetteer();
  int id = g.Find(country);
  REQUIRE(g.entry(id).labels == std::vector<std::string>{"Country"});
  REQUIRE(g.Find("Overlap Test Holdings") == -1);
  REQUIRE(g.size() == defaults.size());
}

TEST_CASE("a broken list line is reported with its file and line", "[extract][rules][lists]") {
  testing::TempDir dir;
  std::string rules = CopyDefaultRules(dir);
  testing::WriteFile(rules + "/lists/zz_broken.tsv", "# source: test\n# licence: test\nno columns here\n");
  testing::WriteFile(rules + "/lists/zz_labels.tsv", "Good Name\tCompany\t-\t-\nBad Label\tcompany\t-\t-\n");
  auto loaded = RuleSet::Load(rules);
  REQUIRE(!loaded.ok());
  const std::string& m = loaded.status().message();
  REQUIRE_THAT(m, Catch::Contains(rules + "/lists/zz_broken.tsv:3: expected 2 to 4 tab-separated columns"));
  REQUIRE_THAT(m, Catch::Contains(rules + "/lists/zz_labels.tsv:2: bad label 'company'"));
}

TEST_CASE("rules load without a lists folder, and read only .tsv files there", "[extract][rules][lists]") {
  testing::TempDir dir;
  std::string rules = CopyDefaultRules(dir);
  testing::WriteFile(rules + "/lists/notes.txt", "not\ta list\n");
  auto with = RuleSet::Load(rules);
  REQUIRE(with.ok());
  REQUIRE(with.value()->gazetteer().Find("not") == -1);
  fs::remove_all(rules + "/lists");
  auto without = RuleSet::Load(rules);
  REQUIRE(without.ok());
  REQUIRE(without.value()->gazetteer().size() < with.value()->gazetteer().size());
  for (const std::string& path : ListFiles())
    REQUIRE(without.value()->gazetteer().Find(Entries(path).front()[0]) == -1);
}

}  // namespace
}  // namespace newsgraph
