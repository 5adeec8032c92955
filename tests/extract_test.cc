// extract/: normaliser, sentence splitter, gazetteer lookup, rule files, and
// the seed article end to end.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include "base/hash.h"
#include "extract/gazetteer.h"
#include "extract/normalize.h"
#include "extract/sentences.h"
#include "extract/tokens.h"
#include "extract/word_table.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::ExtractText;

std::vector<std::string> Sentences(const std::string& text) {
  std::vector<std::string> out;
  for (const Span& s : SplitSentences(text)) out.push_back(text.substr(s.start, s.end - s.start));
  return out;
}

using Triple = std::tuple<std::string, std::string, std::string>;

std::set<Triple> Triples(const ArticleFacts& f, const std::string& predicate = "") {
  std::set<Triple> out;
  for (const Relation& r : f.relations)
    if (predicate.empty() || r.predicate == predicate) out.emplace(r.subject, r.predicate, r.object);
  return out;
}

// `n` pieces, each drawn from `pieces` by a linear congruential generator
// that advances *seed: the same seed gives the same texts.
std::string RandomText(const std::vector<std::string>& pieces, int n, uint32_t* seed) {
  std::string text;
  for (int k = 0; k < n; ++k) {
    *seed = *seed * 1103515245 + 12345;
    text += pieces[(*seed >> 16) % pieces.size()];
  }
  return text;
}

const Entity* FindEntity(const ArticleFacts& f, const std::string& name) {
  for (const Entity& e : f.entities)
    if (e.name == name) return &e;
  return nullptr;
}

// The labels of the entity named `name`, or {"(absent)"}.
std::vector<std::string> LabelsOf(const ArticleFacts& f, const std::string& name) {
  const Entity* e = FindEntity(f, name);
  return e ? e->labels : std::vector<std::string>{"(absent)"};
}

TEST_CASE("normaliser maps curly quotes and odd spaces to ASCII and keeps offsets", "[extract]") {
  std::string in = "China\xE2\x80\x99s \xE2\x80\x9C" "firm\xE2\x80\x9D\xC2\xA0\xC2\xA0" "here";
  NormalizedText n(in);
  REQUIRE(n.text() == "China's \"firm\" here");
  size_t at = n.text().find("here");
  REQUIRE(in.substr(n.ToOriginal(at), 4) == "here");
  REQUIRE(n.ToOriginal(n.text().size()) == in.size());
}

// The normaliser's contract, written the slow way: one output byte at a
// time, with the original offset of each.
void ReferenceNormalize(const std::string& in, std::string* text, std::vector<uint32_t>* origin) {
  const std::vector<std::pair<std::string, char>> kMap = {
      {"\xE2\x80\x99", '\''}, {"\xE2\x80\x9C", '"'}, {"\xE2\x80\x94", '-'}, {"\xC2\xA0", ' '}, {"\xE2\x80\xA6", '.'}};
  for (size_t i = 0; i < in.size();) {
    char out = in[i];
    size_t len = 1;
    for (const auto& [from, to] : kMap)
      if (in.compare(i, from.size(), from) == 0) out = to, len = from.size();
    if (in.compare(i, 3, "\xE2\x80\x8B") == 0) { i += 3; continue; }
    if (out == '\t' || out == '\r' || out == '\f' || out == '\v') out = ' ';
    if (!(out == ' ' && !text->empty() && text->back() == ' ')) {
      text->push_back(out);
      origin->push_back(static_cast<uint32_t>(i));
    }
    i += len;
  }
  origin->push_back(static_cast<uint32_t>(in.size()));
}

TEST_CASE("normaliser offsets agree with a byte-by-byte reference on random text", "[extract]") {
  // Long plain pieces too, so that changes fall anywhere in the normaliser's
  // 16-byte steps.
  const std::vector<std::string> pieces = {"a", "Bc", " ", "  ", "\t", "\r\n", "\f", "\v", ".", "\xE2\x80\x99",
                                           "\xE2\x80\x9C", "\xE2\x80\x94", "\xC2\xA0", "\xE2\x80\x8B", "\xE2\x80\xA6",
                                           "\xC3\xA9", "Kept as it is, ", "word word word"};
  uint32_t seed = 12345;
  for (int round = 0; round < 5000; ++round) {
    std::string in = RandomText(pieces, round % 40, &seed);
    std::string want;
    std::vector<uint32_t> origin;
    ReferenceNormalize(in, &want, &origin);
    NormalizedText got(in);
    INFO("input #" << round << ": " << in);
    REQUIRE(got.text() == want);
    for (size_t i = 0; i <= want.size(); ++i) REQUIRE(got.ToOriginal(i) == origin[i]);
  }
}

// The tokeniser's contract, written the slow way (a byte at a time).
std::vector<Token> ReferenceTokenize(std::string_view text) {
  auto word = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
  };
  std::vector<Token> out;
  size_t n = text.size(), i = 0;
  while (i < n) {
    if (!word(text[i])) { ++i; continue; }
    size_t start = i;
    bool dotted = false;
    while (i < n) {
      if (word(text[i])) { ++i; continue; }
      char c = text[i];
      bool joiner = (c == '.' || c == '-' || c == '&') && i + 1 < n && word(text[i + 1]) &&
                    !(c == '-' && text[i + 1] >= 'a' && text[i + 1] <= 'z');
      if (!joiner) break;
      dotted |= c == '.';
      ++i;
    }
    if (dotted && i < n && text[i] == '.') ++i;
    out.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(i)});
  }
  return out;
}

TEST_CASE("tokeniser agrees with a byte-at-a-time reference on random text", "[extract]") {
  const std::string alphabet = "aZ9 .-&'\",\xC3\xA9" "bQ";
  uint32_t seed = 777;
  std::vector<Token> got;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    int n = round % 150;
    for (int k = 0; k < n; ++k) {
      seed = seed * 1103515245 + 12345;
      text.push_back(alphabet[(seed >> 16) % alphabet.size()]);
    }
    Tokenize(text, &got);
    std::vector<Token> want = ReferenceTokenize(text);
    INFO("input #" << round << ": [" << text << "]");
    REQUIRE(got.size() == want.size());
    for (size_t t = 0; t < want.size(); ++t) {
      REQUIRE(got[t].start == want[t].start);
      REQUIRE(got[t].end == want[t].end);
    }
  }
  Tokenize("The U.S. and AT&T's Wi-Fi, Hangzhou-based Inc.", &got);
  std::vector<std::string> words;
  std::string_view s = "The U.S. and AT&T's Wi-Fi, Hangzhou-based Inc.";
  for (const Token& t : got) words.emplace_back(s.substr(t.start, t.end - t.start));
  CHECK(words == std::vector<std::string>{"The", "U.S.", "and", "AT&T", "s", "Wi-Fi", "Hangzhou", "based", "Inc"});
}

TEST_CASE("IsKeyOf agrees with NameKey of the text its tokens span", "[extract]") {
  // Random texts and token runs: IsKeyOf(key, ...) must hold exactly when
  // key is the run's NameKey (joined by single spaces), for the run's own
  // key, for keys one byte off and for the keys of other runs.
  const std::string alphabet = "aZ9 .-&'bQ";
  uint32_t seed = 99;
  std::vector<Token> tokens;
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    for (int k = 0; k < round % 40; ++k) {
      seed = seed * 1103515245 + 12345;
      text.push_back(alphabet[(seed >> 16) % alphabet.size()]);
    }
    Tokenize(text, &tokens);
    for (size_t i = 0; i < tokens.size(); ++i) {
      for (size_t n = 1; i + n <= tokens.size() && n <= 3; ++n) {
        std::string key;
        for (size_t t = i; t < i + n; ++t) {
          if (t > i) key.push_back(' ');
          AppendTokenKey(std::string_view(text).substr(tokens[t].start, tokens[t].end - tokens[t].start), &key);
        }
        INFO("input #" << round << ": [" << text << "] tokens " << i << "+" << n << " key [" << key << "]");
        REQUIRE(IsKeyOf(key, text, &tokens[i], n));
        REQUIRE(!IsKeyOf(key + "a", text, &tokens[i], n));
        REQUIRE(!IsKeyOf(key.substr(0, key.size() - 1), text, &tokens[i], n));
        if (i + n < tokens.size()) REQUIRE(!IsKeyOf(key, text, &tokens[i], n + 1));
      }
    }
  }
  std::string_view text = "the U.S. Commerce-Department";
  Tokenize(text, &tokens);
  CHECK(IsKeyOf("us commerce-department", text, &tokens[1], 2));
  CHECK(IsKeyOf(NameKey("U.S. Commerce-Department"), text, &tokens[1], 2));
  CHECK(!IsKeyOf("us commerce department", text, &tokens[1], 2));
}

TEST_CASE("sentences split at full stops but not after abbreviations or in numbers", "[extract]") {
  auto s = Sentences("The U.S. Commerce Department acted. Apple Inc. grew 3.5 percent. Dr. Li agreed! Then Mr. Wu left.");
  REQUIRE(s == std::vector<std::string>{"The U.S. Commerce Department acted.", "Apple Inc. grew 3.5 percent.",
                                        "Dr. Li agreed!", "Then Mr. Wu left."});
  auto lines = Sentences("Headline without a stop\n\nFirst paragraph. Second \"quoted.\" Third");
  REQUIRE(lines == std::vector<std::string>{"Headline without a stop", "First paragraph.", "Second \"quoted.\"", "Third"});
  REQUIRE(Sentences("On Jan. 5 the firm said so. It did.").size() == 2);
  REQUIRE(Sentences("").empty());
}

// The splitter's contract, a byte at a time, for texts made of the words
// below: of those, "Inc", "MR" and "approx" are abbreviations.
std::vector<Span> ReferenceSplitSentences(std::string_view text) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto ends_abbreviation = [&](size_t dot) {
    size_t b = dot;
    while (b > 0 && (std::isalpha(static_cast<unsigned char>(text[b - 1])) || text[b - 1] == '.')) --b;
    std::string word(text.substr(b, dot - b));
    if (word.size() == 1 && upper(word[0])) return true;
    bool dotted = word.find('.') != std::string::npos;
    for (size_t i = 0; i < word.size(); ++i)
      if ((i % 2 == 1) != (word[i] == '.')) dotted = false;
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return dotted || word == "inc" || word == "mr" || word == "approx";
  };
  std::vector<Span> out;
  auto push = [&](size_t start, size_t end) {
    while (start < end && text[start] == ' ') ++start;
    while (end > start && text[end - 1] == ' ') --end;
    if (end > start) out.push_back({start, end});
  };
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      push(start, i);
      start = i + 1;
      continue;
    }
    if (c != '.' && c != '!' && c != '?') continue;
    size_t end = i + 1;
    while (end < text.size() && std::string_view("\"')].").find(text[end]) != std::string_view::npos) ++end;
    if (end >= text.size()) break;
    if (text[end] != ' ') continue;
    if (end + 1 >= text.size()) break;
    char n = text[end + 1];
    if (!(upper(n) || (n >= '0' && n <= '9') || n == '"' || n == '\'' || n == '(')) continue;
    if (c == '.' && ends_abbreviation(i)) continue;
    push(start, end);
    start = end + 1;
    i = end;
  }
  push(start, text.size());
  return out;
}

TEST_CASE("sentence splitter agrees with a byte-at-a-time reference on random text", "[extract]") {
  const std::vector<std::string> words = {"Inc", "MR", "approx", "Approxim", "U.S", "e.g", "A", "a", "Apple",
                                          "3", "5", ".", ".", "!", "?", "\n", " ", " ", " ", "\"", "'", ")", "("};
  uint32_t seed = 4242;
  for (int round = 0; round < 20000; ++round) {
    std::string text = RandomText(words, round % 90, &seed);
    std::vector<Span> got = SplitSentences(text), want = ReferenceSplitSentences(text);
    INFO("input #" << round << ": [" << text << "]");
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      REQUIRE(got[i].start == want[i].start);
      REQUIRE(got[i].end == want[i].end);
    }
  }
}

TEST_CASE("gazetteer resolves aliases and misspellings to one canonical entity", "[extract]") {
  auto f = ExtractText("The U.S. and the US and America met. Hikivision and Qihoo360 replied. The Commerce Department spoke.");
  const Entity* us = FindEntity(f, "United States");
  REQUIRE(us != nullptr);
  REQUIRE(us->mentions.size() == 3);
  REQUIRE(FindEntity(f, "Hikvision") != nullptr);
  REQUIRE(FindEntity(f, "Hikvision")->mentions[0].text == "Hikivision");
  REQUIRE(FindEntity(f, "Qihoo 360") != nullptr);
  REQUIRE(FindEntity(f, "U.S. Commerce Department") != nullptr);
}

TEST_CASE("a large name index finds every name it holds and nothing else", "[extract]") {
  // 20,000 names of one to three tokens force the key table and the first
  // token filter to grow many times; each must still be found, longest first.
  NameIndex index;
  std::vector<std::string> names;
  for (int i = 0; i < 20000; ++i) {
    std::string name = "Name" + std::to_string(i);
    if (i % 3 >= 1) name += " Part" + std::to_string(i % 7);
    if (i % 3 == 2) name += " Tail";
    names.push_back(name);
    index.Add(name, i, false);
  }
  index.Add("eBay", 20000, false);
  std::vector<Token> tokens;
  for (int i = 0; i < 20000; i += 37) {
    std::string text = names[i] + " said";
    Tokenize(text, &tokens);
    NameMatch m;
    INFO(text);
    REQUIRE(index.LongestAt(text, tokens, 0, &m));
    CHECK(m.entry == i);
    CHECK(m.last + 2 == tokens.size());  // all of the name, not "said"
  }
  for (std::string text : {"Name20001 said", "Part3 Tail", "ebay", "eBay"}) {
    Tokenize(text, &tokens);
    NameMatch m;
    CHECK(index.LongestAt(text, tokens, 0, &m) == (text == "eBay"));  // lower-case initials only as written
  }
}

TEST_CASE("lower-case common words are not entities", "[extract]") {
  auto f = ExtractText("we ate an apple near the amazon and told us about it. The Amazon rainforest burns.");
  REQUIRE(FindEntity(f, "Apple") == nullptr);
  REQUIRE(FindEntity(f, "Amazon") == nullptr);
  REQUIRE(FindEntity(f, "United States") == nullptr);
}

TEST_CASE("mention offsets are byte offsets into the text as read", "[extract]") {
  std::string text = "\xE2\x80\x9CHikvision\xE2\x80\x9D is based in China.";
  auto f = ExtractText(text);
  const Entity* h = FindEntity(f, "Hikvision");
  REQUIRE(h != nullptr);
  REQUIRE(h->mentions[0].start == 3);
  REQUIRE(text.substr(h->mentions[0].start, h->mentions[0].end - h->mentions[0].start) == "Hikvision");
}

TEST_CASE("coordination on both sides gives the cross product", "[extract]") {
  auto f = ExtractText("Amazon and Google provide cloud services to Dahua Technology and Hikvision.");
  REQUIRE(Triples(f, "PROVIDES_SERVICES_TO") ==
          std::set<Triple>{{"Amazon", "PROVIDES_SERVICES_TO", "Dahua Technology"},
                           {"Amazon", "PROVIDES_SERVICES_TO", "Hikvision"},
                           {"Google", "PROVIDES_SERVICES_TO", "Dahua Technology"},
                           {"Google", "PROVIDES_SERVICES_TO", "Hikvision"}});
}

TEST_CASE("passive voice puts the provider first", "[extract]") {
  auto f = ExtractText("Microsoft's cloud services are being used by SenseTime.");
  REQUIRE(Triples(f, "PROVIDES_SERVICES_TO") == std::set<Triple>{{"Microsoft", "PROVIDES_SERVICES_TO", "SenseTime"}});
  REQUIRE(FindEntity(f, "Microsoft")->labels == std::vector<std::string>{"Company", "Provider"});
}

TEST_CASE("negation between subject and object drops the edge", "[extract]") {
  REQUIRE(Triples(ExtractText("Nvidia did not invest in SenseTime.")).empty());
  REQUIRE(Triples(ExtractText("Amazon denied providing cloud services to Hikvision.")).empty());
  REQUIRE(Triples(ExtractText("Amazon no longer provides cloud services to Hikvision.")).empty());
  REQUIRE(Triples(ExtractText("Nvidia invested in SenseTime."), "INVESTS_IN").size() == 1);
}

TEST_CASE("hedged statements are kept, marked and less confident", "[extract]") {
  auto plain = ExtractText("Nvidia invested in SenseTime.");
  auto hedged = ExtractText("Nvidia reportedly invested in SenseTime.");
  REQUIRE(plain.relations.size() == 1);
  REQUIRE(hedged.relations.size() == 1);
  REQUIRE_FALSE(plain.relations[0].hedged);
  REQUIRE(hedged.relations[0].hedged);
  REQUIRE(hedged.relations[0].confidence < plain.relations[0].confidence);
  REQUIRE(FindEntity(hedged, "Nvidia")->labels == std::vector<std::string>{"Company", "Investor"});
}

TEST_CASE("a deal one \"would\" make is hedged; what would have been is none", "[extract]") {
  auto f = ExtractText("Kestrel Holdings said it would buy sensor maker Lumora Optics.");
  REQUIRE(Triples(f, "ACQUIRES") == std::set<Triple>{{"Kestrel Holdings", "ACQUIRES", "Lumora Optics"}});
  REQUIRE(f.relations[0].hedged);
  CHECK(Triples(ExtractText("Kestrel Holdings would have bought sensor maker Lumora Optics had its bank agreed."),
                "ACQUIRES")
            .empty());
  CHECK(Triples(ExtractText("Kestrel Holdings would be forced to buy sensor maker Lumora Optics under the contract."),
                "ACQUIRES")
            .empty());
}

TEST_CASE("sentences with one entity run the rules that need only one", "[extract]") {
  // {S=agent} takes the subject from an earlier sentence; a role rule labels
  // its one entity. (These sentences hold the rules' keywords, which select
  // them for the search.)
  auto f = ExtractText("The Commerce Department blacklisted Hikvision last year. Megvii was also blacklisted, "
                       "officials said. Nvidia is an investor in the sector.");
  REQUIRE(Triples(f, "BLACKLISTS") == std::set<Triple>{{"U.S. Commerce Department", "BLACKLISTS", "Hikvision"},
                                                       {"U.S. Commerce Department", "BLACKLISTS", "Megvii"}});
  REQUIRE(FindEntity(f, "Nvidia")->labels == std::vector<std::string>{"Company", "Investor"});
  auto g = ExtractText("The Commerce Department blacklisted Hikvision last year. Megvii was also named. "
                       "Nvidia is a chip maker.");
  REQUIRE(Triples(g, "BLACKLISTS").size() == 1);
  REQUIRE(FindEntity(g, "Nvidia")->labels == std::vector<std::string>{"Company"});
}

TEST_CASE("appositions and demonyms give BASED_IN", "[extract]") {
  auto f = ExtractText("Microsoft serves SenseTime and Megvii, two of China's most valuable AI startups.");
  REQUIRE(Triples(f, "BASED_IN") == std::set<Triple>{{"SenseTime", "BASED_IN", "China"}, {"Megvii", "BASED_IN", "China"}});
  auto g = ExtractText("The ban hit Chinese tech giant Huawei.");
  REQUIRE(Triples(g, "BASED_IN") == std::set<Triple>{{"Huawei", "BASED_IN", "China"}});
}

TEST_CASE("discovery patterns find organisations the gazetteer does not list", "[extract]") {
  auto f = ExtractText("A Chinese AI firm called Zorbex Vision was named. Quanlix Robotics Co., Ltd. makes arms. "
                       "Quanlix Robotics sells them to companies such as Lumora, Vexel and Tarnby. "
                       "Brontal Devices Inc. opened a plant. Investors including Nvidia, Pelham Row and Sorvik "
                       "backed it. Analysts at Harwell Capital said so.");
  // A legal form is dropped only when the article also uses the shorter
  // name; a list takes the kind of its known members; a head word names it.
  for (const char* name : {"Zorbex Vision", "Quanlix Robotics", "Lumora", "Vexel", "Tarnby", "Brontal Devices Inc",
                           "Pelham Row", "Sorvik", "Harwell Capital"}) {
    INFO(name);
    const Entity* e = FindEntity(f, name);
    REQUIRE(e != nullptr);
    REQUIRE(std::count(e->labels.begin(), e->labels.end(), "Company") == 1);
  }
  REQUIRE(FindEntity(f, "Analysts") == nullptr);
  REQUIRE(FindEntity(f, "Quanlix Robotics Co., Ltd") == nullptr);
}

TEST_CASE("discovery guards: openers, months, places, titles are not names", "[extract]") {
  auto f = ExtractText("However, shares rose in June. Generative AI is popular and generative models spread. "
                       "Sunnyvale, California-based Acme Labs said on Monday its chief executive, Dana Quill, "
                       "would speak. Health spokesman Rob Tarn said the health plan works.");
  for (const char* name : {"However", "June", "Monday", "Generative AI", "Health"}) {
    INFO(name);
    REQUIRE(FindEntity(f, name) == nullptr);
  }
  const Entity* acme = FindEntity(f, "Acme Labs");
  REQUIRE(acme != nullptr);
  REQUIRE(acme->labels == std::vector<std::string>{"Company"});
  const Entity* place = FindEntity(f, "California");
  if (place) REQUIRE(std::count(place->labels.begin(), place->labels.end(), "Company") == 0);
  const Entity* person = FindEntity(f, "Rob Tarn");
  REQUIRE(person != nullptr);
  REQUIRE(person->labels == std::vector<std::string>{"Person"});
}


TEST_CASE("discovery guards: an opening phrase is no apposition; events, shows and films name no one", "[extract]") {
  // "At X, the company VERB": X opens the sentence, it is not the company.
  auto f = ExtractText("At Harwick, the company has written to homes. Asked about Zentrix, the firm said nothing.");
  for (const char* name : {"Harwick", "Zentrix"}) {
    INFO(name);
    const Entity* e = FindEntity(f, name);
    if (e) CHECK(std::count(e->labels.begin(), e->labels.end(), "Company") == 0);
  }
  // The apposition itself still names a company.
  auto h = ExtractText("Talks stalled with Zentrix, a Dutch firm.");
  const Entity* apposed = FindEntity(h, "Zentrix");
  REQUIRE(apposed != nullptr);
  CHECK(apposed->labels == std::vector<std::string>{"Company"});
  // "%head -": a run ending in an event's or a show's word is nobody's name.
  auto g = ExtractText("Dana Quill won the Harry Belcourt Award on the Tim Brewer Show, "
                       "said Lumora chief executive Rob Tarn.");
  for (const char* name : {"Harry Belcourt Award", "Tim Brewer Show", "Harry Belcourt", "Tim Brewer"}) {
    INFO(name);
    CHECK(FindEntity(g, name) == nullptr);
  }
  CHECK(FindEntity(g, "Rob Tarn") != nullptr);
  // A currency sign opens no name; "is suing" is no description.
  auto m = ExtractText("The coach was fined £2,000 by Quorbit Inc. Singer Dana Quill is suing eight insurance companies.");
  for (const Entity& e : m.entities) {
    INFO(e.name);
    CHECK(e.name.find("\xC2\xA3") == std::string::npos);
    CHECK(std::count(e.labels.begin(), e.labels.end(), "Company") == (e.name == "Quorbit Inc" ? 1 : 0));
  }
  // "director" alone after an unknown name is as often a film's; with a
  // qualifier it is a firm's.
  auto k = ExtractText("Kill Bill director Dana Quill spoke. Lumora managing director Rob Tarn spoke.");
  CHECK(FindEntity(k, "Kill Bill") == nullptr);
  CHECK(Triples(k, "WORKS_FOR") == std::set<Triple>{{"Rob Tarn", "WORKS_FOR", "Lumora"}});
}
TEST_CASE("compound titles are no part of a name; a sentence's first word before -owned is no name", "[extract]") {
  auto f = ExtractText("Also due to attend are US Secretary of State Dana Quill, UN Secretary General Rob Tarn "
                       "and World Bank officials. State-owned Quorbit Inc bought Lumora Ltd.");
  CHECK(FindEntity(f, "Dana Quill") != nullptr);
  CHECK(FindEntity(f, "Rob Tarn") != nullptr);
  CHECK(FindEntity(f, "State Dana Quill") == nullptr);
  CHECK(FindEntity(f, "General Rob Tarn") == nullptr);
  CHECK(FindEntity(f, "State") == nullptr);
  CHECK(Triples(f, "WORKS_FOR") == std::set<Triple>{{"Rob Tarn", "WORKS_FOR", "United Nations"}});
}

TEST_CASE("every ISO country is a country; a given name with a country for surname is a person", "[extract]") {
  auto f = ExtractText("Quorbit Inc opened offices in Ghana and Lebanon. The club's coach Joe Jordan left for Morocco.");
  for (const char* name : {"Ghana", "Lebanon", "Morocco"}) {
    INFO(name);
    const Entity* e = FindEntity(f, name);
    REQUIRE(e != nullptr);
    CHECK(e->labels == std::vector<std::string>{"Country"});
  }
  const Entity* joe = FindEntity(f, "Joe Jordan");
  REQUIRE(joe != nullptr);
  CHECK(joe->labels == std::vector<std::string>{"Person"});
  CHECK(FindEntity(f, "North Africa") == nullptr);
  auto g = ExtractText("Trade in North Africa grew.");
  const Entity* africa = FindEntity(g, "North Africa");
  if (africa) CHECK(africa->labels != std::vector<std::string>{"Person"});
}

TEST_CASE("discovery: portfolios and fields, descriptors before a kind's noun, ISO demonyms name no employer; US before a legal name", "[extract]") {
  auto f = ExtractText("Health spokesman Dana Quill said so. It was backed by Culture, Media and Sport Secretary Rob Tarn. "
                       "A spokesman for European Justice and Home Affairs Commissioner Tim Brewer agreed. "
                       "Lumora spokesman Jon Pyle said no.");
  for (const char* name : {"Health", "Culture", "Sport", "European Justice", "European Justice and Home Affairs"}) {
    INFO(name);
    CHECK(FindEntity(f, name) == nullptr);
  }
  CHECK(Triples(f, "WORKS_FOR") == std::set<Triple>{{"Jon Pyle", "WORKS_FOR", "Lumora"}});
  // "head of MMS firm Quorbit": the run describes the firm after it; "editor
  // of Velmora magazine" is the magazine's.
  auto g = ExtractText("Dana Quill, head of MMS firm Quorbit, spoke. Rob Tarn, leader of Darnshire county Labour group, "
                       "spoke. Tim Brewer, editor of Velmora magazine, said it would.");
  CHECK(FindEntity(g, "MMS") == nullptr);
  CHECK(FindEntity(g, "Darnshire") == nullptr);
  CHECK(Triples(g, "WORKS_FOR") == std::set<Triple>{{"Tim Brewer", "WORKS_FOR", "Velmora"}});
  // Fields and regional adjectives are no employers either; an employer
  // right before a kind's noun and a name describes that name.
  auto n = ExtractText("Rob Tarn, founder and chairman of P2P network Velmora, said so. "
                       "PR executive Dana Quill and chief Asian strategist Tim Brewer spoke.");
  CHECK(FindEntity(n, "PR") == nullptr);
  CHECK(FindEntity(n, "Asian") == nullptr);
  CHECK(Triples(n, "WORKS_FOR").empty());
  // A topic and a company's head word alone are an event or a field.
  auto o = ExtractText("She won gold at the Commonwealth Games and paid National Insurance to Quorbit Games.");
  CHECK(FindEntity(o, "Commonwealth Games") == nullptr);
  CHECK(FindEntity(o, "National Insurance") == nullptr);
  CHECK(FindEntity(o, "Quorbit Games") != nullptr);
  // A country's abbreviation before a name in legal form is no part of it.
  auto k = ExtractText("Its owner is now part of the huge US Quorbit Corporation.");
  CHECK(FindEntity(k, "Quorbit Corporation") != nullptr);
  CHECK(FindEntity(k, "US Quorbit Corporation") == nullptr);
  // A demonym of an ISO country (lists/countries_iso.tsv) is no organisation.
  auto h = ExtractText("Paraguayan leader Dana Quill met Burkinabe officials.");
  CHECK(FindEntity(h, "Paraguayan") == nullptr);
  CHECK(FindEntity(h, "Burkinabe") == nullptr);
  CHECK(Triples(h, "WORKS_FOR").empty());
}

TEST_CASE("an acronym defined after a head word is that name; an apposition's own noun decides its kind", "[extract]") {
  auto f = ExtractText("Texting rose, said the Quorbit Data Association (QDA). Records beat forecasts, the QDA's "
                       "chairman said. Dana Quill, chairman of the QDA, agreed.");
  CHECK(FindEntity(f, "QDA") == nullptr);  // a mention of the association, not a name of its own
  CHECK(Triples(f, "WORKS_FOR") == std::set<Triple>{{"Dana Quill", "WORKS_FOR", "Quorbit Data Association"}});
  auto g = ExtractText("Rob Tarn, director at Velmorix, an umbrella organization for technology companies, spoke. "
                       "Lumorant, a subsidiary of Quorbit Inc, grew.");
  const Entity* velmorix = FindEntity(g, "Velmorix");
  REQUIRE(velmorix != nullptr);
  CHECK(velmorix->labels == std::vector<std::string>{"Organization"});
}

TEST_CASE("a given name and a head word for surname is a person beside a person's cue; Trust names an organisation",
          "[extract]") {
  auto f = ExtractText("Lisa Power, head of policy at the Harwick Trust, said the plan was poor. Later Lisa Power "
                       "spoke again. Vera Power raised its prices on Monday.");
  CHECK(LabelsOf(f, "Lisa Power") == std::vector<std::string>{"Person"});
  CHECK(LabelsOf(f, "Harwick Trust") == std::vector<std::string>{"Organization"});
  CHECK(LabelsOf(f, "Vera Power") == std::vector<std::string>{"Company"});  // no cue: the head word decides
  // A title before the name is the cue; the person keeps the name without it.
  auto g = ExtractText("Rock DJ Dana Quill and dance DJ Rob Da Bank joined the station. Rob Da Bank filled in on "
                       "Monday. Dana Quill, Tara Vell and Rob Da Bank will host the show.");
  CHECK(LabelsOf(g, "Rob Da Bank") == std::vector<std::string>{"Person"});
  CHECK(LabelsOf(g, "Dana Quill") == std::vector<std::string>{"Person"});
  // Legal forms and plurals stay firms whatever the cue.
  auto h = ExtractText("Tim Daly of Michael Foods said sales rose. Patrick Corporation, a supplier, said so too.");
  CHECK(LabelsOf(h, "Michael Foods") == std::vector<std::string>{"Company"});
}

TEST_CASE("a name before its possessive is no member of a list; the West Bank and Gaza are places", "[extract]") {
  auto f = ExtractText("Other browsers, like Quorbit and Apple's Safaro, are challenging the market.");
  CHECK(FindEntity(f, "Quorbit") == nullptr);
  auto g = ExtractText("Closures hurt the West Bank and Gaza, said Dana Quill. Quorbit Motors is based in Gaza.");
  CHECK(FindEntity(g, "West Bank") == nullptr);  // a place, and only a fact makes a place a node
  CHECK(Triples(g, "BASED_IN") == std::set<Triple>{{"Quorbit Motors", "BASED_IN", "Gaza Strip"}});
  auto h = ExtractText("Other browsers, like Quorbit and Apple, are challenging the market.");
  CHECK(LabelsOf(h, "Quorbit") == std::vector<std::string>{"Company"});  // listed with a firm, not its product
}

TEST_CASE("a kind's noun after an indefinite article is an adjective; World and Global are no firm's words", "[extract]") {
  auto f = ExtractText("Then some giant Quorbit Dragons chased them. Intel backs a rival Velmorix standard. The "
                       "team qualified for the World Group. Chip giant Harwick Dynamics grew.");
  CHECK(FindEntity(f, "Quorbit Dragons") == nullptr);
  CHECK(FindEntity(f, "Velmorix") == nullptr);
  CHECK(FindEntity(f, "World Group") == nullptr);
  CHECK(LabelsOf(f, "Harwick Dynamics") == std::vector<std::string>{"Company"});
}

TEST_CASE("a head of two words decides before its last word: central, reserve and development banks, games", "[extract]") {
  auto f = ExtractText("The Harwick Development Bank lent $5m. Dana Quill, governor of the Turkish Central Bank, "
                       "spoke. The Central Bank raised rates. Quorbit Bank fell. The Boston Indoor Games opened.");
  CHECK(LabelsOf(f, "Harwick Development Bank") == std::vector<std::string>{"Organization"});
  CHECK(LabelsOf(f, "Turkish Central Bank") == std::vector<std::string>{"Agency"});
  CHECK(FindEntity(f, "Central Bank") == nullptr);  // every country's: no name of its own
  CHECK(LabelsOf(f, "Quorbit Bank") == std::vector<std::string>{"Company"});
  CHECK(FindEntity(f, "Boston Indoor Games") == nullptr);
  // An event's word ends no firm's name, but is a word of one inside it.
  auto e = ExtractText("Former US Open champion Dana Quill lost. The Open Quorbit Institute said so.");
  CHECK(FindEntity(e, "Open") == nullptr);
  CHECK(LabelsOf(e, "Open Quorbit Institute") == std::vector<std::string>{"Organization"});
  // A rule writer's head of two words: WORD_WORD.
  auto rules = RuleSet::FromText("", "%head Agency Harwick_Office\n", "");
  REQUIRE(rules.ok());
  Article a;
  a.text = "Staff at the Quorbit Harwick Office said it would close.";
  CHECK(LabelsOf(Extractor(rules.value()).Extract(a), "Quorbit Harwick Office") == std::vector<std::string>{"Agency"});
}

TEST_CASE("a common English word opens no person's name, unless a given name or an honorific; My is no name", "[extract]") {
  auto f = ExtractText("Time Quorbit said on Friday that sales rose. Lord Harwick said so too. Will Tarn said "
                       "nothing. Standard Velmor said it would grow. Ms Quill praised My Velmor Phone. Under Secretary "
                       "of Commerce for Industry and Security Alan Tarn said in a statement that it was done.");
  CHECK(FindEntity(f, "Time Quorbit") == nullptr);
  CHECK(FindEntity(f, "Standard Velmor") == nullptr);
  CHECK(LabelsOf(f, "Lord Harwick") == std::vector<std::string>{"Person"});
  CHECK(LabelsOf(f, "Will Tarn") == std::vector<std::string>{"Person"});
  CHECK(FindEntity(f, "Security Alan Tarn") == nullptr);  // a title's words, then a person's name
  CHECK(FindEntity(f, "My Velmor Phone") == nullptr);
  CHECK(FindEntity(f, "My Velmor") == nullptr);
  // Nor in a list with people: "Finding Neverland" and "Green Day" are no one.
  auto g = ExtractText("Winners were Dana Quill, Rob Tarn, Finding Quorbit and Green Velmor.");
  CHECK(LabelsOf(g, "Rob Tarn") == std::vector<std::string>{"Person"});
  CHECK(FindEntity(g, "Finding Quorbit") == nullptr);
  CHECK(FindEntity(g, "Green Velmor") == nullptr);
}

TEST_CASE("a title, of, a known name and a person's are two names; founders before a dashed aside", "[extract]") {
  auto f = ExtractText("\"Sales grew,\" said the president of Intel Capital Wendell Tarn. Analysts from Citigroup "
                       "Smith Barney wrote in a note.");
  CHECK(Triples(f, "WORKS_FOR") == std::set<Triple>{{"Wendell Tarn", "WORKS_FOR", "Intel Capital"}});
  CHECK(FindEntity(f, "Smith Barney") == nullptr);  // no person's cue: not split off
  auto g = ExtractText("Dana Quill, Rob Tarn, and Tim Vell - former scientists at Google - co-founded Quorbit AI "
                       "this year.");
  CHECK(Triples(g, "WORKS_FOR") == std::set<Triple>{{"Dana Quill", "WORKS_FOR", "Quorbit AI"},
                                                    {"Rob Tarn", "WORKS_FOR", "Quorbit AI"},
                                                    {"Tim Vell", "WORKS_FOR", "Quorbit AI"}});
}

TEST_CASE("a given name alone and a person's name after 'and' share the surname", "[extract]") {
  auto f = ExtractText("Quorbit AI was co-founded by former Google executives and siblings Dario and Daniela Vell.");
  CHECK(Triples(f, "WORKS_FOR") == std::set<Triple>{{"Dario Vell", "WORKS_FOR", "Quorbit AI"},
                                                    {"Daniela Vell", "WORKS_FOR", "Quorbit AI"}});
  auto g = ExtractText("Stars include Paul Simon, Madonna and David Tarn. The Jesus and Mary Chain played.");
  CHECK(FindEntity(g, "Madonna Tarn") == nullptr);  // the last but one of a longer list
  CHECK(FindEntity(g, "Jesus Chain") == nullptr);
}

TEST_CASE("a planned act is a hedged fact; a passive stays passive", "[extract]") {
  auto f = ExtractText("The Federal Communications Commission is reportedly planning to ban all sales of new "
                       "Quorbit Robotics devices. The agency also intends to ban the sale of cameras from Velmor Technology "
                       "Company and Harwick Systems.");
  CHECK(Triples(f, "BANS") == std::set<Triple>{{"Federal Communications Commission", "BANS", "Quorbit Robotics"},
                                               {"Federal Communications Commission", "BANS", "Velmor Technology Company"},
                                               {"Federal Communications Commission", "BANS", "Harwick Systems"}});
  for (const Relation& r : f.relations) CHECK(r.hedged);
  auto g = ExtractText("The rest of Velmor Systems was bought by market leader Quorbit Robotics.");
  CHECK(Triples(g, "ACQUIRES") == std::set<Triple>{{"Quorbit Robotics", "ACQUIRES", "Velmor Systems"}});
}

TEST_CASE("a name joins 'of the' after an organisation's or agency's head word, not a company's", "[extract]") {
  auto f = ExtractText("The International Federation of the Harwick Industry said sales rose. "
                       "Quorbit Motors of the US said sales fell.");
  const Entity* federation = FindEntity(f, "International Federation of the Harwick Industry");
  REQUIRE(federation != nullptr);
  CHECK(federation->labels == std::vector<std::string>{"Organization"});
  CHECK(FindEntity(f, "Harwick Industry") == nullptr);
  CHECK(FindEntity(f, "International Federation") == nullptr);
  CHECK(FindEntity(f, "Quorbit Motors") != nullptr);
  CHECK(FindEntity(f, "Quorbit Motors of the US") == nullptr);
}

TEST_CASE("an organisation's head word before 'of' decides its kind; it is listed with companies", "[extract]") {
  auto f = ExtractText("The National Institute of Maritime Research said costs rose. The Commerce Department added "
                       "Quorbit Inc, the Halvor Institute of Computing Technology and Lumora Ltd to the Entity List.");
  const Entity* institute = FindEntity(f, "National Institute of Maritime Research");
  REQUIRE(institute != nullptr);
  CHECK(institute->labels == std::vector<std::string>{"Organization"});
  const Entity* halvor = FindEntity(f, "Halvor Institute of Computing Technology");
  REQUIRE(halvor != nullptr);
  CHECK(halvor->labels == std::vector<std::string>{"Organization"});
  CHECK(Triples(f, "BLACKLISTS").size() == 3);
  // The portfolios in an agency's name are no list of companies.
  auto g = ExtractText("Files held by the departments of Environment, Food and Rural Affairs and Trade and Industry "
                       "rose, as did those of Quorbit Inc, Velmora and Lumora Ltd.");
  for (const char* name : {"Environment", "Food", "Rural Affairs"}) {
    INFO(name);
    CHECK(FindEntity(g, name) == nullptr);
  }
  CHECK(FindEntity(g, "Velmora") != nullptr);  // a list of companies still spreads
}

TEST_CASE("discovery: given names, honorifics, an agency's own words, numbers and incidental places", "[extract]") {
  auto f = ExtractText(
      "She overhauled her rival Maria Mutola to win. Company spokesman Glenn Waller said Exxon was calm. "
      "According to Mr Waller, Exxon would not bid. In a speech, Mr Prettejohn urged reform. "
      "The Finance and Economy Ministry said in a statement that growth slowed. "
      "Figures from the Ministry of Economy, Trade and Industry showed a fall. "
      "Holders get 1.90 Vantor Corp shares. In 2003 Technology shares fell. "
      "A startup in New York hired staff. Sheffield-based Acme Labs opened. "
      "Culture Secretary Tessa Jowell backed it. In Las Vegas Microsoft chairman Bill Gates spoke. "
      "Ken Bates met Mark Taylor, Bates's chief executive. Skype offers PC-based calls. "
      "Lord Goldsmith said in a statement that it was legal. Ministers and ISPs met. "
      "Universal Music Group, Sony Music Entertainment and Warner Records sued Suno.");
  // A given name opens a person's name, whatever word came before it, unless
  // another cue names it: a list of companies.
  CHECK(LabelsOf(f, "Maria Mutola") == std::vector<std::string>{"Person"});
  CHECK(LabelsOf(f, "Warner Records") == std::vector<std::string>{"Company"});
  // "Mr Waller" is Glenn Waller, not a company listed beside Exxon.
  CHECK(LabelsOf(f, "Glenn Waller") == std::vector<std::string>{"Person"});
  CHECK(FindEntity(f, "Waller") == nullptr);
  CHECK(LabelsOf(f, "Prettejohn") == std::vector<std::string>{"Person"});
  // A ministry is an agency even where a cue for companies found it.
  for (const Entity& e : f.entities) {
    INFO(e.name);
    if (e.name.find("Ministry") != std::string::npos) CHECK(e.labels == std::vector<std::string>{"Agency"});
  }
  CHECK(LabelsOf(f, "Ministry of Economy") == std::vector<std::string>{"Agency"});
  // Decimals and years open no name.
  CHECK(FindEntity(f, "1.90 Vantor Corp") == nullptr);
  CHECK(FindEntity(f, "2003 Technology") == nullptr);
  // A place no fact uses is context, not a node; one a fact uses stays.
  CHECK(FindEntity(f, "New York") == nullptr);
  CHECK(FindEntity(f, "Sheffield") != nullptr);
  CHECK(Triples(f, "BASED_IN").count({"Acme Labs", "BASED_IN", "Sheffield"}) == 1);
  // A portfolio, a place before a known name, a person's surname, an
  // acronym before "-based", a lord and a plural acronym are no companies.
  for (const char* name : {"Culture", "Las Vegas Microsoft", "PC", "ISPs"}) {
    INFO(name);
    CHECK(FindEntity(f, name) == nullptr);
  }
  CHECK(FindEntity(f, "Microsoft") != nullptr);
  for (const char* name : {"Bates", "Lord Goldsmith", "Goldsmith"}) {
    INFO(name);
    const auto labels = LabelsOf(f, name);
    CHECK(std::count(labels.begin(), labels.end(), "Company") == 0);
  }
  CHECK(Triples(f, "WORKS_FOR").count({"Mark Taylor", "WORKS_FOR", "Bates"}) == 0);
}

TEST_CASE("discovery trims what is not the name: adjectives, places before a known company, titles", "[extract]") {
  auto f = ExtractText(
      "On Monday, shares in Ireland-based Elan fell. Saudi NCCI's shares soared after the National Company for Cooperative "
      "Insurance (NCCI) listed. Vadim Mitroshin, an analyst at Credit Suisse First Boston, said so. "
      "Airbus sold 10 A320 jets to a carrier. Chancellor Gordon Brown spoke. "
      "Deputy High Court Judge Richard Mawrey ruled. Real Madrid won in Las Vegas. "
      "Robert Chote of the Institute for Fiscal Studies said so. "
      "Charged were Tim Daly of Michael Foods and Kenneth Bowman, a contractor. "
      "Cloudflare stopped serving the website Daily Stormer. "
      "Irish Transport Minister Martin Cullen said in a statement that it was fine.");
  // A hyphenated adjective and a demonym before a name the article also
  // writes alone are not part of it.
  CHECK(FindEntity(f, "Ireland-based Elan") == nullptr);
  CHECK(FindEntity(f, "Elan") != nullptr);
  CHECK(FindEntity(f, "Saudi NCCI") == nullptr);
  CHECK(FindEntity(f, "NCCI") != nullptr);
  // A place that ends a name is part of it ("Boston"); "Credit" is no
  // stop word.
  CHECK(Triples(f, "WORKS_FOR").count({"Vadim Mitroshin", "WORKS_FOR", "Credit Suisse First Boston"}) == 1);
  // A number before a model code counts things.
  CHECK(FindEntity(f, "10 A320") == nullptr);
  // A title before a person is not part of the name; a run between two
  // titles is no person; a run ending in a place is no person.
  CHECK(LabelsOf(f, "Gordon Brown") == std::vector<std::string>{"Person"});
  CHECK(FindEntity(f, "Chancellor Gordon Brown") == nullptr);
  CHECK(LabelsOf(f, "Richard Mawrey") == std::vector<std::string>{"Person"});
  // An organisation's head word before "for" says what it is.
  CHECK(LabelsOf(f, "Institute for Fiscal Studies") == std::vector<std::string>{"Organization"});
  // Two names joined by "and" do not make a given name's person a company.
  CHECK(LabelsOf(f, "Kenneth Bowman") == std::vector<std::string>{"Person"});
  // A job title splits what a rule captured.
  CHECK(LabelsOf(f, "Martin Cullen") == std::vector<std::string>{"Person"});
  CHECK(FindEntity(f, "Transport Minister Martin Cullen") == nullptr);
  // "website", "newspaper", "broadcaster" before a name: media.
  CHECK(LabelsOf(f, "Daily Stormer") == std::vector<std::string>{"Media"});
  for (const char* name : {"High Court", "Real Madrid"}) {
    INFO(name);
    const auto labels = LabelsOf(f, name);
    CHECK(std::count(labels.begin(), labels.end(), "Person") == 0);
  }
}

TEST_CASE("a name with a spaced ampersand is one name, found by rules and tagged whole", "[extract]") {
  auto f = ExtractText("Pelham Capital has stakes in Fairmont Lodges & Resorts, which runs hotels. "
                       "Sales of firms such as Halvor & Crowe grew. Fairmont Lodges & Resorts chief executive Dana Quill "
                       "said sales rose.");
  const Entity* fairmont = FindEntity(f, "Fairmont Lodges & Resorts");
  REQUIRE(fairmont != nullptr);
  CHECK(fairmont->mentions.size() == 2);
  CHECK(FindEntity(f, "Fairmont Lodges") == nullptr);
  CHECK(FindEntity(f, "Halvor & Crowe") != nullptr);
  CHECK(FindEntity(f, "Halvor") == nullptr);
  CHECK(Triples(f, "WORKS_FOR") == std::set<Triple>{{"Dana Quill", "WORKS_FOR", "Fairmont Lodges & Resorts"}});
}

TEST_CASE("firms joined by an ampersand and common words before 'said' are no persons; ex- ends a job", "[extract]") {
  auto f = ExtractText(
      "The time has come. Ernst & Young said profits rose. Time Warner said it was calm. "
      "Jane Doe, ex-president of Acme Corp, was jailed. John Roe, president of Acme Corp, spoke.");
  for (const char* name : {"Ernst & Young", "Time Warner"}) {
    INFO(name);
    const auto labels = LabelsOf(f, name);
    CHECK(std::count(labels.begin(), labels.end(), "Person") == 0);
  }
  const auto works = Triples(f, "WORKS_FOR");
  CHECK(works.count({"Jane Doe", "WORKS_FOR", "Acme Corp"}) == 0);
  CHECK(works.count({"John Roe", "WORKS_FOR", "Acme Corp"}) == 1);
}

TEST_CASE("a known name before a portfolio title is the portfolio; a first-word alias needs a two-word name", "[extract]") {
  auto f = ExtractText("A firm called Cabinet opened. Cabinet Secretary Tessa Jowell spoke. "
                       "The drinks firm Pernod Ricard grew; Pernod said so. World Trade Center Inc grew. The World is a radio show.");
  CHECK(Triples(f, "WORKS_FOR").empty());
  const Entity* cabinet = FindEntity(f, "Cabinet");
  REQUIRE(cabinet != nullptr);
  CHECK(cabinet->mentions.size() == 1);  // the firm, not the portfolio
  const Entity* pernod = FindEntity(f, "Pernod Ricard");
  REQUIRE(pernod != nullptr);
  CHECK(pernod->mentions.size() == 2);  // "Pernod" too
  for (const Entity& e : f.entities)
    for (const Mention& m : e.mentions) CHECK(m.text != "World");
}

TEST_CASE("relations across sentences: the company, a round's investors, scope of hedges", "[extract]") {
  // "the company" is the company named last, passing over the one already
  // named in the sentence; the relation says it came by coreference.
  auto f = ExtractText("Brontal Devices makes sensors. Pelham Capital invested in the company last year.");
  REQUIRE(Triples(f, "INVESTS_IN") == std::set<Triple>{{"Pelham Capital", "INVESTS_IN", "Brontal Devices"}});
  const Relation* r = nullptr;
  for (const Relation& x : f.relations)
    if (x.predicate == "INVESTS_IN") r = &x;
  REQUIRE(r->rule.size() > 6);
  REQUIRE(r->rule.substr(r->rule.size() - 6) == "+coref");

  // A round's investors attach to the company that raised it.
  auto g = ExtractText("Quanlix Robotics raised $40 million in a Series B round. The round was led by Harwell "
                       "Capital, with participation from Nvidia and Sorvik Ventures.");
  REQUIRE(Triples(g, "INVESTS_IN") == std::set<Triple>{{"Harwell Capital", "INVESTS_IN", "Quanlix Robotics"},
                                                       {"Nvidia", "INVESTS_IN", "Quanlix Robotics"},
                                                       {"Sorvik Ventures", "INVESTS_IN", "Quanlix Robotics"}});

  // A hedge in another clause does not hedge; one in the same clause does.
  auto h = ExtractText("Acme Robotics Inc. acquired Beta Labs, and it reportedly plans more deals.");
  REQUIRE(Triples(h, "ACQUIRES") == std::set<Triple>{{"Acme Robotics Inc", "ACQUIRES", "Beta Labs"}});
  REQUIRE_FALSE(h.relations[0].hedged);
  auto k = ExtractText("Acme Robotics Inc. reportedly acquired Beta Labs.");
  REQUIRE(Triples(k, "ACQUIRES").size() == 1);
  for (const Relation& x : k.relations)
    if (x.predicate == "ACQUIRES") REQUIRE(x.hedged);

  // An ended role gives nothing.
  REQUIRE(Triples(ExtractText("The startup was founded by former Brontal CTO Dana Quill."), "WORKS_FOR").empty());
}

TEST_CASE("\"its\" before a title stands for the organisation named before it in its sentence", "[extract]") {
  // Not the company named last in an earlier sentence.
  auto f = ExtractText("Brontal Devices bought Quorbit Systems Inc. in 2003. Pelham Industries Inc. says its decline "
                       "was punishment for the ambitions of its founder Dana Quill.");
  CHECK(Triples(f, "WORKS_FOR") == std::set<Triple>{{"Dana Quill", "WORKS_FOR", "Pelham Industries Inc"}});
  // A place after a preposition or an article is passed over.
  auto g = ExtractText("Pelham Industries Inc. argued that a US court could hear it, since it has a house in Houston "
                       "owned by its chief executive Dana Quill.");
  CHECK(Triples(g, "WORKS_FOR") == std::set<Triple>{{"Dana Quill", "WORKS_FOR", "Pelham Industries Inc"}});
  // A place that could be what "its" stands for: no guess.
  auto h = ExtractText("Brontal Devices Inc. may move. \"We wish to keep Berlin's standing,\" Dana Quill, its "
                       "minister for economic affairs, said.");
  CHECK(Triples(h, "WORKS_FOR").empty());
}

TEST_CASE("\"it\" before a verb of a deal stands for the organisation named before it in its sentence", "[extract]") {
  // Not the company named last in an earlier sentence (the one bought there).
  auto f = ExtractText("Brontal Devices Inc. bought Quorbit Systems Inc. in 2003. Pelham Industries Inc.'s shares "
                       "rose a week after it bought Velmora Robotics Inc.");
  CHECK(Triples(f, "ACQUIRES") == std::set<Triple>{{"Brontal Devices Inc", "ACQUIRES", "Quorbit Systems Inc"},
                                                   {"Pelham Industries Inc", "ACQUIRES", "Velmora Robotics Inc"}});
  // With none before it in its sentence, the salient company; in the next
  // sentence, what "it bought" stood for there (not the company it bought).
  auto g = ExtractText("Pelham Industries Inc. had a good year. In 2003 it bought Quorbit Systems Inc. for $5m. "
                       "In 2004 it bought Velmora Robotics Inc. for $9m.");
  CHECK(Triples(g, "ACQUIRES") == std::set<Triple>{{"Pelham Industries Inc", "ACQUIRES", "Quorbit Systems Inc"},
                                                   {"Pelham Industries Inc", "ACQUIRES", "Velmora Robotics Inc"}});
}

TEST_CASE("\"the company\" stands for the company named last, \"the shell company\" for another", "[extract]") {
  CHECK(Triples(ExtractText("Pelham Industries Inc. had a bad year. The troubled company was then snapped up by "
                            "Velmora Robotics Inc."),
                "ACQUIRES") == std::set<Triple>{{"Velmora Robotics Inc", "ACQUIRES", "Pelham Industries Inc"}});
  CHECK(Triples(ExtractText("Pelham Industries Inc. sold its unit. The shell company was then snapped up by "
                            "Velmora Robotics Inc."),
                "ACQUIRES")
            .empty());
}

TEST_CASE("a {P} rule runs on a sentence whose one tag is the coordinated pair", "[extract][rules]") {
  // "Nokia and Siemens" is one tag: the rules that need one entity include
  // the pair rules.
  CHECK(Triples(ExtractText("Nokia and Siemens will work closely together on network software."), "PARTNERS_WITH") ==
        std::set<Triple>{{"Nokia", "PARTNERS_WITH", "Siemens"}});
  CHECK(Triples(ExtractText("Nokia and Siemens formed a joint venture."), "PARTNERS_WITH") ==
        std::set<Triple>{{"Nokia", "PARTNERS_WITH", "Siemens"}});
  CHECK(Triples(ExtractText("Nokia and Siemens no longer work together."), "PARTNERS_WITH").empty());
}

TEST_CASE("every relation carries its provenance", "[extract]") {
  std::string text = "Intro line.\n\nAmazon provides cloud services to Hikvision.";
  auto f = ExtractText(text);
  REQUIRE(f.relations.size() == 1);
  const Relation& r = f.relations[0];
  REQUIRE(r.rule == "services.provide");
  REQUIRE(r.sentence == "Amazon provides cloud services to Hikvision.");
  REQUIRE(text.substr(r.start, r.end - r.start) == r.sentence);
  REQUIRE(r.confidence > 0.5);
}

TEST_CASE("the seed article yields the facts of the story", "[extract][seed]") {
  auto f = ExtractText(testing::ReadFileOrDie(testing::SourcePath("corpus/article.txt")));
  std::set<Triple> got = Triples(f);
  std::set<Triple> want = {
      {"Amazon", "PROVIDES_SERVICES_TO", "Dahua Technology"}, {"Amazon", "PROVIDES_SERVICES_TO", "Hikvision"},
      {"Google", "PROVIDES_SERVICES_TO", "Dahua Technology"}, {"Google", "PROVIDES_SERVICES_TO", "Hikvision"},
      {"Microsoft", "PROVIDES_SERVICES_TO", "SenseTime"},     {"Microsoft", "PROVIDES_SERVICES_TO", "Megvii"},
      {"Facebook", "PROVIDES_SERVICES_TO", "Hikvision"},      {"Twitter", "PROVIDES_SERVICES_TO", "Hikvision"},
      {"United States", "BLACKLISTS", "Dahua Technology"},    {"United States", "BLACKLISTS", "Hikvision"},
      {"United States", "BANS", "Huawei"},                    {"Qihoo 360", "ACCUSES", "CIA"},
      {"Simon Migliano", "WORKS_FOR", "Top10VPN"},            {"U.S. Commerce Department", "PART_OF", "United States"},
      {"Huawei", "BASED_IN", "China"},                        {"Dahua Technology", "BASED_IN", "China"},
      {"Hikvision", "BASED_IN", "China"},                     {"Qihoo 360", "BASED_IN", "China"},
      {"SenseTime", "BASED_IN", "China"},                     {"Megvii", "BASED_IN", "China"}};
  for (const Triple& t : want) {
    INFO(std::get<0>(t) << " " << std::get<1>(t) << " " << std::get<2>(t));
    REQUIRE(got.count(t) == 1);
  }
  REQUIRE(got == want);  // and nothing the article does not say
  for (const Relation& r : f.relations)
    if (r.predicate == "PROVIDES_SERVICES_TO" && (r.subject == "Amazon" || r.subject == "Microsoft")) REQUIRE(r.hedged);
  REQUIRE(FindEntity(f, "Nvidia")->labels == std::vector<std::string>{"Company", "Investor"});
  REQUIRE(FindEntity(f, "Intel")->labels == std::vector<std::string>{"Company", "Investor"});
  REQUIRE(FindEntity(f, "Simon Migliano")->labels == std::vector<std::string>{"Person"});
}

TEST_CASE("broken rule files are reported as FILE:LINE with re2's message", "[extract][rules]") {
  auto bad_regex = RuleSet::FromText("", "",
                                     "ok.rule BANS 0.8 {S} banned {O}\n"
                                     "# comment\n"
                                     "bad.rule BANS 0.8 {S} (banned {O}\n",
                                     "myrules");
  REQUIRE_FALSE(bad_regex.ok());
  REQUIRE_THAT(bad_regex.status().message(), Catch::Contains("myrules/relations.rules:3: rule bad.rule"));
  REQUIRE_THAT(bad_regex.status().message(), Catch::Contains("missing )"));

  auto bad_fields = RuleSet::FromText("Acme\tCompany\n", "", "x BANS high {S} banned {O}\ny lower 0.5 {S} x {O}\nz BANS 0.5 {S} only\n", "d");
  REQUIRE_FALSE(bad_fields.ok());
  const std::string& m = bad_fields.status().message();
  REQUIRE_THAT(m, Catch::Contains("d/relations.rules:1: rule x: confidence must be a number"));
  REQUIRE_THAT(m, Catch::Contains("d/relations.rules:2: rule y: predicate 'lower' is not UPPER_SNAKE_CASE"));
  REQUIRE_THAT(m, Catch::Contains("d/relations.rules:3: rule z: pattern has no object placeholder {O}"));

  auto bad_gazetteer = RuleSet::FromText("Acme\tCompany\nBroken\n\tCompany\n", "", "", "g");
  REQUIRE_FALSE(bad_gazetteer.ok());
  REQUIRE_THAT(bad_gazetteer.status().message(), Catch::Contains("g/gazetteer.tsv:2: expected 2 to 4 tab-separated columns"));

  auto bad_entity = RuleSet::FromText("", "two.groups Company (A)(B)\n", "", "e");
  REQUIRE_FALSE(bad_entity.ok());
  REQUIRE_THAT(bad_entity.status().message(), Catch::Contains("e/entities.rules:1: rule two.groups: pattern needs exactly one capture group"));
  // A name that can be empty names nothing and would never advance the
  // search (it hung extract once): refused, wherever the empty match needs
  // a word boundary, a start or an empty alternative.
  auto empty_name = RuleSet::FromText("", "a Company \\b(Acme|)\\b\nb Company ([A-Za-z]*)\nc Company ^(X?)\nok Company \\bfirm ([A-Z]\\w+)\n", "", "n");
  REQUIRE_FALSE(empty_name.ok());
  for (const char* line : {"n/entities.rules:1: rule a: the name can be empty", "n/entities.rules:2: rule b: the name can be empty",
                           "n/entities.rules:3: rule c: the name can be empty"})
    REQUIRE_THAT(empty_name.status().message(), Catch::Contains(line));
  REQUIRE_THAT(empty_name.status().message(), !Catch::Contains("entities.rules:4"));
  // Name-word directives: a list of labels and at least one word.
  auto bad_words = RuleSet::FromText("", "%head\n%stop The\n%before Company\n%title\n", "", "w");
  REQUIRE_FALSE(bad_words.ok());
  REQUIRE_THAT(bad_words.status().message(), Catch::Contains("w/entities.rules:1: expected: %head LABELS WORD..."));
  REQUIRE_THAT(bad_words.status().message(), Catch::Contains("w/entities.rules:3: %before needs at least one word"));
  REQUIRE_THAT(bad_words.status().message(), Catch::Contains("w/entities.rules:4: %title needs at least one word"));
  REQUIRE_THAT(bad_words.status().message(), !Catch::Contains("entities.rules:2"));
  for (const char* head : {"Central_", "_Bank", "Federal_Reserve_Bank"}) {
    auto bad_head = RuleSet::FromText("", std::string("%head Agency ") + head + "\n", "", "h");
    REQUIRE_FALSE(bad_head.ok());
    REQUIRE_THAT(bad_head.status().message(), Catch::Contains("h/entities.rules:1: %head " + std::string(head) +
                                                              ": a head of two words is WORD_WORD"));
  }

  // %define that doubles a line: a clean error at the line where it grows
  // too large, not minutes of expansion (found by the rules fuzzer).
  std::string doubling = "%define A0 x\n";
  for (int i = 1; i <= 30; ++i)
    doubling += "%define A" + std::to_string(i) + " ${A" + std::to_string(i - 1) + "}${A" + std::to_string(i - 1) + "}\n";
  auto blowup = RuleSet::FromText("", "", doubling, "b");
  REQUIRE_FALSE(blowup.ok());
  REQUIRE_THAT(blowup.status().message(), Catch::Contains("b/relations.rules:18: %define A17: expands to more than 65536 bytes"));
  // A define naming itself before it exists stays literal, once.
  auto self = RuleSet::FromText("", "", "%define X a${X}\nr BANS 0.5 {S} ${X} {O}\n", "s");
  REQUIRE_FALSE(self.ok());  // "${X}" is not a valid regex piece
  REQUIRE_THAT(self.status().message(), Catch::Contains("s/relations.rules:2: rule r"));

  auto missing = RuleSet::Load("/nonexistent/rules");
  REQUIRE_FALSE(missing.ok());
  REQUIRE_THAT(missing.status().message(), Catch::Contains("/nonexistent/rules/gazetteer.tsv"));
}

TEST_CASE("a %listintro phrase hands its list to the rules; a %keeper names a list's keeper", "[extract][rules]") {
  const std::string gazetteer = "Acme\tCompany\nBeta\tCompany\nGamma\tCompany\nCommerce Department\tAgency\n";
  const std::string rule = "b.add BLACKLISTS 0.8 {S=agent} added {O:Company} to the entity list\n";
  const std::string intro = "%listintro \\b(?:two|three) (?:[a-z]+ ){0,3}?firms(?: -{1,2}|:) \n";
  const std::string keeper = "%keeper BLACKLISTS \\bentity list\\b => Commerce Department\n";
  auto extract = [&](const std::string& relations, const std::string& text) {
    auto rules = RuleSet::FromText(gazetteer, "", relations);
    REQUIRE(rules.ok());
    Article a;
    a.text = text;
    return Triples(Extractor(rules.value()).Extract(a));
  };
  const std::string dashed = "Officials added two Chinese firms -- Acme and Beta -- to the entity list.";
  const std::set<Triple> both = {{"Commerce Department", "BLACKLISTS", "Acme"}, {"Commerce Department", "BLACKLISTS", "Beta"}};
  CHECK(extract(intro + keeper + rule, dashed) == both);
  CHECK(extract(intro + keeper + rule, "Officials added three big firms: Acme and Beta to the entity list.") == both);
  CHECK(extract(keeper + rule, dashed).empty());  // the phrase stands between verb and list
  CHECK(extract(intro + rule, dashed).empty());   // no agency named, no keeper: no subject
  // A named agent of the predicate comes before the keeper.
  CHECK(extract(intro + keeper + "a.said @BLACKLISTS 0.8 {S:Company} said\n" + rule, "Gamma said. " + dashed) ==
        std::set<Triple>{{"Gamma", "BLACKLISTS", "Acme"}, {"Gamma", "BLACKLISTS", "Beta"}});
  // "the" inside a list, not before an apposition ("Acme, the Beta unit, said").
  CHECK(extract(keeper + rule, "Officials added Acme, the Beta and Gamma to the entity list.").size() == 3);
  auto broken = RuleSet::FromText(gazetteer, "",
                                  "%listintro (two\n%keeper BANS (covered => Commerce Department\n%keeper BANS x\n", "b");
  REQUIRE_FALSE(broken.ok());
  CHECK_THAT(broken.status().message(), Catch::Contains("b/relations.rules:1: %listintro: missing )"));
  CHECK_THAT(broken.status().message(), Catch::Contains("b/relations.rules:2: %keeper: missing )"));
  CHECK_THAT(broken.status().message(), Catch::Contains("b/relations.rules:3: expected: %keeper PREDICATE PATTERN => NAME"));
  auto unknown = RuleSet::FromText(gazetteer, "", "%keeper BANS \\bcovered list\\b => Nobody\n", "k");
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.status().message(), Catch::Contains("k/relations.rules:1: %keeper: 'Nobody' is not in the gazetteer"));
}

TEST_CASE("plural anaphora, appositive lists, leaders, %affirms and a named keeper", "[extract][rules]") {
  const std::string gazetteer =
      "Acme\tCompany\nBeta\tCompany\nGamma\tCompany\nDelta\tCompany\nOx\tCompany\nCommerce Department\tAgency\n"
      "Treasury\tAgency\nRuritania\tCountry\nAnna Berg\tPerson\t-\tcountry=Ruritania\n";
  const std::string entities = "%leader President Prime_Minister\n%title head chief officer\n";
  const std::string keeper = "%keeper BLACKLISTS \\bentity list\\b => Commerce Department\n";
  const std::string on_list =
      "b.on BLACKLISTS 0.7 {S=agent} {O:Company} (?:were|are) (?:already )?on (?:the )?(?:\\{\\{[^}]*\\}\\}'s )?entity list\n";
  auto extract = [&](const std::string& relations, const std::string& text) {
    auto rules = RuleSet::FromText(gazetteer, entities, relations);
    REQUIRE(rules.ok());
    Article a;
    a.text = text;
    return Triples(Extractor(rules.value()).Extract(a));
  };
  // "All were", "They are", "the companies": the list named last.
  const std::set<Triple> listed = {{"Commerce Department", "BLACKLISTS", "Acme"},
                                   {"Commerce Department", "BLACKLISTS", "Beta"}};
  CHECK(extract(keeper + on_list, "Officials met Acme and Beta. All were already on the entity list.") == listed);
  CHECK(extract(keeper + on_list, "Officials met Acme and Beta. They are on the entity list.") == listed);
  CHECK(extract(keeper + on_list, "Officials met Acme. They are on the entity list.").empty());  // no list
  // The keeper named in the sentence wins over another agency that acted.
  const std::string agent = "t.agent @BLACKLISTS 0.8 {S:Agency} barred\n";
  CHECK(extract(keeper + agent + on_list,
                "Treasury barred Acme and Beta. All were already on the Commerce Department's entity list.") == listed);
  // Names each with a description, split by semicolons: one list.
  const std::string named = "n.named SANCTIONS 0.7 {S:Agency} named {O:Person}\n";
  auto people = extract(named,
                        "Treasury named Ann Lee, head of sales; Bo Chan, chief officer of Acme; and Cy Dorn, its head.");
  CHECK(people == std::set<Triple>{{"Treasury", "SANCTIONS", "Ann Lee"},
                                   {"Treasury", "SANCTIONS", "Bo Chan"},
                                   {"Treasury", "SANCTIONS", "Cy Dorn"}});
  CHECK(extract(named, "Treasury named Ann Lee, head of sales; Bo Chan said nothing.").size() == 1);  // two: no list
  // At the article's very start, with a name inside a description (Beta):
  // the members only.
  auto companies = extract("p.named SANCTIONS 0.7 {O:Company}[^{}]* were named by {S:Agency}\n",
                           "Ox, Beta's unit; Gamma, a bank; and Delta, a lender were named by Treasury.");
  CHECK(companies == std::set<Triple>{{"Treasury", "SANCTIONS", "Ox"},
                                      {"Treasury", "SANCTIONS", "Gamma"},
                                      {"Treasury", "SANCTIONS", "Delta"}});
  // A leader's title: the country acts; from the name before the title, or
  // from the gazetteer's country=.
  const std::string ban = "x.ban BANS 0.8 {S:Country} banned {O:Company}\n";
  CHECK(extract(ban, "Ruritania's President Anna Berg banned Acme.") ==
        std::set<Triple>{{"Ruritania", "BANS", "Acme"}});
  CHECK(extract(ban, "Prime Minister Anna Berg banned Acme.") == std::set<Triple>{{"Ruritania", "BANS", "Acme"}});
  CHECK(extract(ban, "Anna Berg banned Acme.").empty());  // no title: a person, not the country
  // %affirms: an ending is stated, not negated by its own cue.
  const std::string negate = "%negate \\b(?:no longer|not)\\b\n";
  const std::string end = "e.end BANS 0.7 {S:Company} no longer serves {O:Company}\n";
  CHECK(extract(negate + end, "Acme no longer serves Beta.").empty());
  CHECK(extract(negate + end + "%affirms e.end\n", "Acme no longer serves Beta.") ==
        std::set<Triple>{{"Acme", "BANS", "Beta"}});
  // A place and "University" or "Institute" is a name; a place and another
  // head word is not ("Ruritania Federation").
  auto names = [&](const std::string& text) {
    auto rules = RuleSet::FromText(gazetteer, entities + "%head Organization University Federation\n", "");
    REQUIRE(rules.ok());
    Article a;
    a.text = text;
    std::set<std::string> out;
    for (const Entity& e : Extractor(rules.value()).Extract(a).entities) out.insert(e.name);
    return out;
  };
  CHECK(names("Staff at Ruritania University said so.").count("Ruritania University") == 1);
  CHECK(names("Staff at Ruritania Federation said so.").count("Ruritania Federation") == 0);
  auto unknown = RuleSet::FromText(gazetteer, "", "%affirms nope\n", "a");
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.status().message(), Catch::Contains("a/relations.rules:1: %affirms: no rule 'nope' above"));
}

TEST_CASE("a rule of several predicates states the one the article gave an agent last", "[extract][rules]") {
  auto rules = RuleSet::FromText("Acme\tCompany\nCommerce\tAgency\nTreasury\tAgency\n", "",
                                 "b @BLACKLISTS 0.8 {S:Agency} blacklisted\n"
                                 "s @SANCTIONS 0.8 {S:Agency} sanctioned\n"
                                 "list BLACKLISTS|SANCTIONS 0.7 {S=agent} \\bthe list includes {O:Company}\n");
  REQUIRE(rules.ok());
  auto extract = [&](const std::string& text) {
    Article a;
    a.text = text;
    return Triples(Extractor(rules.value()).Extract(a));
  };
  CHECK(extract("Treasury sanctioned people. Commerce blacklisted firms. The list includes Acme.") ==
        std::set<Triple>{{"Commerce", "BLACKLISTS", "Acme"}});
  CHECK(extract("Commerce blacklisted firms. Treasury sanctioned people. The list includes Acme.") ==
        std::set<Triple>{{"Treasury", "SANCTIONS", "Acme"}});
  CHECK(extract("Commerce spoke. The list includes Acme.").empty());
  // With no agent yet, the agency named last acts only where rules let an
  // agency be the subject: "Acme is among the buyers" names no supplier.
  auto supplies = RuleSet::FromText("Acme\tCompany\nBeta\tCompany\nCommerce\tAgency\n", "",
                                    "s.to SUPPLIES 0.8 {S:Company} sells to {O:Company}\n"
                                    "s.buyers SUPPLIES 0.7 {S=agent} {O:Company} is among the buyers\n"
                                    "b.list BLACKLISTS 0.7 {S=agent} {O:Company} is on the list\n"
                                    "b.verb BLACKLISTS 0.8 {S:Agency} blacklisted {O:Company}\n");
  REQUIRE(supplies.ok());
  Article a;
  a.text = "Commerce spoke. Acme is among the buyers. Beta is on the list.";
  CHECK(Triples(Extractor(supplies.value()).Extract(a)) == std::set<Triple>{{"Commerce", "BLACKLISTS", "Beta"}});
  auto bad = RuleSet::FromText("", "", "x BANS|lower 0.5 {S=agent} y {O}\n", "p");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("p/relations.rules:1: rule x: predicate 'lower' is not UPPER_SNAKE_CASE"));
}

TEST_CASE("'it' before a verb of a deal stands for the salient company", "[extract]") {
  Article a;
  a.text = "Quorbit Robotics Inc reported higher sales. In 2003 it bought Dutch firm Lumora Systems BV. "
           "It said profits would rise.";
  auto f = testing::DefaultExtractor().Extract(a);
  bool found = false;
  for (const Relation& r : f.relations)
    if (r.predicate == "ACQUIRES") {
      CHECK(r.subject == "Quorbit Robotics Inc");
      CHECK(r.rule.size() > 6);
      CHECK(r.rule.substr(r.rule.size() - 6) == "+coref");
      found = true;
    }
  CHECK(found);
  // No company named before: "it" stands for nothing.
  a.text = "In 2003 it bought Dutch firm Lumora Systems BV.";
  for (const Relation& r : testing::DefaultExtractor().Extract(a).relations) CHECK(r.predicate != "ACQUIRES");
}

TEST_CASE("rules from text work without any file", "[extract][rules]") {
  auto rules = RuleSet::FromText("Acme\tCompany\tAcme Corp\nBeta\tCompany\n", "",
                                 "acme.buys ACQUIRES 0.9 {S:Company} swallowed {O:Company}\n");
  REQUIRE(rules.ok());
  Extractor ex(rules.value());
  Article a;
  a.text = "Acme Corp swallowed Beta. Beta swallowed nothing.";
  auto f = ex.Extract(a);
  REQUIRE(Triples(f) == std::set<Triple>{{"Acme", "ACQUIRES", "Beta"}});
}

TEST_CASE("%negate_for drops one predicate's edges; a bad one is named by line", "[extract][rules]") {
  auto rules = RuleSet::FromText("Acme\tCompany\nBeta\tCompany\n", "",
                                 "%negate_for ACQUIRES \\bstake\\b\n"
                                 "buy ACQUIRES 0.9 {S:Company} bought (?:[a-z]+ ){0,3}?{O:Company}\n"
                                 "stake INVESTS_IN 0.9 {S:Company} bought (?:[a-z]+ ){0,3}?{O:Company}\n");
  REQUIRE(rules.ok());
  Extractor ex(rules.value());
  Article a;
  a.text = "Acme bought a stake in Beta.";
  CHECK(Triples(ex.Extract(a)) == std::set<Triple>{{"Acme", "INVESTS_IN", "Beta"}});
  a.text = "Acme bought Beta.";
  CHECK(Triples(ex.Extract(a)).count({"Acme", "ACQUIRES", "Beta"}) == 1);
  auto bad = RuleSet::FromText("", "", "%negate_for ACQUIRES\n%negate_for ACQUIRES (stake\n", "r");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("r/relations.rules:1: %negate_for needs a predicate and a pattern"));
  CHECK_THAT(bad.status().message(), Catch::Contains("r/relations.rules:2: %negate_for: missing )"));
}

TEST_CASE("%negate_after drops an edge whose next words end it; a bad one is named by line", "[extract][rules]") {
  auto rules = RuleSet::FromText("Acme\tCompany\nDana Quill\tPerson\n", "",
                                 "%negate_after WORKS_FOR ^ has resigned\\b\n"
                                 "boss WORKS_FOR 0.9 {O:Company} boss {S:Person}\n");
  REQUIRE(rules.ok());
  Extractor ex(rules.value());
  Article a;
  a.text = "Acme boss Dana Quill has resigned.";
  CHECK(Triples(ex.Extract(a)).empty());
  a.text = "Acme boss Dana Quill said she has resigned herself to a loss.";  // anchored: right after the edge
  CHECK(Triples(ex.Extract(a)) == std::set<Triple>{{"Dana Quill", "WORKS_FOR", "Acme"}});
  auto bad = RuleSet::FromText("", "", "%negate_after WORKS_FOR\n%negate_after WORKS_FOR (quit\n", "r");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("r/relations.rules:1: %negate_after needs a predicate and a pattern"));
  CHECK_THAT(bad.status().message(), Catch::Contains("r/relations.rules:2: %negate_after: missing )"));
}

TEST_CASE("default rules: a role that ended, or a part of a firm bought, is no edge", "[extract]") {
  auto f = ExtractText("Quorbit Inc manager Dana Quill has resigned for personal reasons. Lumora Ltd chief executive "
                       "Rob Tarn said the firm had fired 200 staff. Velmora Corp boss Tim Brewer has dismissed the claims.");
  CHECK(Triples(f, "WORKS_FOR") == std::set<Triple>{{"Rob Tarn", "WORKS_FOR", "Lumora Ltd"},
                                                    {"Tim Brewer", "WORKS_FOR", "Velmora Corp"}});
  auto g = ExtractText("Quorbit Inc buys Lumora Ltd insurer. Velmora Corp bought Harwick Ltd for $2bn.");
  CHECK(Triples(g, "ACQUIRES") == std::set<Triple>{{"Velmora Corp", "ACQUIRES", "Harwick Ltd"}});
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

TEST_CASE("the content hash is computed from the text unless the article carries it", "[extract]") {
  Article a;
  a.text = "Amazon provides services to Hikvision.";
  ArticleFacts computed = testing::DefaultExtractor().Extract(a);
  CHECK(computed.content_hash == ContentHash(a.text));
  a.content_hash = ContentHash(a.text);  // what ingest passes after its resume check
  CHECK(testing::DefaultExtractor().Extract(a).content_hash == computed.content_hash);
  a.content_hash = "given";
  CHECK(testing::DefaultExtractor().Extract(a).content_hash == "given");
}

// The name words' table (stop words, titles, head words...) against a
// std::map given the same random words and values, through its growth.
TEST_CASE("word table: finds what a map finds, through growth", "[extract]") {
  WordTable table;
  std::map<std::string, uint32_t> model;
  std::deque<std::string> words;  // the table holds views
  uint32_t seed = 5;
  auto next = [&seed](uint32_t n) {
    seed = seed * 1103515245 + 12345;
    return (seed >> 16) % n;
  };
  CHECK(table.empty());
  CHECK(table.Find("Inc") == WordTable::kAbsent);
  for (int i = 0; i < 3000; ++i) {
    std::string w;
    for (uint32_t k = 1 + next(4); k > 0; --k) w += static_cast<char>("aAbB.-"[next(6)]);
    words.push_back(w);
    uint32_t value = next(100);
    table.Insert(words.back(), value);
    model[w] = value;  // a word inserted again takes the new value
  }
  CHECK(!table.empty());
  size_t found = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string w;
    for (uint32_t k = 1 + next(5); k > 0; --k) w += static_cast<char>("aAbB.-"[next(6)]);
    auto it = model.find(w);
    INFO(w);
    CHECK(table.Find(w) == (it == model.end() ? WordTable::kAbsent : it->second));
    CHECK(table.Contains(w) == (it != model.end()));
    found += it != model.end();
  }
  CHECK(found > 1000);  // both answers were exercised
  CHECK(found < 3000);
}

}  // namespace
}  // namespace newsgraph
