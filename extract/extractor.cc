#include "extract/extractor.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "base/hash.h"
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
// and organisations act together ("the U.S. and the EU imposed sanctions").
bool ShareKind(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  auto political = [](const std::vector<std::string>& labels) {
    for (const char* l : {"Country", "Agency", "Organization"})
      if (std::find(labels.begin(), labels.end(), l) != labels.end()) return true;
    return false;
  };
  if (political(a) && political(b)) return true;
  for (const std::string& x : a)
    if (IsKindLabel(x) && std::find(b.begin(), b.end(), x) != b.end()) return true;
  return false;
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

// Words that a capitalised-name pattern may catch but that are not names.
bool IsStopName(std::string_view name) {
  static const std::set<std::string, std::less<>> kStop = {
      "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "Their", "Our", "His", "Her",
      "He", "She", "They", "We", "I", "You", "In", "On", "At", "But", "And", "Or", "If", "As", "For", "Yet",
      "So", "Now", "Then", "After", "Before", "While", "When", "Last", "Next", "Monday", "Tuesday", "Wednesday",
      "Thursday", "Friday", "Saturday", "Sunday", "Mr", "Mrs", "Ms", "Dr"};
  return kStop.count(name) > 0;
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
  };

  void Discover(const Span& sentence);
  void Tag(const Span& sentence, std::vector<TaggedMention>* mentions);
  void Relate(const Span& sentence, const std::vector<TaggedMention>& mentions);
  int EntityIndex(int key);  // the facts' entity for a key, created on demand
  void Emit(const RelationRule& rule, int subject_key, int object_key, const Span& sentence, bool hedged);
  Mention OriginalSpan(size_t start, size_t end) const;

  const RuleSet& rules_;
  const Article& article_;
  NormalizedText norm_;
  ArticleFacts facts_;
  NameIndex discovered_index_;
  std::vector<Discovered> discovered_;
  std::unordered_map<int, int> entity_of_key_;
  std::map<std::string, int> agent_;  // predicate -> entity key
  std::set<std::tuple<std::string, std::string, std::string, size_t>> seen_;  // s, p, o, sentence start
  std::string* trace_;  // may be null
  const EntityMemory* memory_;  // may be null; outlives this
  std::vector<uint64_t>* probes_;  // may be null
};

Mention ArticleState::OriginalSpan(size_t start, size_t end) const {
  Mention m;
  m.start = norm_.ToOriginal(start);
  m.end = norm_.ToOriginal(end);
  m.text = article_.text.substr(m.start, m.end - m.start);
  return m;
}

void ArticleState::Discover(const Span& sentence) {
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
      if (rule.list) names = SplitList(std::string_view(capture.data(), capture.size()));
      else names.push_back(Trim(std::string_view(capture.data(), capture.size())));
      for (std::string_view name : names) {
        // Capitalised sentence openers are not part of a name: "On Tuesday Mitsubishi".
        while (true) {
          size_t space = name.find(' ');
          if (space == std::string_view::npos || !IsStopName(name.substr(0, space))) break;
          name.remove_prefix(space + 1);
        }
        if (name.empty() || IsStopName(name) || gaz.Find(name) >= 0) continue;
        char c = name[0];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) continue;
        bool known = false;
        for (Discovered& d : discovered_)
          if (d.name == name) {
            for (const std::string& l : rule.labels) AddLabel(&d.labels, l);
            known = true;
          }
        if (known) continue;
        Discovered d{std::string(name), {}};
        for (const std::string& l : rule.labels) AddLabel(&d.labels, l);
        discovered_index_.Add(name, static_cast<int>(gaz.size() + discovered_.size()), false);
        discovered_.push_back(std::move(d));
      }
      if (input.empty()) break;
    }
  }
}

void ArticleState::Tag(const Span& sentence, std::vector<TaggedMention>* mentions) {
  std::string_view text = std::string_view(norm_.text()).substr(sentence.start, sentence.end - sentence.start);
  thread_local std::vector<Token> tokens;
  Tokenize(text, &tokens);
  if (probes_) AppendProbeHashes(text, tokens, probes_);
  mentions->clear();
  for (size_t i = 0; i < tokens.size();) {
    NameMatch best, local;
    bool found = rules_.gazetteer().index().LongestAt(text, tokens, i, &best);
    if (!discovered_.empty() && discovered_index_.LongestAt(text, tokens, i, &local) &&
        (!found || local.last > best.last))
      best = local, found = true;
    // Names from earlier articles: longer wins; on a tie the gazetteer or
    // this article's discovered name.
    if (memory_ && memory_->index().LongestAt(text, tokens, i, &local) && (!found || local.last > best.last))
      best = local, best.entry += kMemoryKeyBase, found = true;
    if (!found) { ++i; continue; }
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
      Entity& e = facts_.entities[EntityIndex(best.entry)];
      e.mentions.push_back(OriginalSpan(m.start, m.end));
    }
    i = best.last + 1;
  }
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

void ArticleState::Emit(const RelationRule& rule, int subject_key, int object_key, const Span& sentence,
                        bool hedged) {
  if (subject_key == object_key) return;
  int subject_index = EntityIndex(subject_key), object_index = EntityIndex(object_key);
  std::string subject = facts_.entities[subject_index].name;  // copies: entities may grow
  std::string object = facts_.entities[object_index].name;
  if (!seen_.emplace(subject, rule.predicate, object, sentence.start).second) return;
  Relation r;
  r.subject = subject;
  r.predicate = rule.predicate;
  r.object = object;
  r.hedged = hedged;
  r.confidence = rule.confidence * (hedged ? rules_.hedge_factor() : 1.0);
  Mention span = OriginalSpan(sentence.start, sentence.end);
  r.sentence = std::move(span.text);
  r.start = span.start;
  r.end = span.end;
  r.rule = rule.id;
  const std::string& role = rules_.RoleOf(rule.predicate);
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

void ArticleState::Relate(const Span& sentence, const std::vector<TaggedMention>& mentions) {
  const std::string& norm = norm_.text();
  // Build the tagged sentence, joining "A and B", "A, B and C" into one tag
  // when the entities are of one kind. Per thread, so that the buffers keep
  // their capacity from sentence to sentence.
  thread_local std::string tagged;
  thread_local std::vector<int> keys;
  tagged.clear();
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
    while (j < mentions.size() && !mentions[j].demonym) {
      std::string_view gap(norm.data() + mentions[j - 1].end, mentions[j].start - mentions[j - 1].end);
      if (gap != ", " && gap != " and " && gap != ", and " && gap != " & ") break;
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
    AppendEntityTag(keys, *labels, &tagged);
    pos = mentions[j - 1].end;
    i = j;
  }
  tagged.append(norm, pos, sentence.end - pos);

  thread_local std::vector<int> candidates;
  rules_.RelationRulesMatching(tagged, tags, &candidates);
  if (trace_) *trace_ += "sentence: " + tagged + "\n";
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
  bool hedged = rules_.IsHedged(sentence_text);
  for (int index : candidates) {
    const RelationRule& rule = rules_.relation_rules()[index];
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
      std::vector<int> subjects;
      if (rule.implicit_subject) {
        auto agent = agent_.find(rule.predicate);
        if (agent == agent_.end()) continue;
        subjects.push_back(agent->second);
      } else {
        subjects = members(rule.subject_group, rule.subject_labels);
      }
      if (subjects.empty()) continue;
      if (rule.kind == RelationRule::Kind::kAgent) {
        agent_[rule.predicate] = subjects.front();
        continue;
      }
      if (rule.kind == RelationRule::Kind::kRole) {
        for (int s : subjects) AddLabel(&facts_.entities[EntityIndex(s)].labels, rule.predicate);
        continue;
      }
      // Negation cues count only between subject and object ("did not",
      // "denied providing"), not elsewhere in the sentence.
      std::string_view between(groups[0].data(), groups[0].size());
      if (rules_.IsNegated(between)) {
        if (trace_) *trace_ += "  " + rule.id + ": negated: " + std::string(between) + "\n";
        continue;
      }
      if (trace_) *trace_ += "  " + rule.id + ": " + std::string(between) + (hedged ? " (hedged)" : "") + "\n";
      std::vector<int> objects = members(rule.object_group, rule.object_labels);
      bool pair = rule.subject_group == rule.object_group;  // {P}: each pair once, in order
      for (size_t i = 0; i < subjects.size(); ++i)
        for (size_t j = pair ? i + 1 : 0; j < objects.size(); ++j) Emit(rule, subjects[i], objects[j], sentence, hedged);
      if (!rule.implicit_subject) agent_[rule.predicate] = subjects.front();
    }
  }
}

ArticleFacts ArticleState::Run() {
  facts_.id = article_.id;
  facts_.title = article_.title;
  facts_.date = article_.date;
  facts_.source = article_.source;
  facts_.text = article_.text;
  facts_.content_hash = article_.content_hash.empty() ? ContentHash(article_.text) : article_.content_hash;
  std::vector<Span> sentences = SplitSentences(norm_.text());
  if (!rules_.entity_rules().empty())
    for (const Span& s : sentences) Discover(s);
  std::vector<TaggedMention> mentions;
  for (const Span& s : sentences) {
    Tag(s, &mentions);
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
