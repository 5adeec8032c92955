#include "extract/extractor.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/ascii.h"
#include "base/hash.h"
#include "extract/names.h"
#include "extract/entity_memory.h"
#include "extract/normalize.h"
#include "extract/sentences.h"
#include "extract/tags.h"
#include "extract/tokens.h"

namespace newsgraph {

namespace {

// Labels that say what a thing is (as opposed to a role such as Investor);
// coordinated mentions join only when they share one.
bool IsKindLabel(const std::string& label) {
  return label != "Investor" && label != "Provider";
}

// Coordinated mentions join when they are of one kind; countries, agencies
// and organisations act together ("the U.S. and the EU imposed sanctions"),
// and organisations are listed with companies ("Sugon, the Wuxi Jiangnan
// Institute of Computing Technology, Higon").
bool ShareKind(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  auto any_of = [](const std::vector<std::string>& labels, std::initializer_list<const char*> group) {
    for (const char* l : group)
      if (std::find(labels.begin(), labels.end(), l) != labels.end()) return true;
    return false;
  };
  if (any_of(a, {"Country", "Agency", "Organization"}) && any_of(b, {"Country", "Agency", "Organization"})) return true;
  if (any_of(a, {"Company", "Organization"}) && any_of(b, {"Company", "Organization"})) return true;
  for (const std::string& x : a)
    if (IsKindLabel(x) && std::find(b.begin(), b.end(), x) != b.end()) return true;
  return false;
}

// "North", "South", "West": compass words that are also given names, and
// open place names ("North Africa"), not people's.
bool IsCompassWord(std::string_view w) {
  return w == "North" || w == "South" || w == "East" || w == "West" || w == "Central";
}

// A company, investor or organisation (of a name's kind labels).
bool IsOrganisation(const std::vector<std::string>& labels) {
  bool org = false;
  for (const std::string& l : labels) {
    if (l == "Person" || l == "Country" || l == "Place" || l == "Agency") return false;
    org |= l == "Company" || l == "Investor" || l == "Organization" || l == "Provider";
  }
  return org;
}

// "the British government", "Chinese authorities": a demonym followed by one
// of these words names the country itself.
bool IsGovernmentWord(std::string_view w) {
  for (const char* g : {"government", "authorities", "regulators", "administration", "officials", "state"})
    if (w == g) return true;
  return false;
}

void AddLabel(std::vector<std::string>* labels, const std::string& label) {
  auto it = std::lower_bound(labels->begin(), labels->end(), label);
  if (it == labels->end() || *it != label) labels->insert(it, label);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == ',')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == ',' || s.back() == '.')) s.remove_suffix(1);
  return s;
}

// `s` without its asides: text between two " - " and inside parentheses
// ("A, B and C - former scientists at X - co-founded Y" reads "A, B and C
// co-founded Y"). An unclosed aside stays.
std::string WithoutAsides(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t at = 0;
  while (at < s.size()) {
    size_t dash = s.find(" - ", at), paren = s.find('(', at);
    size_t open = std::min(dash, paren);
    if (open == std::string_view::npos) break;
    size_t close = open == dash ? s.find(" - ", dash + 3) : s.find(')', paren + 1);
    if (close == std::string_view::npos) break;
    out.append(s.substr(at, open - at));
    at = close + (open == dash ? 2 : 1);
  }
  out.append(s.substr(at));
  return out;
}

// Splits a coordinated list of names: "X, Y and Z".
std::vector<std::string_view> SplitList(std::string_view list) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < list.size()) {
    size_t comma = list.find(", ", start), and_ = list.find(" and ", start);
    size_t end = std::min(comma, and_);
    std::string_view part = list.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (part.substr(0, 4) == "and ") part.remove_prefix(4);
    part = Trim(part);
    if (!part.empty()) out.push_back(part);
    if (end == std::string_view::npos) break;
    start = end + (end == comma ? 2 : 5);
  }
  return out;
}

// The key of entity-memory entry i: above every gazetteer and discovered
// key (so at most 2^29 gazetteer entries and as many memory entries).
constexpr int kMemoryKeyBase = 1 << 29;
// The key of a plural anaphor's mention: the list named last.
constexpr int kListKey = -2;

// A relation one of whose sides is "the company" or "its" (CorefAt) keeps
// this share of its rule's confidence; its rule id ends in "+coref".
constexpr double kCorefFactor = 0.8;

using Clauses = std::vector<std::pair<size_t, size_t>>;

// The first of the sorted, adjacent `clauses` that ends after `at` (the one
// holding `at`); clauses cover the whole sentence, so there is one.
Clauses::const_iterator FirstClauseEndingAfter(const Clauses& clauses, size_t at) {
  auto it = std::upper_bound(clauses.begin(), clauses.end(), at,
                             [](size_t a, const std::pair<size_t, size_t>& c) { return a < c.second; });
  return it == clauses.end() ? clauses.end() - 1 : it;
}

// Splits a sentence into clauses at "; " and at ", but|while|whereas|and "
// (the boundary starts the next clause).
void SplitClauses(std::string_view sentence, std::vector<std::pair<size_t, size_t>>* out) {
  out->clear();
  static const RE2 kBoundary("(; |, (?:but|while|whereas|and|though|although) )");
  re2::StringPiece input(sentence.data(), sentence.size()), boundary;
  size_t start = 0;
  while (RE2::FindAndConsume(&input, kBoundary, &boundary)) {
    size_t at = boundary.data() - sentence.data();
    out->emplace_back(start, at);
    start = at;
  }
  out->emplace_back(start, sentence.size());
}

std::string_view ChunkText(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) {
  return text.substr(tokens[c.first].start, tokens[c.last].end - tokens[c.first].start);
}

// What one Extract call builds up. An entity is known by a key: its
// gazetteer index, gazetteer size + index among discovered names, or
// kMemoryKeyBase + index in the entity memory.
class ArticleState {
 public:
  ArticleState(const RuleSet& rules, const Article& article, const Extractor::Options& options)
      : rules_(rules), article_(article), norm_(article.text), trace_(options.trace), memory_(options.memory),
        probes_(options.probe_hashes) {}

  ArticleFacts Run();

 private:
  struct Discovered {
    std::string name;
    std::vector<std::string> labels;
  };
  struct TaggedMention {
    size_t start, end;  // in normalised text
    int key;
    bool demonym;
    bool coref = false;  // "the company", "its": the salient entity, not a name
  };

  // The name-shaped runs of one sentence (names.h), kept between the
  // discovery passes.
  struct SentenceNames {
    std::vector<Token> tokens;
    std::vector<NameChunk> chunks;
  };

  bool AllTopic(std::string_view name, const std::vector<Token>& tokens) const;
  bool DefinedAfterHeadWord(std::string_view acronym) const;
  // `why` names the cue, for --trace. How far a discovery's labels hold:
  // kGivenNameOnly yields to any other cue for the name (given_name_only_);
  // kCue yields to the name's own head word; kOverHead holds against it
  // ("Lisa Power, head of policy").
  enum class Evidence { kGivenNameOnly, kCue, kOverHead };
  int AddDiscovered(std::string_view name, const std::vector<std::string>& labels, std::string_view why,
                    Evidence evidence = Evidence::kCue);
  int KnownKey(std::string_view name) const;
  int KnownAt(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const;
  const std::vector<std::string>& LabelsOfKey(int key) const;
  bool IsCommonWord(std::string_view word) const;
  bool MonthAt(std::string_view text, const std::vector<Token>& tokens, size_t i) const;
  size_t CountWord(std::string_view words) const;
  bool PersonShaped(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const;
  bool PersonCue(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const;
  bool GivenNamePerson(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const;
  bool OpensPersonName(std::string_view first) const;
  bool SurnameIsHeadWord(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const;
  bool IsGivenNameOnly(int key) const {
    size_t gaz = rules_.gazetteer().size();
    return key >= static_cast<int>(gaz) && key < kMemoryKeyBase && given_name_only_.count(key - gaz) > 0;
  }
  bool AfterHonorific(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const;
  bool NamesAPerson(std::string_view text, std::string_view name) const;
  bool EndsInPersonName(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const;
  bool EndsInKnown(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const;
  void FindPersonWords();
  void SurnamesArePeople();
  const std::vector<std::string>* DescribedAfter(std::string_view text, const std::vector<Token>& tokens,
                                                 const NameChunk& c) const;
  const std::vector<std::string>* WordAfter(std::string_view text, const std::vector<Token>& tokens,
                                            const NameChunk& c) const;
  const std::vector<std::string>* WordBefore(std::string_view text, const std::vector<Token>& tokens,
                                             const NameChunk& c) const;
  bool HasDistinctiveWord(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const;
  bool IsPlaceAt(std::string_view text, const std::vector<Token>& tokens, size_t i) const;
  bool IsPlace(const NameMatch& m) const;  // the gazetteer entry is a Place or Country
  // The first token of `c` after the places, countries and demonyms it opens
  // with (c.first if none; never past c.last).
  size_t AfterLeadingPlaces(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const;
  bool EmployerCue(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const;
  void DiscoverByRules(const Span& sentence);
  void DiscoverByShape(size_t s, const Span& sentence);
  void DiscoverByLists(const Span& sentence, const SentenceNames& names);
  void DiscoverSharedSurnames(const Span& sentence, const SentenceNames& names);
  void LinkAliases(const std::vector<Span>& sentences);
  bool FollowedByTitle(const std::string& text, size_t end) const;
  size_t AppositiveListEnd(const std::vector<TaggedMention>& mentions, size_t first, std::vector<int>* keys);
  int SalientCompany(size_t at) const;
  int CorefAt(std::string_view text, const std::vector<Token>& tokens, size_t i,
              const std::vector<TaggedMention>& before, size_t* last) const;
  // `fallback`: the key when no organisation precedes in the sentence; -1
  // for the salient company.
  int PossessiveAntecedent(const std::vector<TaggedMention>& before, size_t here, int fallback = -1) const;
  size_t PluralAnaphorAt(std::string_view text, const std::vector<Token>& tokens, size_t i) const;
  // `chunks`: the sentence's name-shaped runs, or null (no discovery).
  void Tag(const Span& sentence, const std::vector<Token>& tokens, const std::vector<NameChunk>* chunks,
           std::vector<TaggedMention>* mentions);
  void Relate(const Span& sentence, const std::vector<TaggedMention>& mentions);
  int EntityIndex(int key);  // the facts' entity for a key, created on demand
  bool KeeperNamed(int keeper);
  size_t LeaderTitleAt(std::string_view text, const std::vector<Token>& tokens, size_t first) const;
  int LeaderCountry(std::string_view text, const std::vector<Token>& tokens, const NameMatch& person,
                    const std::vector<TaggedMention>& mentions, bool* named_before);
  bool IsKeeperOrPart(const Entity& e, int keeper) const;
  bool IsKeeperOrPart(int key, int keeper);
  // `predicate`: the rule's, or the one chosen of its several.
  void Emit(const RelationRule& rule, const std::string& predicate, int subject_key, int object_key,
            const Span& sentence, bool hedged, bool coref);
  Mention OriginalSpan(size_t start, size_t end) const;
  void DropUnusedContext();

  const RuleSet& rules_;
  const Article& article_;
  NormalizedText norm_;
  ArticleFacts facts_;
  NameIndex discovered_index_;
  std::vector<Discovered> discovered_;
  // One-word names after an honorific ("Mr Waller"): people, added after
  // LinkAliases unless a full name already stands for them ("Glenn Waller").
  std::vector<std::string> honorific_names_;
  // The one-word names that stand for a person of the article: those after
  // an honorific, and the last words of the people discovered by their
  // shape (FindPersonWords, once, before the lists; a set, so that an
  // article of many names stays linear).
  std::unordered_set<std::string> person_words_;
  // Discovered only as a person because of a given name ("Warner Records"):
  // any other cue for the name overrides it (discovered_ indexes).
  std::unordered_set<size_t> given_name_only_;
  std::unordered_map<std::string, int> discovered_by_name_;  // name -> index in discovered_
  // Per thread and reused from article to article, so that the vectors
  // keep their capacity; sentence_count_ of them belong to this article.
  static thread_local std::vector<SentenceNames> sentence_names_;
  size_t sentence_count_ = 0;
  mutable std::unordered_map<std::string, bool> common_words_;  // IsCommonWord's answers
  // Where each word (a run of ASCII letters and digits) starts in the text,
  // built once CountWord has scanned the text kCountWordScans times: an
  // article of many names costs linear time, a short one no index.
  static constexpr size_t kCountWordScans = 32;
  mutable size_t count_word_calls_ = 0;
  mutable std::unordered_map<std::string_view, std::vector<uint32_t>> word_starts_;
  std::unordered_map<int, int> entity_of_key_;
  std::map<std::string, int> agent_;   // predicate -> entity key
  std::map<std::string, size_t> agent_order_;  // predicate -> when agent_ was last set (1, 2, ...)
  void SetAgent(const std::string& predicate, int key) {
    agent_[predicate] = key;
    agent_order_[predicate] = ++agent_updates_;
  }
  size_t agent_updates_ = 0;
  std::map<std::string, int> target_;  // predicate -> entity key
  int last_agency_ = -1;
  std::vector<int> recent_companies_;  // distinct, most recent last (SalientCompany)
  // The organisations of the list named last ("A, B and C"), which "they",
  // "all" and "the companies" stand for (CorefAt returns kListKey).
  std::vector<int> last_list_;
  std::vector<int> mentioned_;  // entity indexes, in the order first mentioned
  std::unordered_map<int, std::pair<size_t, bool>> keeper_named_;  // keeper -> (mentioned_ scanned, named)
  std::unordered_map<int, int> leader_country_;  // person key -> the country a leader's title gave
  // The companies named so far in the sentence being tagged (SalientCompany
  // passes over them), as the sentence start where each was named last.
  // and where in the normalised text each mention ended.
  std::unordered_map<int, std::pair<size_t, size_t>> named_in_sentence_;
  size_t tagging_sentence_ = 0;
  size_t previous_sentence_ = SIZE_MAX;  // the sentence tagged before it
  // What "it" before a verb of a deal stood for, and in which sentence: the
  // next sentence's "it bought" is the same buyer (CorefAt).
  int deal_it_key_ = -1;
  size_t deal_it_sentence_ = SIZE_MAX;
  std::set<std::tuple<std::string, std::string, std::string, size_t>> seen_;  // s, p, o, sentence start
  std::string* trace_;  // may be null
  const EntityMemory* memory_;  // may be null; outlives this
  std::vector<uint64_t>* probes_;  // may be null
};

thread_local std::vector<ArticleState::SentenceNames> ArticleState::sentence_names_;

Mention ArticleState::OriginalSpan(size_t start, size_t end) const {
  Mention m;
  m.start = norm_.ToOriginal(start);
  m.end = norm_.ToOriginal(end);
  m.text = article_.text.substr(m.start, m.end - m.start);
  return m;
}

// Adds `name` (not in the gazetteer) as a discovered entity with `labels`,
// or adds the labels to the one already discovered; returns its key, or -1
// when the name's head word says it names none of the kinds ("%head -").
int ArticleState::AddDiscovered(std::string_view name, const std::vector<std::string>& given_labels,
                                std::string_view why, Evidence evidence) {
  bool given_name_only = evidence == Evidence::kGivenNameOnly;
  const Gazetteer& gaz = rules_.gazetteer();
  // A name's own head word says what it is, whatever the cue ("the Economy
  // Ministry said in a statement" is an agency).
  const std::vector<std::string>* labels = &given_labels;
  thread_local std::vector<Token> name_tokens;
  Tokenize(name, &name_tokens);
  if (!name_tokens.empty() && evidence != Evidence::kOverHead)
    if (const auto* head = HeadOfName(name, name_tokens, {0, name_tokens.size() - 1}, rules_.name_words())) labels = head;
  // "%head -": the run names an event or a venue, none of the kinds;
  // "Health", "Culture, Media and Sport", "European Justice and Home
  // Affairs": a portfolio or a field (%topic), whatever the cue.
  // "Olympic Games", "National Insurance": a topic and a company's head word
  // alone are an event or a field, not a firm.
  bool topic_head = name_tokens.size() == 2 &&
                    rules_.name_words().IsTopic(name.substr(name_tokens[0].start, name_tokens[0].end - name_tokens[0].start)) &&
                    std::find(labels->begin(), labels->end(), "Company") != labels->end();
  std::string_view none = labels->empty()                                  ? "no kind"
                          : AllTopic(name, name_tokens) || topic_head ? "a portfolio or field"
                                                                           : "";
  if (!none.empty()) {
    if (trace_) *trace_ += "not discovered: " + std::string(name) + " (" + std::string(why) + ": " + std::string(none) + ")\n";
    return -1;
  }
  if (trace_) {
    *trace_ += "discovered: ";
    *trace_ += name;
    for (const std::string& l : *labels) *trace_ += "|" + l;
    *trace_ += " (";
    *trace_ += why;
    *trace_ += ")\n";
  }
  auto it = discovered_by_name_.find(std::string(name));
  if (it != discovered_by_name_.end()) {
    if (given_name_only) return static_cast<int>(gaz.size() + it->second);
    if (given_name_only_.erase(it->second)) discovered_[it->second].labels.clear();
    for (const std::string& l : *labels) AddLabel(&discovered_[it->second].labels, l);
    return static_cast<int>(gaz.size() + it->second);
  }
  Discovered d{std::string(name), {}};
  for (const std::string& l : *labels) AddLabel(&d.labels, l);
  int index = static_cast<int>(discovered_.size());
  int key = static_cast<int>(gaz.size()) + index;
  if (given_name_only) given_name_only_.insert(index);
  discovered_index_.Add(name, key, false);
  discovered_by_name_.emplace(d.name, index);
  discovered_.push_back(std::move(d));
  return key;
}

// Whether the article writes "WORD (acronym)" where WORD is a head word.
bool ArticleState::DefinedAfterHeadWord(std::string_view acronym) const {
  std::string_view text = norm_.text();
  std::string defined = " (" + std::string(acronym) + ")";
  for (size_t at = text.find(defined); at != std::string_view::npos; at = text.find(defined, at + 1)) {
    size_t from = at;
    while (from > 0 && std::isalpha(static_cast<unsigned char>(text[from - 1]))) --from;
    if (rules_.name_words().HeadLabels(text.substr(from, at - from))) return true;
  }
  return false;
}

// Whether every word of `name` is a %topic word, a connective or a demonym
// (at least one topic word).
bool ArticleState::AllTopic(std::string_view name, const std::vector<Token>& tokens) const {
  const NameWords& words = rules_.name_words();
  bool topic = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string_view w = name.substr(tokens[i].start, tokens[i].end - tokens[i].start);
    NameMatch m;
    if (words.IsTopic(w)) topic = true;
    else if (!words.IsConnective(w) &&
             !(rules_.gazetteer().index().LongestAt(name, tokens, i, &m) && m.demonym && m.last == i))
      return false;
  }
  return topic;
}

// The key of the entity whose name spans exactly the run `c` of a tokenised
// sentence, by the same lookups as tagging (no allocation), or -1.
int ArticleState::KnownAt(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const {
  NameMatch m;
  if (rules_.gazetteer().index().LongestAt(text, tokens, c.first, &m) && m.last == c.last && !m.demonym)
    return m.entry;
  if (!discovered_.empty() && discovered_index_.LongestAt(text, tokens, c.first, &m) && m.last == c.last)
    return m.entry;
  return -1;
}

// The key of the entity named exactly `name` (gazetteer or discovered), or -1.
int ArticleState::KnownKey(std::string_view name) const {
  int g = rules_.gazetteer().Find(name);
  if (g >= 0) return g;
  auto it = discovered_by_name_.find(std::string(name));
  return it == discovered_by_name_.end() ? -1 : static_cast<int>(rules_.gazetteer().size() + it->second);
}

const std::vector<std::string>& ArticleState::LabelsOfKey(int key) const {
  const Gazetteer& gaz = rules_.gazetteer();
  if (key >= kMemoryKeyBase) return memory_->entry(key - kMemoryKeyBase).labels;
  if (key < static_cast<int>(gaz.size())) return gaz.entry(key).labels;
  return discovered_[key - gaz.size()].labels;
}

// Whether token i is "May" used as a month: after a preposition, a word of
// time or a day ("in May", "Last May", "5 May") or before a number ("May
// 2005").
bool ArticleState::MonthAt(std::string_view text, const std::vector<Token>& tokens, size_t i) const {
  auto tok = [&](size_t k) { return text.substr(tokens[k].start, tokens[k].end - tokens[k].start); };
  if (tok(i) != "May") return false;
  static const std::unordered_set<std::string> kBefore = {
      "in", "on", "by", "since", "until", "till", "from", "last", "next", "this", "early", "late", "mid", "of",
      "before", "after", "during", "end", "between", "through", "to", "and", "or", "for", "about", "around",
      "a", "an", "expected", "april", "june"};
  auto number = [](std::string_view t) { return std::isdigit(static_cast<unsigned char>(t[0])) != 0; };
  // "in May", "Last May", "5 May", "a May election"
  if (i > 0 && (number(tok(i - 1)) || kBefore.count(AsciiLower(tok(i - 1))))) return true;
  return i + 1 < tokens.size() && number(tok(i + 1));  // "May 5", "May 2005"
}

// A capitalised word at the start of a sentence that the article also
// writes in lower case is an ordinary word ("Analysts", "Shares"). Asked
// rarely (openings that could be names), so it searches the text.
bool ArticleState::IsCommonWord(std::string_view word) const {
  auto cached = common_words_.find(std::string(word));
  if (cached != common_words_.end()) return cached->second;
  std::string lower = AsciiLower(word);
  bool common = lower == word || CountWord(lower) > 0;
  common_words_.emplace(std::string(word), common);
  return common;
}

// How often `words` occurs in the article as whole words: not inside a longer
// run of ASCII letters and digits on either side.
size_t ArticleState::CountWord(std::string_view words) const {
  std::string_view text = norm_.text();
  auto word_byte = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  auto whole = [&](size_t at) {
    size_t end = at + words.size();
    return (at == 0 || !word_byte(text[at - 1])) && (end == text.size() || !word_byte(text[end]));
  };
  // A whole-word occurrence starts a word equal to the first word of `words`.
  size_t first_end = 0;
  while (first_end < words.size() && word_byte(words[first_end])) ++first_end;
  size_t n = 0;
  // "Ålesund" has no index entry to start from.
  if (++count_word_calls_ <= kCountWordScans || first_end == 0) {
    for (size_t at = text.find(words); at != std::string_view::npos; at = text.find(words, at + 1)) n += whole(at);
    return n;
  }
  if (word_starts_.empty()) {
    for (size_t i = 0; i < text.size();) {
      if (!word_byte(text[i])) { ++i; continue; }
      size_t start = i;
      while (i < text.size() && word_byte(text[i])) ++i;
      word_starts_[text.substr(start, i - start)].push_back(static_cast<uint32_t>(start));
    }
  }
  auto it = word_starts_.find(words.substr(0, first_end));
  if (it == word_starts_.end()) return 0;
  for (uint32_t at : it->second) n += text.compare(at, words.size(), words) == 0 && whole(at);
  return n;
}

void ArticleState::DiscoverByRules(const Span& sentence) {
  std::string_view text = std::string_view(norm_.text()).substr(sentence.start, sentence.end - sentence.start);
  thread_local std::vector<int> candidates;
  rules_.EntityRulesMatching(text, &candidates);
  const Gazetteer& gaz = rules_.gazetteer();
  for (int r : candidates) {
    const EntityRule& rule = rules_.entity_rules()[r];
    re2::StringPiece input(text.data(), text.size());
    re2::StringPiece capture;
    while (RE2::FindAndConsume(&input, *rule.re, &capture)) {
      std::vector<std::string_view> names;
      // "backed by Culture, Media and Sport Secretary Tessa Jowell": a portfolio.
      if (rules_.name_words().PortfolioFollows(text.substr(capture.data() + capture.size() - text.data()))) {
        if (input.empty() || capture.data() == input.data()) break;
        continue;
      }
      if (rule.list) names = SplitList(std::string_view(capture.data(), capture.size()));
      else names.push_back(Trim(std::string_view(capture.data(), capture.size())));
      for (std::string_view name : names) {
        // "Russian-based", "state-owned": a hyphenated lower-case word ends
        // no name.
        static const RE2 kHyphenatedEnd("-[a-z]+$");
        auto hyphenated_end = [](std::string_view word) {
          return RE2::PartialMatch(re2::StringPiece(word.data(), word.size()), kHyphenatedEnd);
        };
        // Capitalised sentence openers are not part of a name ("On Tuesday
        // Mitsubishi"), nor is an adjective before it ("Ireland-based Elan").
        while (true) {
          size_t space = name.find(' ');
          if (space == std::string_view::npos) break;
          std::string_view first = name.substr(0, space);
          if (!rules_.name_words().IsStop(first) && !hyphenated_end(first)) break;
          name.remove_prefix(space + 1);
        }
        // "Transport Minister Martin Cullen said in a statement": a job title
        // splits a run, as in discovery by shape; the name follows it.
        for (size_t begin = 0, end; (end = name.find(' ', begin)) != std::string_view::npos;) {
          if (rules_.name_words().IsTitle(name.substr(begin, end - begin))) {
            name.remove_prefix(end + 1);
            begin = 0;
          } else {
            begin = end + 1;
          }
        }
        if (name.size() < 3 || rules_.name_words().IsStop(name) || gaz.Find(name) >= 0) continue;
        char c = name[0];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) continue;
        if (hyphenated_end(name)) continue;
        if (name.data() == text.data() && name.find(' ') == std::string_view::npos && IsCommonWord(name)) continue;
        if (NamesAPerson(text, name)) continue;
        AddDiscovered(name, rule.labels, rule.id);
      }
      // An empty match would not advance: stop rather than loop.
      if (input.empty() || capture.data() == input.data()) break;
    }
  }
}

// A person's name: two to four words, each a capital then lower case
// ("Lisa Su", "Andrey Petrovich Dukhvalov", "Alwaleed bin Talal" is left to
// the gazetteer).
bool ArticleState::PersonShaped(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const {
  size_t n = c.last - c.first + 1;
  if (n < 2 || n > 4) return false;
  // "Ernst & Young", "Marks & Spencer": an ampersand joins firms' names.
  for (size_t k = c.first + 1; k <= c.last; ++k)
    if (text.substr(tokens[k - 1].end, tokens[k].start - tokens[k - 1].end) != " ") return false;
  for (size_t i = c.first; i <= c.last; ++i) {
    std::string_view t = text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
    // "Theo van Gogh", "Alwaleed bin Talal": a connective inside.
    if (i > c.first && i < c.last && t[0] >= 'a' && t[0] <= 'z' && rules_.name_words().IsConnective(t) &&
        t != "and" && t != "of" && t != "for")
      continue;
    if (t.size() < 2 || t[0] < 'A' || t[0] > 'Z') return false;
    bool lower = false;
    for (char ch : t) {
      if (ch >= '0' && ch <= '9') return false;
      lower |= ch >= 'a' && ch <= 'z';
    }
    if (!lower || rules_.name_words().HeadLabels(t) || rules_.name_words().IsConnective(t)) return false;
  }
  // "Real Madrid", "Diageo North America": a run ending in a place (looked
  // up last: most runs fail the cheaper checks above), unless it is a
  // given name and a surname that is a place ("Joe Jordan").
  std::string_view first_word = text.substr(tokens[c.first].start, tokens[c.first].end - tokens[c.first].start);
  if (n == 2 && !IsCompassWord(first_word) && rules_.name_words().IsGivenName(first_word)) return true;
  for (size_t k = c.first + 1; k <= c.last; ++k) {
    NameMatch m;
    if (rules_.gazetteer().index().LongestAt(text, tokens, k, &m) && m.last == c.last && !m.demonym && IsPlace(m))
      return false;
  }
  return true;
}

// Cues that a person-shaped run is a person: a job title just before it
// ("CEO Tim Cook", "Chairwoman Jessica Rosenworcel") or in the words after
// its comma ("Dana Quill, Quorbit's founder"), an honorific, or a verb of
// saying beside it ("said Peter Welinder", "Rob Monster said").
bool ArticleState::PersonCue(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const {
  const NameWords& words = rules_.name_words();
  auto tok = [&](size_t i) { return text.substr(tokens[i].start, tokens[i].end - tokens[i].start); };
  auto gap_before = [&](size_t i) { return text.substr(tokens[i - 1].end, tokens[i].start - tokens[i - 1].end); };
  // "Deputy High Court Judge Richard Mawrey": a run between two titles is
  // where the second person works, not a person.
  bool title_after = c.last + 1 < tokens.size() && gap_before(c.last + 1) == " " && words.IsTitle(tok(c.last + 1));
  if (c.first > 0) {
    std::string_view prev = tok(c.first - 1), gap = gap_before(c.first);
    if ((gap == " " || gap == ", ") && (words.IsTitle(prev) || CompoundTitleEndAt(text, tokens, c.first - 1, words)) &&
        !title_after)
      return true;
    if (gap == " " && (prev == "said" || prev == "says" || words.IsHonorific(prev))) return true;
    if (gap == ". " && words.IsHonorific(prev)) return true;
    // "founded by Micree Zhan", "co-founded by".
    if (gap == " " && prev == "by" && c.first > 1 && gap_before(c.first - 1) == " ") {
      std::string_view verb = tok(c.first - 2);
      if (verb == "founded" || verb == "co-founded" || verb == "cofounded") return true;
    }
  }
  if (c.last + 1 < tokens.size()) {
    std::string_view gap = gap_before(c.last + 1), next = tok(c.last + 1);
    if (gap == " " && (next == "said" || next == "says" || next == "told")) return true;
    if (gap == ", ") {
      for (size_t i = c.last + 1; i < tokens.size() && i <= c.last + 7; ++i) {
        if (i > c.last + 1 && gap_before(i).find_first_of(",;:(\"") != std::string_view::npos) break;
        if (words.IsTitle(tok(i))) return true;
      }
    }
  }
  return false;
}

// "rival Maria Mutola": a person-shaped run whose first word is a given
// name (%given) and none of whose words is a place, country or demonym
// ("Royal Dutch Shell").
bool ArticleState::GivenNamePerson(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const {
  // PersonShaped first: it rejects one-word runs, the most common, without
  // a look-up in the large set of given names.
  if (!PersonShaped(text, tokens, c) ||
      !rules_.name_words().IsGivenName(text.substr(tokens[c.first].start, tokens[c.first].end - tokens[c.first].start)))
    return false;
  // A place inside is no person's ("Kate Moss Boston"), but a place as the
  // surname of a given name and one more word is ("Joe Jordan"; not "North
  // Africa": compass words are given names too).
  std::string_view first = text.substr(tokens[c.first].start, tokens[c.first].end - tokens[c.first].start);
  size_t last = c.last == c.first + 1 && !IsCompassWord(first) ? c.last - 1 : c.last;
  for (size_t i = c.first; i <= last; ++i) {
    NameMatch m;
    if (rules_.gazetteer().index().LongestAt(text, tokens, i, &m) && (m.demonym || IsPlaceAt(text, tokens, i)))
      return false;
  }
  return true;
}

// "Age Concern said", "Time Warner said": a first word the article also
// writes in lower case, or a common English word (%common), opens no
// person's name, unless it is a given name ("Will Young said") or an
// honorific ("Lord Goldsmith said").
bool ArticleState::OpensPersonName(std::string_view first) const {
  const NameWords& words = rules_.name_words();
  return words.IsGivenName(first) || words.IsHonorific(first) ||
         (!IsCommonWord(first) && !words.IsCommonEnglish(first));
}

// "Lisa Power, head of policy at ...", "dance DJ Rob Da Bank": a given
// name, at most one more word, and a surname that is also a company's
// head word in the singular (not a legal form: "Patrick Corporation"; not a
// plural: "Michael Foods"). Only a person's cue (PersonCue) makes it a
// person; without one the head word decides ("Wells Fargo Bank").
bool ArticleState::SurnameIsHeadWord(std::string_view text, const std::vector<Token>& tokens,
                                     const NameChunk& c) const {
  const NameWords& words = rules_.name_words();
  auto tok = [&](size_t i) { return text.substr(tokens[i].start, tokens[i].end - tokens[i].start); };
  if (c.last < c.first + 1 || c.last > c.first + 2) return false;
  std::string_view last = tok(c.last);
  const auto* head = words.HeadLabels(last);
  if (!head || head->size() != 1 || (*head)[0] != "Company" || words.IsLegalForm(last) || last.back() == 's')
    return false;
  for (size_t i = c.first; i <= c.last; ++i) {
    std::string_view t = tok(i);
    if (i > c.first && text.substr(tokens[i - 1].end, tokens[i].start - tokens[i - 1].end) != " ") return false;
    if (t.size() < 2 || t[0] < 'A' || t[0] > 'Z' ||
        !std::all_of(t.begin() + 1, t.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }))
      return false;
  }
  std::string_view first = tok(c.first);
  if (IsCompassWord(first) || !words.IsGivenName(first) || IsPlaceAt(text, tokens, c.first)) return false;
  return PersonCue(text, tokens, c);
}

// "Mr Waller", "Dr. Chen": one capitalised word right after an honorific.
bool ArticleState::AfterHonorific(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const {
  if (c.first != c.last || c.first == 0) return false;
  std::string_view prev = text.substr(tokens[c.first - 1].start, tokens[c.first - 1].end - tokens[c.first - 1].start);
  std::string_view gap = text.substr(tokens[c.first - 1].end, tokens[c.first].start - tokens[c.first - 1].end);
  return (gap == " " || gap == ". ") && rules_.name_words().IsHonorific(prev);
}

// Whether `name`, a rule's capture inside `text`, is a person's name by its
// own words or the word before it: "Lord Goldsmith said in a statement",
// "Matthew Miller said in a statement", "Mr Waller".
bool ArticleState::NamesAPerson(std::string_view text, std::string_view name) const {
  const NameWords& words = rules_.name_words();
  thread_local std::vector<Token> t;
  Tokenize(name, &t);
  if (t.empty()) return false;
  if (words.IsHonorific(name.substr(t[0].start, t[0].end - t[0].start))) return true;
  size_t at = name.data() - text.data();
  size_t space = at >= 2 ? text.rfind(' ', at - 2) : std::string_view::npos;
  size_t from = space == std::string_view::npos ? 0 : space + 1;
  if (at >= 2 && text[at - 1] == ' ') {
    std::string_view prev = text.substr(from, at - 1 - from);
    if (!prev.empty() && prev.back() == '.') prev.remove_suffix(1);
    if (words.IsHonorific(prev)) return true;
  }
  return EndsInPersonName(name, t, {0, t.size() - 1}) || GivenNamePerson(name, t, {0, t.size() - 1});
}

// "Under Secretary of Commerce for Industry and Security Alan Estevez said
// in a statement": three words or more without a head word whose last two
// are a given name and a surname (no common word) end in a person's name.
bool ArticleState::EndsInPersonName(std::string_view text, const std::vector<Token>& tokens,
                                    const NameChunk& c) const {
  return c.last >= c.first + 2 && !HeadOfName(text, tokens, c, rules_.name_words()) &&
         !rules_.name_words().IsCommonEnglish(ChunkText(text, tokens, {c.last, c.last})) &&  // "RJ Reynolds Tobacco"
         GivenNamePerson(text, tokens, {c.last - 1, c.last});
}

// "in Las Vegas Microsoft chairman Bill Gates": a run without a head word
// that ends in a name the gazetteer knows ("Microsoft") is that name with
// words before it, not a longer name.
bool ArticleState::EndsInKnown(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const {
  if (c.first == c.last || HeadOfName(text, tokens, c, rules_.name_words())) return false;
  for (size_t k = c.first + 1; k <= c.last; ++k) {
    NameMatch m;
    // "Credit Suisse First Boston": a place at the end is part of the name,
    // unless a connective joins it ("Shell for Australia").
    std::string_view before = text.substr(tokens[k - 1].start, tokens[k - 1].end - tokens[k - 1].start);
    if (rules_.gazetteer().index().LongestAt(text, tokens, k, &m) && m.last == c.last && !m.demonym &&
        (!IsPlace(m) || rules_.name_words().IsConnective(before)))
      return true;
  }
  return false;
}

void ArticleState::FindPersonWords() {
  person_words_.insert(honorific_names_.begin(), honorific_names_.end());
  for (const Discovered& d : discovered_) {
    size_t space = d.name.rfind(' ');
    if (space != std::string::npos && std::find(d.labels.begin(), d.labels.end(), "Person") != d.labels.end())
      person_words_.insert(d.name.substr(space + 1));
  }
}

// "Mark Taylor, Bates's chief executive" after "Ken Bates": a one-word name
// that discovery took for an organisation but is a person's (FindPersonWords)
// is that person's, unless it is a head word.
void ArticleState::SurnamesArePeople() {
  const NameWords& words = rules_.name_words();
  for (Discovered& d : discovered_) {
    if (d.name.find(' ') != std::string::npos || !person_words_.count(d.name) || words.HeadLabels(d.name)) continue;
    if (std::find(d.labels.begin(), d.labels.end(), "Person") != d.labels.end()) continue;
    if (trace_) *trace_ += "discovered: " + d.name + "|Person (surname of a person named in the article)\n";
    d.labels = {"Person"};
  }
}

// Cues that a run names an employer: a job title and a person after it
// ("Harwell Capital analyst Rob Tarn"), or a job title and a preposition
// before it ("a representative for Lumora", "an analyst at Gartner").
bool ArticleState::EmployerCue(std::string_view text, const std::vector<Token>& tokens, const NameChunk& c) const {
  const NameWords& words = rules_.name_words();
  auto tok = [&](size_t i) { return text.substr(tokens[i].start, tokens[i].end - tokens[i].start); };
  auto gap_before = [&](size_t i) { return text.substr(tokens[i - 1].end, tokens[i].start - tokens[i - 1].end); };
  size_t after = c.last + 1;
  if (after + 2 < tokens.size() && gap_before(after) == " " && words.IsTitle(tok(after)) && !IsCapitalised(tok(after))) {
    size_t next = after + 1;
    while (next < tokens.size() && gap_before(next) == " " && words.IsTitle(tok(next))) ++next;
    // "Kill Bill director Quentin Tarantino": "director" alone after a name
    // is as often a film's as a firm's ("managing director" is a firm's).
    bool film = next == after + 1 && tok(after) == "director";
    // "Health spokesman Paul Burstow": a one-word run that the article also
    // writes in lower case is a topic, not an employer.
    if (!film && next < tokens.size() && gap_before(next) == " " && IsCapitalised(tok(next)))
      return !(c.first == c.last && IsCommonWord(tok(c.first)));
  }
  if (c.first >= 2 && gap_before(c.first) == " " && gap_before(c.first - 1) == " ") {
    // "head of MMS firm Adamind", "leader of Devon county Labour group": a
    // run before a kind's noun ("firm", "county") and a name describes the
    // name ("editor of Empire magazine" is the magazine's).
    if (after + 1 < tokens.size() && gap_before(after) == " " && !IsCapitalised(tok(after)) &&
        gap_before(after + 1) == " " && IsCapitalised(tok(after + 1))) {
      if (words.BeforeLabels(tok(after)) || words.HeadLabelsOfNoun(tok(after))) return false;
    }
    std::string_view prep = tok(c.first - 1);
    if ((prep == "at" || prep == "of" || prep == "for" || prep == "with") && words.IsTitle(tok(c.first - 2)) &&
        !IsCapitalised(tok(c.first - 2)))
      return true;  // not at the sentence's start: c.first >= 2
  }
  return false;
}

// Whether token i is the whole of a place or country the gazetteer knows
// (not a demonym).
bool ArticleState::IsPlaceAt(std::string_view text, const std::vector<Token>& tokens, size_t i) const {
  NameMatch m;
  return rules_.gazetteer().index().LongestAt(text, tokens, i, &m) && m.last == i && !m.demonym && IsPlace(m);
}

size_t ArticleState::AfterLeadingPlaces(std::string_view text, const std::vector<Token>& tokens,
                                        const NameChunk& c) const {
  size_t i = c.first;
  NameMatch m;
  while (i < c.last && rules_.gazetteer().index().LongestAt(text, tokens, i, &m) && m.last < c.last &&
         (m.demonym || IsPlace(m)))
    i = m.last + 1;
  return i;
}

bool ArticleState::IsPlace(const NameMatch& m) const {
  const auto& labels = rules_.gazetteer().entry(m.entry).labels;
  return std::find(labels.begin(), labels.end(), "Place") != labels.end() ||
         std::find(labels.begin(), labels.end(), "Country") != labels.end();
}

// "Chinese AI", "Beijing Technology": a name needs a word that is neither a
// head word nor a country, demonym or place the gazetteer knows.
bool ArticleState::HasDistinctiveWord(std::string_view text, const std::vector<Token>& tokens,
                                      const NameChunk& c) const {
  const Gazetteer& gaz = rules_.gazetteer();
  for (size_t i = c.first; i <= c.last; ++i) {
    std::string_view t = text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
    // An event's word ("%head -": "Open") is distinctive inside a name ("the
    // Open Society Institute").
    const auto* head = rules_.name_words().HeadLabels(t);
    if ((head && !head->empty()) || rules_.name_words().IsConnective(t)) continue;
    // "Central Bank": the first word of a head of two words.
    size_t length = 0;
    if (i < c.last && HeadEndingAt(text, tokens, i, i + 1, rules_.name_words(), &length) && length == 2) continue;
    NameMatch m;
    if (gaz.index().LongestAt(text, tokens, i, &m) && m.last == i) {
      const auto& labels = gaz.entry(m.entry).labels;
      if (m.demonym || std::find(labels.begin(), labels.end(), "Country") != labels.end() ||
          std::find(labels.begin(), labels.end(), "Place") != labels.end())
        continue;
    }
    return true;
  }
  return false;
}

// The labels of a noun phrase that describes a run right after it: "Yitu,
// a Chinese AI company", "Lumora is one of the Chinese startups" (the
// noun is a %before word, plural or not), or null.
const std::vector<std::string>* ArticleState::DescribedAfter(std::string_view text, const std::vector<Token>& tokens,
                                                             const NameChunk& c) const {
  auto tok = [&](size_t i) { return text.substr(tokens[i].start, tokens[i].end - tokens[i].start); };
  auto gap_before = [&](size_t i) { return text.substr(tokens[i - 1].end, tokens[i].start - tokens[i - 1].end); };
  size_t i = c.last + 1;
  if (i >= tokens.size()) return nullptr;
  bool apposition = gap_before(i) == ", ";
  if (apposition) {
    if (tok(i) != "a" && tok(i) != "an" && tok(i) != "the") return nullptr;
    // "At Gatwick, the company has written": an opening place or time, then
    // the sentence's subject, not an apposition.
    static const std::unordered_set<std::string_view> kOpeners = {
        "At", "In", "On", "For", "From", "After", "Before", "Under", "Unlike", "Like", "Besides", "Across", "Outside", "Within"};
    if (c.first == 1 && kOpeners.count(tok(0))) return nullptr;
  } else if (gap_before(i) == " ") {
    // "is a", "was one of the", "became a": a copula, then the phrase
    // ("is suing eight insurance companies" is a verb's object, not one).
    if (tok(i) != "is" && tok(i) != "was" && tok(i) != "became") return nullptr;
    if (i + 1 < tokens.size() && tok(i + 1).size() > 4 && tok(i + 1).substr(tok(i + 1).size() - 3) == "ing") return nullptr;
    if (i + 2 < tokens.size() && ((tok(i + 1) == "one" && tok(i + 2) == "of") || tok(i + 1) == "among")) i += tok(i + 1) == "one" ? 2 : 1;
    // A sentence's subject: at its start or after a comma.
    if (c.first > 0 && gap_before(c.first) != ", ") return nullptr;
  } else {
    return nullptr;
  }
  const NameWords& words = rules_.name_words();
  bool preposition = false;  // "the Italian food group at the centre of": past the phrase's noun
  for (size_t k = i + 1; k < tokens.size() && k <= i + 6; ++k) {
    if (gap_before(k) != " " && gap_before(k) != "-") return nullptr;
    std::string_view w = tok(k);
    // "Dana Quill, the company's vice president": a possessor, not what
    // the run is.
    if (tokens[k].end < text.size() && text[tokens[k].end] == '\'') return nullptr;
    // "Acme, the company said": the phrase is the subject of a verb.
    static const std::unordered_set<std::string_view> kVerbs = {"has", "have", "had", "is", "was", "said", "says",
                                                                "will", "would", "did", "does", "can", "could"};
    if (apposition && k + 1 < tokens.size() && gap_before(k + 1) == " " && kVerbs.count(tok(k + 1)) &&
        words.BeforeLabels(w))
      return nullptr;
    if (const auto* labels = words.BeforeLabels(w)) return labels;
    // "CompTIA, an umbrella organization for technology companies": the
    // phrase's own noun, an organisation's head word before "for" or "of",
    // is what it is (not the companies it serves).
    static const std::unordered_set<std::string_view> kPrepositions = {"at", "in", "on", "with", "from", "by", "to"};
    if (kPrepositions.count(w)) preposition = true;
    if (!preposition && w != "one" && k + 1 < tokens.size() && gap_before(k + 1) == " " &&
        (tok(k + 1) == "for" || tok(k + 1) == "of") && !IsCapitalised(w) && w.size() < 24) {
      const auto* labels = words.HeadLabelsOfNoun(w);
      if (labels && std::find(labels->begin(), labels->end(), "Organization") != labels->end()) return labels;
      return nullptr;  // "a subsidiary of Sony": the noun before "of" decides
    }
    if (w.size() > 3 && w.back() == 's') {
      std::string singular(w.substr(0, w.size() - 1));
      if (w.size() > 4 && w.compare(w.size() - 3, 3, "ies") == 0) singular = std::string(w.substr(0, w.size() - 3)) + "y";
      if (const auto* labels = words.BeforeLabels(singular)) return labels;
    }
  }
  return nullptr;
}

// The labels the word after a run gives it: joined by a hyphen
// ("Sheffield-based", "Intel-backed") or after its possessive ("Yukos's
// shares", "Acme' chairman"), or null.
const std::vector<std::string>* ArticleState::WordAfter(std::string_view text, const std::vector<Token>& tokens,
                                                        const NameChunk& c) const {
  size_t next = c.last + 1;
  if (next >= tokens.size()) return nullptr;
  size_t end = tokens[c.last].end;
  std::string_view gap = text.substr(end, tokens[next].start - end);
  const NameWords& words = rules_.name_words();
  if (gap == "-") {
    // "PC-based calls": an acronym before "-based" is no place.
    const auto* labels = words.SuffixLabels(text.substr(tokens[next].start, tokens[next].end - tokens[next].start));
    // "State-owned Rosneft": one capitalised word opening a sentence is as
    // likely a plain word made an adjective ("state-owned") as an owner
    // ("Sheffield-based" is still a place).
    if (labels && c.first == 0 && c.first == c.last &&
        std::find(labels->begin(), labels->end(), "Company") != labels->end())
      return nullptr;
    bool caps = std::none_of(text.begin() + tokens[c.first].start, text.begin() + end,
                             [](char ch) { return ch >= 'a' && ch <= 'z'; });
    if (labels && caps && std::find(labels->begin(), labels->end(), "Place") != labels->end()) return nullptr;
    return labels;
  }
  // "Yukos's shares": the tokens are "Yukos" "s" "shares"; "Yukos' shares".
  size_t word = next;
  if (gap == "'" && text.substr(tokens[next].start, tokens[next].end - tokens[next].start) == "s") ++word;
  else if (gap != "' ") return nullptr;
  if (word >= tokens.size() || (word != next && text.substr(tokens[next].end, tokens[word].start - tokens[next].end) != " "))
    return nullptr;
  return words.OwnsLabels(text.substr(tokens[word].start, tokens[word].end - tokens[word].start));
}

// The labels the word right before a run gives it ("startup Quorbit"), or null.
const std::vector<std::string>* ArticleState::WordBefore(std::string_view text, const std::vector<Token>& tokens,
                                                         const NameChunk& c) const {
  if (c.first == 0 || tokens[c.first].start != tokens[c.first - 1].end + 1 || text[tokens[c.first - 1].end] != ' ')
    return nullptr;
  const Token& prev = tokens[c.first - 1];
  // "film-maker Theo van Gogh": the word is the end of a compound.
  if (prev.start > 0 && text[prev.start - 1] == '-') return nullptr;
  // "some giant CGI Soup Dragons", "a rival UWB technology": after an
  // indefinite article the word is an adjective, not a kind's noun.
  if (c.first >= 2 && tokens[c.first - 2].end + 1 == prev.start) {
    std::string_view det = text.substr(tokens[c.first - 2].start, tokens[c.first - 2].end - tokens[c.first - 2].start);
    if (det == "a" || det == "A" || det == "an" || det == "An" || det == "some" || det == "Some") return nullptr;
  }
  return rules_.name_words().BeforeLabels(text.substr(prev.start, prev.end - prev.start));
}

void ArticleState::DiscoverByShape(size_t s, const Span& sentence) {
  std::string_view text = std::string_view(norm_.text()).substr(sentence.start, sentence.end - sentence.start);
  SentenceNames& names = sentence_names_[s];
  names.tokens.reserve(text.size() / 5 + 8);  // news: ~6 bytes a token; fewer regrowths
  Tokenize(text, &names.tokens);
  FindNameChunks(text, names.tokens, rules_.name_words(), &names.chunks);
  const Gazetteer& gaz = rules_.gazetteer();
  static const std::vector<std::string> kPerson = {"Person"}, kOrganization = {"Organization"};
  const NameWords& words = rules_.name_words();
  for (const NameChunk& c : names.chunks) {
    std::string_view name = ChunkText(text, names.tokens, c);
    NameMatch known;
    bool starts_known = gaz.index().LongestAt(text, names.tokens, c.first, &known);
    if (starts_known && known.last == c.last) continue;
    // "the president of Intel Capital Wendell Brooks": after a title and
    // "of" or "at", or with a person's cue, a known organisation's name and
    // a person's with a given name are two names ("analysts from Citigroup
    // Smith Barney" are one).
    auto after_title_of = [&]() {
      if (c.first < 2) return false;
      std::string_view of = ChunkText(text, names.tokens, {c.first - 1, c.first - 1});
      return (of == "of" || of == "at") && words.IsTitle(ChunkText(text, names.tokens, {c.first - 2, c.first - 2}));
    };
    if (starts_known && known.last + 2 <= c.last && !known.demonym && !IsPlace(known) &&
        GivenNamePerson(text, names.tokens, {known.last + 1, c.last}) &&
        (after_title_of() || PersonCue(text, names.tokens, c))) {
      AddDiscovered(ChunkText(text, names.tokens, {known.last + 1, c.last}), kPerson, "person after a known name");
      continue;
    }
    std::string_view last = text.substr(names.tokens[c.last].start, names.tokens[c.last].end - names.tokens[c.last].start);
    // The cue that names the run, if any; the guards below run only then.
    bool honorific = AfterHonorific(text, names.tokens, c);
    const std::vector<std::string>* head = honorific ? nullptr : HeadOfName(text, names.tokens, c, words);
    const std::vector<std::string>* labels = head;
    std::string_view why = "head word";
    Evidence evidence = Evidence::kCue;
    if (honorific) {
      why = "honorific";
    } else if (head) {
      // "China Telecommunications Corp.": a legal form makes a name of words
      // that alone are a country and a head word.
      bool legal = c.last >= c.first + 2 && words.IsLegalForm(last);
      // "Sichuan University", "Munich Institute": a place and a university
      // or institute is a name ("Chinese AI", "Greek Federation" are none).
      bool institution = c.last == c.first + 1 && (last == "University" || last == "Institute") &&
                         IsPlaceAt(text, names.tokens, c.first);
      // "Turkish Central Bank": a country's and an agency's head of two
      // words ("Central Bank" alone is every country's).
      size_t head_length = 0;
      HeadEndingAt(text, names.tokens, c.first, c.last, words, &head_length);
      bool national = head_length == 2 && c.last == c.first + 2 &&
                      std::find(head->begin(), head->end(), "Agency") != head->end() &&
                      AfterLeadingPlaces(text, names.tokens, c) == c.last - 1;
      if (c.last == c.first || !(legal || institution || national || HasDistinctiveWord(text, names.tokens, c)))
        continue;
      if (SurnameIsHeadWord(text, names.tokens, c)) {
        head = nullptr, labels = &kPerson, why = "person cue", evidence = Evidence::kOverHead;
      } else if (int key = KnownAt(text, names.tokens, c); key >= 0) {
        // "dance DJ Rob Da Bank ... Rob Da Bank filled in": a person named
        // before keeps the name; its head word is a surname.
        const auto& known = LabelsOfKey(key);
        if (std::find(known.begin(), known.end(), "Person") != known.end()) continue;
      }
    } else if (PersonShaped(text, names.tokens, c) && PersonCue(text, names.tokens, c) &&
               OpensPersonName(ChunkText(text, names.tokens, {c.first, c.first}))) {
      labels = &kPerson, why = "person cue";
    } else if (GivenNamePerson(text, names.tokens, c) && !WordAfter(text, names.tokens, c)) {
      labels = &kPerson, why = "given name", evidence = Evidence::kGivenNameOnly;
    } else if ((labels = DescribedAfter(text, names.tokens, c))) {
      why = "described after";  // "Yitu, a Chinese AI company", "Lumora is one of the startups"
    } else if ((labels = WordAfter(text, names.tokens, c))) {
      why = "word after";  // "Sheffield-based", "Yukos's shares"
    } else if (EmployerCue(text, names.tokens, c)) {
      labels = &kOrganization, why = "employer cue";
    } else if ((labels = WordBefore(text, names.tokens, c))) {
      why = "word before";
    } else {
      continue;
    }
    // "Generative AI is ...", "State-owned Rosneft": a sentence's capitalised
    // first word that the article also writes in lower case is not a name.
    if (c.first == 0 && (c.first == c.last || head || !words.HeadLabels(last)) &&
        IsCommonWord(ChunkText(text, names.tokens, {0, 0})))
      continue;
    if (words.PortfolioFollows(text.substr(names.tokens[c.last].end))) continue;
    // "ISPs", "PCs": a plural of a common acronym.
    if (c.first == c.last && name.size() >= 3 && name.back() == 's' &&
        std::all_of(name.begin(), name.end() - 1, [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
      continue;
    if (EndsInKnown(text, names.tokens, c)) continue;
    // "the Mobile Data Association (MDA) ... the MDA's own predictions": an
    // acronym the article defines in parentheses after a name with a head
    // word is that name (LinkAliases), not a name of its own.
    if (c.first == c.last && name.size() >= 2 &&
        std::all_of(name.begin(), name.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }) &&
        DefinedAfterHeadWord(name))
      continue;
    // "US Carnival Corporation", "Saudi NCCI": places and demonyms before a
    // company's name that the article also writes alone are not part of it
    // (an acronym or a name in a legal form: "US TV" and "Los Angeles Times"
    // stay whole).
    NameChunk named = c;
    if (!honorific && labels != &kPerson) {
      size_t from = AfterLeadingPlaces(text, names.tokens, c);
      std::string_view rest = ChunkText(text, names.tokens, {from, c.last});
      bool acronym = from == c.last && rest.size() >= 3 &&
                     std::all_of(rest.begin(), rest.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
      bool strong = words.IsLegalForm(last) || acronym;
      // "the huge US Carnival Corporation": a country's abbreviation before
      // a name in legal form is where the firm is, not part of its name.
      std::string_view lead = ChunkText(text, names.tokens, {c.first, c.first});
      bool abbreviation = from == c.first + 1 && lead.size() <= 3 &&
                          std::all_of(lead.begin(), lead.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }) &&
                          words.IsLegalForm(last) && HasDistinctiveWord(text, names.tokens, {from, c.last});
      if (from > c.first && strong && (abbreviation || CountWord(rest) > CountWord(name))) {
        named.first = from;
        name = ChunkText(text, names.tokens, named);
      }
    }
    if (honorific) {
      honorific_names_.emplace_back(name);
    } else if (head) {
      // "Quanlix Robotics Co., Ltd." is the entity "Quanlix Robotics" when
      // the article also writes that shorter name alone: the shortest
      // full name it uses. Otherwise the name stays as written.
      size_t core = c.last;
      while (core > named.first &&
             words.IsLegalForm(text.substr(names.tokens[core].start, names.tokens[core].end - names.tokens[core].start)))
        --core;
      std::string_view shorter = ChunkText(text, names.tokens, {named.first, core});
      // After a comma ("Acme, Ltd.") the legal form is never part of a
      // name the tagger matches: the entity is the name before it.
      bool comma = core < c.last && text.substr(names.tokens[core].end, 1) == ",";
      bool use_shorter = core < c.last && (comma || CountWord(shorter) > CountWord(name));
      int key = AddDiscovered(use_shorter ? shorter : name, *head, why);
      if (use_shorter && key >= 0) discovered_index_.Add(name, key, false);
    } else {
      AddDiscovered(name, *labels, why, evidence);
    }
  }
}

// Names in a coordinated list share a kind: in "investors including Nvidia,
// Harwell Capital and Sorvik", Frontline is a company because the others are.
// Only companies and people spread this way; a list with a place or a
// country in it spreads nothing ("Sunnyvale, California").
void ArticleState::DiscoverByLists(const Span& sentence, const SentenceNames& names) {
  std::string_view text = std::string_view(norm_.text()).substr(sentence.start, sentence.end - sentence.start);
  const auto& chunks = names.chunks;
  for (size_t i = 0; i < chunks.size();) {
    size_t j = i;
    while (j + 1 < chunks.size()) {
      size_t from = names.tokens[chunks[j].last].end, to = names.tokens[chunks[j + 1].first].start;
      std::string_view gap = text.substr(from, to - from);
      if (gap != ", " && gap != " and " && gap != ", and " && gap != " & " && gap != " or " && gap != ", or ") break;
      ++j;
    }
    // "browsers like Opera and Apple's Safari": a name before its possessive
    // is the owner of what is listed, not one of the list.
    for (size_t k = i + 1; k <= j; ++k) {
      size_t end = names.tokens[chunks[k].last].end;
      if (text.compare(end, 3, "'s ") == 0 || text.compare(end, 2, "' ") == 0) {
        j = k - 1;
        break;
      }
    }
    // "Brett Adcock, Figure's founder", "According to Mr Waller, Exxon ...":
    // two names and a comma are as often an apposition as a list.
    bool apposition = false;
    if (j == i + 1) {
      size_t from = names.tokens[chunks[i].last].end, to = names.tokens[chunks[j].first].start;
      apposition = text.substr(from, to - from) == ", ";
    }
    // "the departments of Environment, Food and Rural Affairs", "Ministry of
    // Economy, Trade and Industry": the portfolios in an agency's name.
    bool portfolios = false;
    if (j > i && chunks[i].first >= 2) {
      std::string_view of = text.substr(names.tokens[chunks[i].first - 1].start,
                                        names.tokens[chunks[i].first - 1].end - names.tokens[chunks[i].first - 1].start);
      std::string_view head = text.substr(names.tokens[chunks[i].first - 2].start,
                                          names.tokens[chunks[i].first - 2].end - names.tokens[chunks[i].first - 2].start);
      if (head.size() > 3 && head.back() == 's') head.remove_suffix(1);  // "departments"
      const auto* labels = rules_.name_words().HeadLabelsOfNoun(head);
      portfolios = (of == "of" || of == "for") && labels &&
                   std::find(labels->begin(), labels->end(), "Agency") != labels->end();
    }
    if (j > i && !apposition && !portfolios) {
      bool company = false, person = false, place = false, weak_person = false;
      for (size_t k = i; k <= j; ++k) {
        int key = KnownAt(text, names.tokens, chunks[k]);
        if (key < 0) continue;
        if (IsGivenNameOnly(key)) {
          weak_person = true;  // a person unless the list's companies say otherwise
          continue;
        }
        for (const std::string& l : LabelsOfKey(key)) {
          company |= l == "Company" || l == "Investor";
          person |= l == "Person";
          place |= l == "Place" || l == "Country";
        }
      }
      person |= weak_person && !company;
      if ((company != person) && !place) {
        for (size_t k = i; k <= j; ++k) {
          std::string_view name = ChunkText(text, names.tokens, chunks[k]);
          int known = KnownAt(text, names.tokens, chunks[k]);
          // A given name's person turns company only in a list of three or
          // more ("Sony Music and Warner Records" may still be "Tim Daly of
          // Michael Foods and Kenneth Bowman").
          if (name.size() < 3 || (known >= 0 && !(company && j >= i + 2 && IsGivenNameOnly(known)))) continue;
          // "Ironhorse Oil and Gas": a head word alone is a name's last word.
          if (chunks[k].first == chunks[k].last && rules_.name_words().HeadLabels(name)) continue;
          if (person && (!PersonShaped(text, names.tokens, chunks[k]) ||
                         !OpensPersonName(ChunkText(text, names.tokens, {chunks[k].first, chunks[k].first}))))
            continue;
          // "Mr Waller, Exxon", "Liverpool, Chelsea and Gerrard" after "Steven
          // Gerrard": a person's word is that person.
          if (company && (AfterHonorific(text, names.tokens, chunks[k]) ||
                          (chunks[k].first == chunks[k].last && person_words_.count(std::string(name)))))
            continue;
          if (chunks[k].first == 0 && chunks[k].last == 0 && IsCommonWord(name)) continue;
          if (company && EndsInPersonName(text, names.tokens, chunks[k])) continue;  // "... and Security Alan Estevez"
          AddDiscovered(name, {company ? "Company" : "Person"}, "list");
        }
      }
    }
    i = j + 1;
  }
}

// "siblings Dario and Daniela Amodei", "Bill and Melinda Gates": a given
// name alone, "and", and a person's name that opens with a given name are
// two people of one surname. The first is named with it, and its given
// name alone is its mention inside this article.
void ArticleState::DiscoverSharedSurnames(const Span& sentence, const SentenceNames& names) {
  std::string_view text = std::string_view(norm_.text()).substr(sentence.start, sentence.end - sentence.start);
  const auto& chunks = names.chunks;
  for (size_t k = 0; k + 1 < chunks.size(); ++k) {
    const NameChunk& one = chunks[k];
    const NameChunk& next = chunks[k + 1];
    if (one.first != one.last || next.last == next.first ||
        text.substr(names.tokens[one.last].end, names.tokens[next.first].start - names.tokens[one.last].end) != " and ")
      continue;
    std::string_view given = ChunkText(text, names.tokens, one);
    // "Blair and Major": a word the article writes elsewhere, or a name
    // known by itself, is someone of its own; so is the last but one of a
    // longer list ("Paul Simon, Madonna and David Bowie") and a name after
    // "the" ("the Jesus and Mary Chain").
    if (one.first > 0) {
      std::string_view before = text.substr(names.tokens[one.first - 1].start,
                                            names.tokens[one.first].start - names.tokens[one.first - 1].start);
      if (before.find(',') != std::string_view::npos || before == "the " || before == "The ") continue;
    }
    if (!rules_.name_words().IsGivenName(given) || CountWord(given) != 1 || KnownAt(text, names.tokens, one) >= 0 ||
        !GivenNamePerson(text, names.tokens, next))
      continue;
    int other = KnownAt(text, names.tokens, next);
    if (other < 0 || LabelsOfKey(other) != std::vector<std::string>{"Person"}) continue;
    std::string name(given);
    name += ' ';
    name += ChunkText(text, names.tokens, {next.first + 1, next.last});
    int key = AddDiscovered(name, {"Person"}, "shares a surname");
    if (key >= 0 && KnownKey(given) < 0) discovered_index_.Add(given, key, false);
  }
}

// Other names of discovered entities, known only inside this article:
// "CloudWalk" for "CloudWalk Technology", "Quill" for "Dana Quill", and
// an acronym defined in parentheses, "Semiconductor Manufacturing
// International Corp (SMIC)", for discovered and gazetteer names alike.
void ArticleState::LinkAliases(const std::vector<Span>& sentences) {
  const NameWords& words = rules_.name_words();
  const Gazetteer& gaz = rules_.gazetteer();
  size_t n = discovered_.size();
  for (size_t d = 0; d < n; ++d) {
    const std::string name = discovered_[d].name;  // copy: discovered_ may grow
    int key = static_cast<int>(gaz.size() + d);
    std::vector<Token> tokens;
    Tokenize(name, &tokens);
    if (tokens.size() < 2) continue;
    auto tok = [&](size_t i) { return std::string_view(name).substr(tokens[i].start, tokens[i].end - tokens[i].start); };
    bool person = std::find(discovered_[d].labels.begin(), discovered_[d].labels.end(), "Person") !=
                  discovered_[d].labels.end();
    std::vector<std::string_view> aliases;
    if (person) {
      aliases.push_back(tok(tokens.size() - 1));
    } else {
      size_t last = tokens.size() - 1;
      while (last > 0 && words.HeadLabels(tok(last))) --last;
      if (last + 1 < tokens.size() && !words.IsConnective(tok(last)))
        aliases.push_back(std::string_view(name).substr(0, tokens[last].end));
      // "Pernod" for "Pernod Ricard", "Illva" for "Illva Saronno": a two-word
      // company name's first word, when it is no ordinary word.
      if (tokens.size() == 2 && tok(0).size() >= 4 && !words.HeadLabels(tok(0)) && !words.IsConnective(tok(1)))
        aliases.push_back(tok(0));
    }
    for (std::string_view alias : aliases) {
      if (alias.size() < 3 || KnownKey(alias) >= 0 || words.IsStop(alias) || IsCommonWord(alias)) continue;
      // A demonym or place at the start ("Chinese", "Sichuan") is no alias,
      // nor a portfolio ("European" for "European Department").
      std::vector<Token> alias_tokens;
      Tokenize(alias, &alias_tokens);
      NameMatch known;
      if (gaz.index().LongestAt(alias, alias_tokens, 0, &known) || AllTopic(alias, alias_tokens)) continue;
      discovered_index_.Add(alias, key, false);
    }
  }
  // "Long Name (LN)": the acronym in capitals right after a known name.
  // "(SMIC)", "(DoD)": capitals first and last.
  static const RE2 kAcronym("\\(([A-Z][A-Z0-9&]{0,6}[A-Z0-9]|[A-Z][A-Za-z0-9&]{1,5}[A-Z])\\)");
  for (const Span& s : sentences) {
    std::string_view text = std::string_view(norm_.text()).substr(s.start, s.end - s.start);
    if (text.find('(') == std::string_view::npos) continue;  // most sentences: no regex search
    re2::StringPiece input(text.data(), text.size()), acronym;
    while (RE2::FindAndConsume(&input, kAcronym, &acronym)) {
      size_t open = acronym.data() - text.data() - 1;
      if (open < 2 || text[open - 1] != ' ') continue;
      std::string_view before = text.substr(0, open - 1);
      std::string_view acr(acronym.data(), acronym.size());
      if (KnownKey(acr) >= 0) continue;
      // The longest known name that ends right before the parenthesis.
      std::vector<Token> tokens;
      Tokenize(before, &tokens);
      for (size_t first = tokens.size() > 8 ? tokens.size() - 8 : 0; first < tokens.size(); ++first) {
        int key = KnownKey(before.substr(tokens[first].start));
        if (key < 0) continue;
        discovered_index_.Add(acr, key, false);
        break;
      }
    }
  }
}

// "the company", "the agency's", "its chief executive": a phrase that stands
// for the entity of its kind named last (in this sentence or before). Returns
// its key and sets *last to the phrase's last token, or returns -1.
// The company named last before this sentence, or in it: "Microsoft
// invested in the company" is not Microsoft investing in itself, so a
// company already named in this sentence is passed over.
int ArticleState::SalientCompany(size_t at) const {
  const std::string& norm = norm_.text();
  for (auto it = recent_companies_.rbegin(); it != recent_companies_.rend(); ++it) {
    auto named = named_in_sentence_.find(*it);
    if (named == named_in_sentence_.end() || named->second.first != tagging_sentence_) return *it;
    // Named before a comma: another clause ("In its letter to GGV, the
    // panel said the firm had invested").
    size_t end = named->second.second;
    if (end < at && std::string_view(norm).substr(end, at - end).find(',') != std::string_view::npos) return *it;
  }
  return -1;
}

// "They were", "All were", "All of them have", "Both are", "the companies",
// "these firms": a plural that stands for the list of organisations named
// last. Returns one past the phrase's last token, or 0.
size_t ArticleState::PluralAnaphorAt(std::string_view text, const std::vector<Token>& tokens, size_t i) const {
  auto tok = [&](size_t k) { return text.substr(tokens[k].start, tokens[k].end - tokens[k].start); };
  auto spaced = [&](size_t k) { return tokens[k].start == tokens[k - 1].end + 1; };
  std::string_view w = tok(i);
  if (w.size() < 3 || w.size() > 5) return 0;
  char first = static_cast<char>(w[0] | 0x20);
  if (first != 't' && first != 'a' && first != 'b') return 0;
  auto is = [&](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t k = 0; k < a.size(); ++k)
      if ((a[k] | 0x20) != b[k]) return false;
    return true;
  };
  static const std::unordered_set<std::string_view> kVerbs = {"are", "were", "have", "had", "will", "would",
                                                              "also", "all", "both", "each", "remain", "remained"};
  size_t n = i + 1;
  if (is(w, "they") || is(w, "all") || is(w, "both")) {
    // "All of them were".
    if (!is(w, "they") && n + 1 < tokens.size() && tok(n) == "of" && tok(n + 1) == "them") n += 2;
    if (n < tokens.size() && spaced(n) && kVerbs.count(tok(n))) return n;
    return 0;
  }
  if (!is(w, "the") && !is(w, "these") && !is(w, "those")) return 0;
  // "the eight companies".
  if (n < tokens.size() && ((tok(n)[0] >= '0' && tok(n)[0] <= '9') || tok(n) == "two" || tok(n) == "three" || tok(n) == "four" ||
                            tok(n) == "five" || tok(n) == "six" || tok(n) == "seven" || tok(n) == "eight"))
    ++n;
  static const std::unordered_set<std::string_view> kNouns = {"companies", "firms", "entities", "startups",
                                                              "businesses", "groups", "organizations",
                                                              "organisations", "vendors", "suppliers"};
  if (n < tokens.size() && spaced(n) && kNouns.count(tok(n))) {
    // "the companies Acme and Beta" name them.
    if (n + 1 < tokens.size() && spaced(n + 1) && IsCapitalised(tok(n + 1))) return 0;
    return n + 1;
  }
  return 0;
}

// "Yukos claims its downfall was punishment for the ambitions of its founder":
// "its" stands for the organisation or agency named last before it in its
// sentence. People are passed over, and so are places after a preposition
// or an article ("a house in Houston", "a US court"); any other place could
// be what "its" stands for ("Kazakhstan has been dominated by its
// president", "Frankfurt's standing ..., its minister"), so no guess. With
// no organisation before it in the sentence, the salient company.
int ArticleState::PossessiveAntecedent(const std::vector<TaggedMention>& before, size_t here, int fallback) const {
  static const std::unordered_set<std::string_view> kPassOver = {"a",  "an", "the", "in",   "of",   "at",
                                                                 "to", "by", "on",  "from", "into", "across"};
  std::string_view norm = norm_.text();
  for (auto m = before.rbegin(); m != before.rend(); ++m) {
    if (m->demonym || m->coref || m->key < 0) continue;
    const std::vector<std::string>& labels = LabelsOfKey(m->key);
    auto has = [&](const char* label) { return std::find(labels.begin(), labels.end(), label) != labels.end(); };
    if (IsOrganisation(labels) || has("Agency")) return m->key;
    if (!has("Place") && !has("Country")) continue;
    std::string_view head = norm.substr(0, m->start);
    while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
    size_t word = head.find_last_of(' ');
    std::string_view previous = head.substr(word == std::string_view::npos ? 0 : word + 1);
    if (!kPassOver.count(previous) || norm.compare(m->end, 2, "'s") == 0) return -1;
  }
  return fallback >= 0 ? fallback : SalientCompany(here);
}

int ArticleState::CorefAt(std::string_view text, const std::vector<Token>& tokens, size_t i,
                          const std::vector<TaggedMention>& before, size_t* last) const {
  auto tok = [&](size_t k) { return text.substr(tokens[k].start, tokens[k].end - tokens[k].start); };
  std::string_view w = tok(i);
  size_t here = tagging_sentence_ + tokens[i].start;  // in the normalised text
  // "In 2003 it bought Dutch firm X": "it" before a verb of a deal stands
  // for the organisation named before it in its sentence, as "its" does
  // ("Microsoft's announcement comes after it bought X"), else what such an
  // "it" stood for in the sentence before ("In 2003 it bought A. In 2004 it
  // bought B": not A), else the salient company.
  if ((w == "it" || w == "It") && i + 1 < tokens.size()) {
    static const std::unordered_set<std::string_view> kDealVerbs = {
        "bought", "buys", "acquired", "acquires", "purchased", "invested", "invests", "owns", "holds",
        "backed", "sued", "supplies", "supplied", "hired", "merged"};
    if (!kDealVerbs.count(tok(i + 1))) return -1;
    int chained = deal_it_sentence_ == previous_sentence_ ? deal_it_key_ : -1;
    int key = PossessiveAntecedent(before, here, chained);
    if (key >= 0) *last = i;
    return key;
  }
  if (!last_list_.empty()) {
    size_t end = PluralAnaphorAt(text, tokens, i);
    if (end != 0) {
      *last = end - 1;
      return kListKey;
    }
  }
  // Asked at every token no name starts at: most are rejected by length.
  if (w.size() != 3) return -1;
  if ((w == "its" || w == "Its") && i + 1 < tokens.size() && rules_.name_words().IsTitle(tok(i + 1))) {
    *last = i;
    return PossessiveAntecedent(before, here);
  }
  if ((w != "the" && w != "The") || i + 1 >= tokens.size()) return -1;
  // The nouns that refer back: 'c' a company, 'a' an agency.
  static const std::unordered_map<std::string_view, char> kNouns = {
      {"company", 'c'}, {"firm", 'c'},     {"startup", 'c'},    {"start-up", 'c'},   {"chipmaker", 'c'},
      {"carmaker", 'c'}, {"automaker", 'c'}, {"lender", 'c'},    {"retailer", 'c'},   {"insurer", 'c'},
      {"conglomerate", 'c'}, {"group", 'c'}, {"giant", 'c'},     {"business", 'c'},   {"agency", 'a'},
      {"department", 'a'}, {"ministry", 'a'}, {"regulator", 'a'}, {"bureau", 'a'},   {"commission", 'a'},
      {"administration", 'a'}};
  auto kind = [&](size_t k) {
    std::string_view t = tok(k);
    if (t.size() < 4 || t[0] < 'a' || t[0] > 'z') return '\0';
    auto it = kNouns.find(t);
    return it == kNouns.end() ? '\0' : it->second;
  };
  // "the tech giant": one lower-case modifier may stand before the noun,
  // but not one that makes it another company than the one named last
  // ("the shell company", "the parent company", "the rival firm").
  static const std::unordered_set<std::string_view> kOther = {"shell",  "parent", "rival",    "new",   "other",
                                                              "holding", "merged", "combined", "sister", "joint"};
  size_t n = i + 1;
  char k = kind(n);
  if (!k && n + 1 < tokens.size() && tokens[n + 1].start == tokens[n].end + 1 && tok(n)[0] >= 'a' &&
      tok(n)[0] <= 'z' && !kOther.count(tok(n))) {
    k = kind(n + 1);
    ++n;
  }
  if (!k) return -1;
  // "the company Acme" names it; "the company's" and "the company said" do not.
  if (n + 1 < tokens.size() && IsCapitalised(tok(n + 1)) && tokens[n + 1].start == tokens[n].end + 1) return -1;
  int key = k == 'c' ? SalientCompany(here) : last_agency_;
  if (key >= 0) *last = n;
  return key;
}

void ArticleState::Tag(const Span& sentence, const std::vector<Token>& tokens, const std::vector<NameChunk>* chunks,
                       std::vector<TaggedMention>* mentions) {
  std::string_view text = std::string_view(norm_.text()).substr(sentence.start, sentence.end - sentence.start);
  if (probes_) AppendProbeHashes(text, tokens, probes_);
  mentions->clear();
  if (sentence.start != tagging_sentence_) previous_sentence_ = tagging_sentence_;
  tagging_sentence_ = sentence.start;
  for (size_t i = 0; i < tokens.size();) {
    NameMatch best, local;
    bool found = rules_.gazetteer().index().LongestAt(text, tokens, i, &best);
    if (!discovered_.empty() && discovered_index_.LongestAt(text, tokens, i, &local) &&
        (!found || local.last > best.last))
      best = local, found = true;
    // Names from earlier articles: longer wins; on a tie the gazetteer or
    // this article's discovered name. A remembered one-word name that this
    // article writes in lower case is a word here ("Health spokesman").
    if (memory_ && memory_->index().LongestAt(text, tokens, i, &local) && (!found || local.last > best.last) &&
        !(local.first == local.last &&
          IsCommonWord(text.substr(tokens[local.first].start, tokens[local.first].end - tokens[local.first].start))))
      best = local, best.entry += kMemoryKeyBase, found = true;
    // "in May", "May 2005": the month, not the firm May a remembered or
    // discovered name stands for (the other months are %stop words).
    if (found && best.first == best.last && best.entry >= static_cast<int>(rules_.gazetteer().size()) &&
        MonthAt(text, tokens, best.first))
      found = false;
    // "US$56 million": a currency, not a mention of the country.
    if (found && tokens[best.last].end < text.size() && text[tokens[best.last].end] == '$') found = false;
    // "Culture Secretary Tessa Jowell": a discovered or remembered name right
    // before a portfolio title is the portfolio ("Treasury Secretary" keeps
    // the gazetteer's Treasury).
    if (found && best.entry >= static_cast<int>(rules_.gazetteer().size()) &&
        rules_.name_words().PortfolioFollows(text.substr(tokens[best.last].end)))
      found = false;
    if (!found) {
      size_t last = i;
      int key = CorefAt(text, tokens, i, *mentions, &last);
      std::string_view word = text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
      if (key >= 0 && (word == "it" || word == "It")) deal_it_key_ = key, deal_it_sentence_ = sentence.start;
      if (key >= 0 || key == kListKey)
        mentions->push_back({sentence.start + tokens[i].start, sentence.start + tokens[last].end, key, false, true});
      i = last + 1;
      continue;
    }
    // "Xiamen Meiya Pico Information Co. Ltd.": a known organisation's name
    // written longer, in one name-shaped run, is that organisation (not a
    // place or a person: "China Telecommunications Corp." is no China),
    // unless the rest is a name discovered on its own ("Intel Capital
    // Wendell Brooks").
    if (chunks && !best.demonym) {
      auto chunk = std::upper_bound(chunks->begin(), chunks->end(), best.first,
                                    [](size_t at, const NameChunk& c) { return at < c.first; });
      NameMatch rest;
      if (chunk != chunks->begin() && (--chunk)->last > best.last && chunk->first <= best.first &&
          IsOrganisation(LabelsOfKey(best.entry)) &&
          !(discovered_index_.LongestAt(text, tokens, best.last + 1, &rest) && rest.last == chunk->last))
        best.last = chunk->last;
    }
    if (best.demonym && best.last + 1 < tokens.size()) {
      const Token& next = tokens[best.last + 1];
      if (IsGovernmentWord(text.substr(next.start, next.end - next.start))) {
        best.last += 1;
        best.demonym = false;
      }
    }
    TaggedMention m{sentence.start + tokens[best.first].start, sentence.start + tokens[best.last].end, best.entry,
                    best.demonym};
    mentions->push_back(m);
    if (!best.demonym) {
      int index = EntityIndex(best.entry);
      Entity& e = facts_.entities[index];
      if (e.mentions.empty()) mentioned_.push_back(index);
      e.mentions.push_back(OriginalSpan(m.start, m.end));
      named_in_sentence_[best.entry] = {sentence.start, m.end};
      for (const std::string& l : e.labels) {
        if (l == "Company" || l == "Investor" || l == "Provider") {
          recent_companies_.erase(std::remove(recent_companies_.begin(), recent_companies_.end(), best.entry),
                                  recent_companies_.end());
          recent_companies_.push_back(best.entry);
          if (recent_companies_.size() > 8) recent_companies_.erase(recent_companies_.begin());
        }
        if (l == "Agency") last_agency_ = best.entry;
      }
      // "US President Joe Biden": the country acts (the rules see it).
      bool named_before = false;
      int country = LeaderCountry(text, tokens, best, *mentions, &named_before);
      if (country >= 0) {
        mentions->pop_back();
        size_t start = std::min(m.start, sentence.start + tokens[LeaderTitleAt(text, tokens, best.first)].start);
        if (named_before) start = mentions->back().start, mentions->pop_back();  // "US President"
        mentions->push_back({start, m.end, country, false});
      }
    }
    i = best.last + 1;
  }
}

// The first token of a %leader title right before a person's mention, or
// its first token ("President Biden" may be one gazetteer name); or npos.
size_t ArticleState::LeaderTitleAt(std::string_view text, const std::vector<Token>& tokens, size_t first) const {
  const NameWords& words = rules_.name_words();
  auto tok = [&](size_t k) { return text.substr(tokens[k].start, tokens[k].end - tokens[k].start); };
  auto spaced = [&](size_t k) { return tokens[k].start == tokens[k - 1].end + 1; };
  if (words.IsLeaderTitle(tok(first))) return first;
  if (first >= 1 && spaced(first) && words.IsLeaderTitle(tok(first - 1))) return first - 1;
  if (first >= 2 && spaced(first) && spaced(first - 1) &&
      words.IsLeaderTitle(text.substr(tokens[first - 2].start, tokens[first - 1].end - tokens[first - 2].start)))
    return first - 2;
  return std::string_view::npos;
}

// The country a person named with a leader's title acts for: the country
// named right before the title ("US President"), the one an earlier such
// mention gave, or the gazetteer's country= for the person; or -1.
// *named_before: the country is the mention right before the title.
int ArticleState::LeaderCountry(std::string_view text, const std::vector<Token>& tokens, const NameMatch& person,
                                const std::vector<TaggedMention>& mentions, bool* named_before) {
  const std::vector<std::string>& labels = LabelsOfKey(person.entry);
  if (std::find(labels.begin(), labels.end(), "Person") == labels.end()) return -1;
  size_t title = LeaderTitleAt(text, tokens, person.first);
  if (title == std::string_view::npos) return -1;
  int country = -1;
  // The person's own mention is mentions.back(); the one before it.
  if (mentions.size() >= 2) {
    const TaggedMention& before = mentions[mentions.size() - 2];
    size_t title_start = tagging_sentence_ + tokens[title].start;
    std::string_view gap(norm_.text().data() + before.end, title_start >= before.end ? title_start - before.end : 0);
    const auto& l = facts_.entities[EntityIndex(before.key)].labels;
    if (!before.demonym && (gap == " " || gap == "'s " || gap == "' ") &&
        std::find(l.begin(), l.end(), "Country") != l.end()) {
      country = before.key;
      *named_before = true;
    }
  }
  if (country < 0) {
    auto it = leader_country_.find(person.entry);
    if (it != leader_country_.end()) country = it->second;
  }
  if (country < 0 && person.entry < static_cast<int>(rules_.gazetteer().size())) {
    const auto& props = rules_.gazetteer().entry(person.entry).properties;
    auto it = props.find("country");
    if (it != props.end()) country = rules_.gazetteer().Find(it->second);
  }
  if (country >= 0) leader_country_[person.entry] = country;
  return country;
}

// Whether `e` is the gazetteer entity `keeper` or a part of it ("Bureau of
// Industry and Security" of "U.S. Commerce Department").
bool ArticleState::IsKeeperOrPart(const Entity& e, int keeper) const {
  const std::string& name = rules_.gazetteer().entry(keeper).name;
  if (e.name == name) return true;
  auto part_of = e.properties.find("part_of");
  return part_of != e.properties.end() && part_of->second == name;
}

bool ArticleState::IsKeeperOrPart(int key, int keeper) {
  return IsKeeperOrPart(facts_.entities[EntityIndex(key)], keeper);
}

// Whether the article has named the keeper or a part of it ("the Commerce
// Department's Bureau of Industry and Security").
bool ArticleState::KeeperNamed(int keeper) {
  // Each entity once per keeper, in the order first mentioned (an article
  // may be huge).
  auto& [scanned, named] = keeper_named_[keeper];
  for (; !named && scanned < mentioned_.size(); ++scanned)
    named = IsKeeperOrPart(facts_.entities[mentioned_[scanned]], keeper);
  return named;
}

int ArticleState::EntityIndex(int key) {
  auto it = entity_of_key_.find(key);
  if (it != entity_of_key_.end()) return it->second;
  const Gazetteer& gaz = rules_.gazetteer();
  Entity e;
  if (key >= kMemoryKeyBase) {
    const LearnedEntity& l = memory_->entry(key - kMemoryKeyBase);
    e.name = l.name;
    e.labels = l.labels;
  } else if (key < static_cast<int>(gaz.size())) {
    const GazetteerEntry& g = gaz.entry(key);
    e.name = g.name;
    e.labels = g.labels;
    e.aliases = g.aliases;
    e.properties = g.properties;
  } else {
    const Discovered& d = discovered_[key - gaz.size()];
    e.name = d.name;
    e.labels = d.labels;
  }
  int index = static_cast<int>(facts_.entities.size());
  facts_.entities.push_back(std::move(e));
  entity_of_key_.emplace(key, index);
  return index;
}

void ArticleState::Emit(const RelationRule& rule, const std::string& predicate, int subject_key, int object_key,
                        const Span& sentence, bool hedged, bool coref) {
  if (subject_key == object_key) return;
  int subject_index = EntityIndex(subject_key), object_index = EntityIndex(object_key);
  std::string subject = facts_.entities[subject_index].name;  // copies: entities may grow
  std::string object = facts_.entities[object_index].name;
  if (!seen_.emplace(subject, predicate, object, sentence.start).second) return;
  Relation r;
  r.subject = subject;
  r.predicate = predicate;
  r.object = object;
  r.hedged = hedged;
  r.confidence = rule.confidence * (hedged ? rules_.hedge_factor() : 1.0) * (coref ? kCorefFactor : 1.0);
  Mention span = OriginalSpan(sentence.start, sentence.end);
  r.sentence = std::move(span.text);
  r.start = span.start;
  r.end = span.end;
  r.rule = coref ? rule.id + "+coref" : rule.id;
  const std::string& role = rules_.RoleOf(predicate);
  if (!role.empty()) AddLabel(&facts_.entities[subject_index].labels, role);
  facts_.relations.push_back(std::move(r));
}

// Parses "3,4" (an entity tag's ids) or "bk" (a demonym tag's letters).
std::vector<int> ParseKeys(re2::StringPiece ids) {
  if (!ids.empty() && ids[0] >= 'a' && ids[0] <= 'z') return {DemonymId(ids.data(), ids.size())};
  std::vector<int> keys;
  int v = 0;
  bool any = false;
  for (char c : std::string_view(ids.data(), ids.size())) {
    if (c == ',') { if (any) keys.push_back(v); v = 0; any = false; }
    else { v = v * 10 + (c - '0'); any = true; }
  }
  if (any) keys.push_back(v);
  return keys;
}

// The index of the last member of a list of names each followed by a
// description and a semicolon ("A, the company's vice president; B, head of
// its unit; and C, ..."), starting at mentions[first], and *keys its members'
// keys; `first` (and *keys untouched) when there is none of three or more
// distinct members. Members share the first one's kind.
size_t ArticleState::AppositiveListEnd(const std::vector<TaggedMention>& mentions, size_t first,
                                       std::vector<int>* keys) {
  const std::string& norm = norm_.text();
  constexpr size_t kMaxDescription = 100;
  size_t last = first;
  std::vector<int> members = {mentions[first].key};
  const auto& kind = facts_.entities[EntityIndex(mentions[first].key)].labels;
  for (size_t k = first + 1; k < mentions.size(); ++k) {
    if (mentions[k].coref || mentions[k].demonym) continue;
    size_t from = mentions[last].end, to = mentions[k].start;
    if (norm.compare(from, 2, ", ") != 0 || to - from > kMaxDescription + 6) break;
    std::string_view gap(norm.data() + from, to - from);
    size_t semi = gap.find("; ");
    if (semi == std::string_view::npos) continue;  // a name inside the description
    if (semi > kMaxDescription || gap.find_first_of(".") < semi) break;
    std::string_view rest = gap.substr(semi + 2);
    if (!rest.empty() && rest != "and ") break;
    if (!ShareKind(kind, facts_.entities[EntityIndex(mentions[k].key)].labels)) break;
    last = k;
    if (std::find(members.begin(), members.end(), mentions[k].key) == members.end()) members.push_back(mentions[k].key);
  }
  if (members.size() < 3) return first;
  *keys = std::move(members);
  return last;
}

bool ArticleState::FollowedByTitle(const std::string& text, size_t end) const {
  if (end >= text.size() || text[end] != ' ') return false;
  size_t b = end + 1, e = b;
  while (e < text.size() && ((text[e] >= 'a' && text[e] <= 'z') || (text[e] >= 'A' && text[e] <= 'Z') || text[e] == '-'))
    ++e;
  return e > b && rules_.name_words().IsTitle(std::string_view(text).substr(b, e - b));
}

void ArticleState::Relate(const Span& sentence, const std::vector<TaggedMention>& mentions) {
  const std::string& norm = norm_.text();
  // Build the tagged sentence, joining "A and B", "A, B and C" into one tag
  // when the entities are of one kind. Per thread, so that the buffers keep
  // their capacity from sentence to sentence.
  thread_local std::string tagged;
  thread_local std::vector<int> keys;
  thread_local std::vector<std::pair<size_t, size_t>> coref_tags;  // in `tagged`
  tagged.clear();
  coref_tags.clear();
  size_t pos = sentence.start;
  int tags = 0;
  for (size_t i = 0; i < mentions.size(); ++tags) {
    tagged.append(norm, pos, mentions[i].start - pos);
    // "by the Commerce Department": the article says nothing a rule needs,
    // so rules can write "by {S}".
    if (tagged.size() >= 4 && (tagged.compare(tagged.size() - 4, 4, "the ") == 0 ||
                               tagged.compare(tagged.size() - 4, 4, "The ") == 0) &&
        (tagged.size() == 4 || tagged[tagged.size() - 5] == ' ' || tagged[tagged.size() - 5] == '"'))
      tagged.resize(tagged.size() - 4);
    if (mentions[i].coref) {
      size_t at = tagged.size();
      if (mentions[i].key == kListKey) {
        std::vector<std::string> list_labels;
        for (int k : last_list_)
          for (const std::string& l : facts_.entities[EntityIndex(k)].labels) AddLabel(&list_labels, l);
        AppendEntityTag(last_list_, list_labels, &tagged);
      } else {
        AppendEntityTag({mentions[i].key}, facts_.entities[EntityIndex(mentions[i].key)].labels, &tagged);
      }
      coref_tags.emplace_back(at, tagged.size());
      pos = mentions[i].end;
      ++i;
      continue;
    }
    if (mentions[i].demonym) {
      tagged += DemonymTag(mentions[i].key);
      pos = mentions[i].end;
      ++i;
      continue;
    }
    keys.assign(1, mentions[i].key);
    // Tag made an entity of each mention that is not a demonym, so these
    // EntityIndex calls only look up: facts_.entities does not grow and the
    // labels stay where they are. A coordinated run's labels are the union.
    const std::vector<std::string>* labels = &facts_.entities[EntityIndex(mentions[i].key)].labels;
    std::vector<std::string> joined_labels;
    size_t j = i + 1;
    // "A, the company's vice president; B, head of its unit; and C, its
    // chief counsel": names each with a description, split by semicolons,
    // are one list (of three or more, so that "Acme, the largest; Beta
    // fell" is not one). The descriptions are dropped with the separators.
    size_t appositive_end = AppositiveListEnd(mentions, i, &keys);
    if (appositive_end > i) j = appositive_end + 1;
    while (appositive_end == i && j < mentions.size() && !mentions[j].demonym && !mentions[j].coref) {
      std::string_view gap(norm.data() + mentions[j - 1].end, mentions[j].start - mentions[j - 1].end);
      // "Huawei Technologies Co. and ZTE Corp.": an abbreviation's dot
      // before the separator; "A; B; and C".
      if (!gap.empty() && gap[0] == '.') gap.remove_prefix(1);
      // "Sugon, the Wuxi Institute of Computing, Higon": an article before
      // a member inside a list (not "China, the Commerce Department said").
      if (gap.size() > 4 && gap.compare(gap.size() - 4, 4, "the ") == 0) {
        bool inside = keys.size() > 1 || norm.compare(mentions[j].end, 2, ", ") == 0 ||
                      norm.compare(mentions[j].end, 5, " and ") == 0;
        if (!inside) break;
        gap.remove_suffix(4);
      }
      if (gap != ", " && gap != " and " && gap != ", and " && gap != " & " && gap != "; " && gap != "; and " &&
          gap != " as well as " && gap != ", as well as ")
        break;
      // "Thrive and Khosla, as well as OpenAI's backer Microsoft": a name
      // before a possessive qualifies what follows; it is no member ("Amazon
      // and Google's clouds" are both).
      if (gap.find("as well as") != std::string_view::npos &&
          (norm.compare(mentions[j].end, 3, "'s ") == 0 || norm.compare(mentions[j].end, 2, "' ") == 0))
        break;
      // "A, B and C, Acme said": the last name before "said" is the speaker.
      if (gap == ", " && (norm.compare(mentions[j].end, 6, " said ") == 0 ||
                          norm.compare(mentions[j].end, 6, " says ") == 0))
        break;
      // "Nvidia, Microsoft and Amazon.com founder Jeff Bezos": a name that
      // qualifies a job title is not a member of the list.
      if (FollowedByTitle(norm, mentions[j].end)) break;
      const auto& next_labels = facts_.entities[EntityIndex(mentions[j].key)].labels;
      if (!ShareKind(*labels, next_labels)) break;
      if (std::find(keys.begin(), keys.end(), mentions[j].key) == keys.end()) keys.push_back(mentions[j].key);
      if (labels != &joined_labels) {
        joined_labels = *labels;
        labels = &joined_labels;
      }
      for (const std::string& l : next_labels) AddLabel(&joined_labels, l);
      ++j;
    }
    // "added two chip startups -- A and B -- to": the list stands in its
    // introducing phrase's place, and its closing dash goes with it.
    bool introduced = false;
    if (keys.size() > 1) {
      std::string_view kept;
      size_t intro = rules_.ListIntroAt(tagged, &kept);
      if (intro < tagged.size() && (coref_tags.empty() || coref_tags.back().second <= intro)) {
        introduced = tagged.back() == ' ' && tagged.compare(tagged.size() - 2, 2, ": ") != 0;
        std::string said(kept);  // "listed": what the phrase says of the list
        tagged.resize(intro);
        if (!said.empty()) tagged += said + " ";
      }
    }
    AppendEntityTag(keys, *labels, &tagged);
    if (keys.size() > 1 && IsOrganisation(*labels)) last_list_ = keys;
    pos = mentions[j - 1].end;
    // "Acme Robotics Inc. acquired": the abbreviation's dot belongs to the
    // name, not to the sentence the rules read.
    if (pos + 1 < sentence.end && norm[pos] == '.' && norm[pos + 1] == ' ') {
      size_t word = norm.find_last_of(' ', pos - 1);
      word = word == std::string::npos || word < mentions[j - 1].start ? mentions[j - 1].start : word + 1;
      if (rules_.name_words().IsLegalForm(std::string_view(norm).substr(word, pos - word))) ++pos;
    }
    if (introduced) {
      if (norm.compare(pos, 4, " -- ") == 0) pos += 3;
      else if (norm.compare(pos, 3, " - ") == 0) pos += 2;
    }
    i = j;
  }
  tagged.append(norm, pos, sentence.end - pos);

  thread_local std::vector<int> candidates;
  rules_.RelationRulesMatching(tagged, tags, &candidates);
  if (trace_) {
    // The sentence as written, then as the rules see it (tags for names).
    *trace_ += "text: " + OriginalSpan(sentence.start, sentence.end).text + "\n";
    *trace_ += "sentence: " + tagged + "\n";
  }
  if (candidates.empty()) return;
  std::string_view sentence_text(norm.data() + sentence.start, sentence.end - sentence.start);
  // A question asserts nothing: "Should Britain ban TikTok?" (the trace
  // says so when a rule matched it).
  size_t last = sentence_text.find_last_not_of(" \"')");
  if (last != std::string_view::npos && sentence_text[last] == '?') {
    if (trace_ && std::any_of(candidates.begin(), candidates.end(), [&](int index) {
          return RE2::PartialMatch(tagged, *rules_.relation_rules()[index].re);
        }))
      *trace_ += "  (a question: no relations)\n";
    return;
  }
  // Clauses joined by "; ", ", but", ", while", ", and": a hedge in one
  // does not hedge a relation stated in another ("Acme bought Beta, and
  // reportedly plans more deals"). Split when a match first needs them:
  // most sentences with candidates have no match.
  thread_local Clauses split_clauses;  // in `tagged`
  bool split = false;
  auto sentence_clauses = [&]() -> const Clauses& {
    if (!split) {
      SplitClauses(tagged, &split_clauses);
      split = true;
    }
    return split_clauses;
  };
  for (int index : candidates) {
    const RelationRule& rule = rules_.relation_rules()[index];
    // The predicate this rule states: of several, the one the article gave
    // an agent last (none yet: no relation).
    const std::string* predicate_of_rule = &rule.predicate;
    if (!rule.predicate_choices.empty()) {
      size_t latest = 0;
      for (const std::string& p : rule.predicate_choices) {
        auto it = agent_order_.find(p);
        if (it != agent_order_.end() && it->second > latest) {
          latest = it->second;
          predicate_of_rule = &p;
        }
      }
      if (latest == 0) continue;
    }
    const std::string& predicate = *predicate_of_rule;
    int ngroups = rule.re->NumberOfCapturingGroups();
    std::vector<re2::StringPiece> groups(ngroups + 1);
    size_t at = 0;
    while (at <= tagged.size() &&
           rule.re->Match(tagged, at, tagged.size(), RE2::UNANCHORED, groups.data(), ngroups + 1)) {
      at = groups[0].data() - tagged.data() + std::max<size_t>(groups[0].size(), 1);
      auto members = [&](int group, const std::vector<std::string>& want) {
        std::vector<int> keys = ParseKeys(groups[group]);
        if (want.empty()) return keys;
        std::vector<int> kept;
        for (int k : keys) {
          const auto& have = facts_.entities[EntityIndex(k)].labels;
          for (const std::string& w : want)
            if (std::find(have.begin(), have.end(), w) != have.end()) { kept.push_back(k); break; }
        }
        return kept;
      };
      // An implicit side is the article's latest agent (subject) or target
      // (object) of the predicate; an agent rule records one of them.
      auto implicit = [&](const std::map<std::string, int>& latest) {
        auto it = latest.find(predicate);
        return it == latest.end() ? std::vector<int>() : std::vector<int>{it->second};
      };
      std::vector<int> subjects, objects;
      if (rule.implicit_subject) {
        // The keeper of the list the sentence names ("Huawei was put on the
        // Entity List") when the article names the keeper (its list, not
        // the agent's: "OFAC banned investments in A and B. All were
        // already on the Commerce Department's entity list"); else the
        // article's agent of the predicate; else the keeper anyway; else
        // the agency named last where agencies do this.
        int keeper = rules_.KeeperIn(predicate, tagged);
        subjects = implicit(agent_);
        if (keeper >= 0 && (subjects.empty() || !IsKeeperOrPart(subjects.front(), keeper)) && KeeperNamed(keeper))
          subjects.assign(1, keeper);
        if (subjects.empty()) {
          if (keeper >= 0) subjects.push_back(keeper);
          else if (last_agency_ >= 0 && rules_.AgencyActs(predicate)) subjects.push_back(last_agency_);
        }
      }
      else if (rule.subject_group) subjects = members(rule.subject_group, rule.subject_labels);
      if (rule.implicit_object) objects = implicit(target_);
      else if (rule.object_group) objects = members(rule.object_group, rule.object_labels);
      if (rule.kind == RelationRule::Kind::kAgent) {
        if (trace_ && !subjects.empty())
          *trace_ += "  " + rule.id + ": agent of " + predicate + ": " +
                     facts_.entities[EntityIndex(subjects.front())].name + "\n";
        if (!subjects.empty()) SetAgent(predicate, subjects.front());
        if (!objects.empty()) target_[predicate] = objects.front();
        continue;
      }
      if (subjects.empty()) continue;
      if (rule.kind == RelationRule::Kind::kRole) {
        for (int s : subjects) AddLabel(&facts_.entities[EntityIndex(s)].labels, rule.predicate);
        continue;
      }
      // Negation cues count only between subject and object ("did not",
      // "denied providing"), outside its asides, not elsewhere in the
      // sentence; "former" right
      // before the match ends what it states ("former Acme CTO Dana Quill").
      std::string_view between(groups[0].data(), groups[0].size());
      size_t match_at = groups[0].data() - tagged.data();
      bool former = match_at >= 7 && (tagged.compare(match_at - 7, 7, "former ") == 0 ||
                                      tagged.compare(match_at - 7, 7, "Former ") == 0);
      // An implicit side has no place in the sentence: the cue may stand
      // anywhere in the clause before the match ("The department is
      // considering adding Acme to the Entity List").
      std::string_view negation_scope = between;
      if (rule.implicit_subject || rule.implicit_object) {
        size_t clause_begin = FirstClauseEndingAfter(sentence_clauses(), match_at)->first;
        negation_scope = std::string_view(tagged).substr(clause_begin, match_at + groups[0].size() - clause_begin);
      }
      if (former || (!rule.affirms && rules_.IsNegated(WithoutAsides(negation_scope), predicate))) {
        if (trace_) *trace_ += "  " + rule.id + ": negated: " + std::string(between) + "\n";
        continue;
      }
      // The relation's own span: from its first to its last side (a rule's
      // match may run a character past them, into the next clause).
      size_t match_begin = groups[0].data() - tagged.data(), match_end = match_begin + groups[0].size();
      if (rule.subject_group && rule.object_group) {
        const re2::StringPiece& s = groups[rule.subject_group];
        const re2::StringPiece& o = groups[rule.object_group];
        match_begin = std::min(s.data(), o.data()) - tagged.data();
        match_end = std::max(s.data() + s.size(), o.data() + o.size()) - tagged.data();
      }
      // A side's group holds its tag's ids: what follows starts after "}}".
      size_t after = match_end;
      if (after < tagged.size() && tagged[after] == '|') after = std::min(tagged.size(), tagged.find("}}", after) + 2);
      if (!rule.affirms && rules_.IsNegatedAfter(std::string_view(tagged).substr(after), predicate)) {
        if (trace_) *trace_ += "  " + rule.id + ": negated after: " + std::string(between) + "\n";
        continue;
      }
      bool hedged = false;
      // The clauses the match overlaps (found by binary search: a sentence
      // may hold a great many clauses).
      const Clauses& clauses = sentence_clauses();
      for (auto c = FirstClauseEndingAfter(clauses, match_begin); c != clauses.end() && c->first < match_end; ++c)
        if (rules_.IsHedged(std::string_view(tagged).substr(c->first, c->second - c->first))) hedged = true;
      if (trace_) *trace_ += "  " + rule.id + ": " + std::string(between) + (hedged ? " (hedged)" : "") + "\n";
      if (objects.empty()) continue;
      bool pair = rule.subject_group == rule.object_group;  // {P}: each pair once, in order
      // A side named by "the company" or "its" is a weaker statement.
      auto by_coref = [&](int group) {
        if (!group) return false;
        size_t at = groups[group].data() - tagged.data();
        for (const auto& [b, e] : coref_tags)
          if (b <= at && at < e) return true;
        return false;
      };
      bool coref = by_coref(rule.subject_group) || by_coref(rule.object_group);
      for (size_t i = 0; i < subjects.size(); ++i)
        for (size_t j = pair ? i + 1 : 0; j < objects.size(); ++j)
          Emit(rule, predicate, subjects[i], objects[j], sentence, hedged, coref);
      if (!rule.implicit_subject) SetAgent(predicate, subjects.front());
      if (!rule.implicit_object) target_[predicate] = objects.front();
    }
  }
}

// Entities of context labels only (%context: places, groups) that no
// relation uses leave the facts: "a startup in New York" makes no node.
void ArticleState::DropUnusedContext() {
  const NameWords& words = rules_.name_words();
  std::unordered_set<std::string_view> used;
  for (const Relation& r : facts_.relations) {
    used.insert(r.subject);
    used.insert(r.object);
  }
  auto unused_context = [&](const Entity& e) {
    if (e.labels.empty() || used.count(e.name)) return false;
    for (const std::string& l : e.labels)
      if (!words.IsContextLabel(l)) return false;
    return true;
  };
  facts_.entities.erase(std::remove_if(facts_.entities.begin(), facts_.entities.end(), unused_context),
                        facts_.entities.end());
}

ArticleFacts ArticleState::Run() {
  facts_.id = article_.id;
  facts_.title = article_.title;
  facts_.date = article_.date;
  facts_.source = article_.source;
  facts_.text = article_.text;
  facts_.content_hash = article_.content_hash.empty() ? ContentHash(article_.text) : article_.content_hash;
  std::vector<Span> sentences = SplitSentences(norm_.text());
  // Discovery, over the whole article before any tagging, so a name found
  // in its fifth sentence is also tagged in its first.
  if (!rules_.entity_rules().empty() || !rules_.name_words().empty()) {
    if (sentence_names_.size() < sentences.size()) sentence_names_.resize(sentences.size());
    sentence_count_ = sentences.size();
    for (size_t i = 0; i < sentences.size(); ++i) {
      DiscoverByRules(sentences[i]);
      DiscoverByShape(i, sentences[i]);
    }
    FindPersonWords();
    for (size_t i = 0; i < sentences.size(); ++i) {
      DiscoverByLists(sentences[i], sentence_names_[i]);
      DiscoverSharedSurnames(sentences[i], sentence_names_[i]);
    }
    SurnamesArePeople();
    LinkAliases(sentences);
    for (const std::string& name : honorific_names_) {
      std::vector<Token> t;
      Tokenize(name, &t);
      NameMatch alias;
      bool aliased = !t.empty() && discovered_index_.LongestAt(name, t, 0, &alias) && alias.last + 1 == t.size();
      if (KnownKey(name) < 0 && !aliased) AddDiscovered(name, {"Person"}, "honorific");
    }
  }
  std::vector<TaggedMention> mentions;
  thread_local std::vector<Token> tokens;
  for (size_t i = 0; i < sentences.size(); ++i) {
    const Span& s = sentences[i];
    // Discovery tokenised each sentence already.
    if (sentence_count_ == 0) Tokenize(std::string_view(norm_.text()).substr(s.start, s.end - s.start), &tokens);
    if (sentence_count_ == 0) Tag(s, tokens, nullptr, &mentions);
    else Tag(s, sentence_names_[i].tokens, &sentence_names_[i].chunks, &mentions);
    if (!mentions.empty()) Relate(s, mentions);
  }
  // PART_OF from the gazetteer, only where the mention itself names the
  // parent: "U.S. Commerce Department" states it, "Commerce Department" not.
  const Gazetteer& gaz = rules_.gazetteer();
  size_t n = facts_.entities.size();
  for (size_t i = 0; i < n; ++i) {
    auto part_of = facts_.entities[i].properties.find("part_of");
    if (part_of == facts_.entities[i].properties.end()) continue;
    int parent = gaz.Find(part_of->second);
    if (parent < 0) continue;
    // The mention states the parent when the parent's name or an alias is a
    // run of whole tokens inside it ("U.S." in "U.S. Commerce Department").
    const GazetteerEntry& p = gaz.entry(parent);
    std::vector<std::string> parent_keys = {NameKey(p.name)};
    for (const std::string& a : p.aliases) parent_keys.push_back(NameKey(a));
    const Mention* stating = nullptr;
    for (const Mention& m : facts_.entities[i].mentions) {
      std::string key = " " + NameKey(NormalizedText(m.text).text()) + " ";
      for (const std::string& pk : parent_keys)
        if (!pk.empty() && key != " " + pk + " " && key.find(" " + pk + " ") != std::string::npos) stating = &m;
      if (stating) break;
    }
    if (!stating) continue;
    Mention where = *stating;  // copy: EntityIndex below may grow entities
    Relation r;
    r.object = facts_.entities[EntityIndex(parent)].name;
    r.subject = facts_.entities[i].name;
    r.predicate = "PART_OF";
    r.confidence = 0.9;
    r.rule = "gazetteer.part_of";
    for (const Span& s : sentences) {
      Mention span = OriginalSpan(s.start, s.end);
      if (span.start <= where.start && where.end <= span.end) {
        r.sentence = span.text;
        r.start = span.start;
        r.end = span.end;
        break;
      }
    }
    facts_.relations.push_back(std::move(r));
  }
  DropUnusedContext();
  return std::move(facts_);
}

}  // namespace

ArticleFacts Extractor::Extract(const Article& article, std::string* trace, const EntityMemory* memory) const {
  return Extract(article, Options{trace, memory, nullptr});
}

ArticleFacts Extractor::Extract(const Article& article, const Options& options) const {
  return ArticleState(*rules_, article, options).Run();
}

}  // namespace newsgraph
