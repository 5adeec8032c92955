#include "extract/rules.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "base/file.h"
#include "extract/tags.h"

#ifndef NEWSGRAPH_RULES_DIR
#define NEWSGRAPH_RULES_DIR "extract/rules"
#endif

namespace newsgraph {

namespace {

// Splits off the first whitespace-delimited field of `line`.
std::string_view NextField(std::string_view* line) {
  size_t b = line->find_first_not_of(" \t");
  if (b == std::string_view::npos) { *line = {}; return {}; }
  size_t e = line->find_first_of(" \t", b);
  if (e == std::string_view::npos) e = line->size();
  std::string_view field = line->substr(b, e - b);
  line->remove_prefix(e);
  size_t rest = line->find_first_not_of(" \t");
  *line = rest == std::string_view::npos ? std::string_view() : line->substr(rest);
  return field;
}

std::vector<std::string> SplitLabels(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The ids of rules[i] for each i in `which`.
template <typename Rule>
std::vector<std::string> IdsOf(const std::vector<Rule>& rules, const std::vector<int>& which) {
  std::vector<std::string> ids;
  for (int r : which) ids.push_back(rules[r].id);
  return ids;
}

RE2::Options RuleOptions(bool case_sensitive) {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_case_sensitive(case_sensitive);
  o.set_max_mem(64 << 20);
  return o;
}

// Calls fn(line_no, line) for each line that is not blank or a comment.
template <typename Fn>
void ForEachRuleLine(std::string_view text, Fn fn) {
  size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t b = line.find_first_not_of(" \t");
    if (b == std::string_view::npos || line[b] == '#') continue;
    fn(line_no, line.substr(b));
  }
}

// Whether an entity rule's capture can be empty somewhere: such a rule names
// nothing and, matching without consuming, would never advance. RE2 has no
// public "can match empty" query, so the pattern is tried on short texts that
// cover the contexts (\b, ^, $, letters, digits, space, punctuation) an empty
// match needs.
bool CanCaptureEmpty(const RE2& re) {
  static const char* const kProbes[] = {"", " ", "a", "A", "1", ".", "a b", "A B.", " Ab ", "ab. Cd", "A-b, c"};
  for (const char* probe : kProbes) {
    re2::StringPiece input(probe);
    re2::StringPiece capture;
    while (RE2::FindAndConsume(&input, re, &capture)) {
      if (capture.empty()) return true;
      if (input.empty()) break;
    }
  }
  return false;
}

// Translates a relation pattern's placeholders into RE2 syntax, filling in
// the rule's capture groups and label constraints; each "..." becomes
// GapPattern (tags.h). Returns "" and sets *error on a malformed
// placeholder.
std::string TranslateRelationPattern(std::string_view pattern, RelationRule* rule, std::string* error) {
  std::string out;
  int groups = 0;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern.compare(i, 3, "...") == 0) {
      // Swallow the spaces around "...": the gap says where they may be.
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += GapPattern();
      i += 3;
      while (i < pattern.size() && pattern[i] == ' ') ++i;
      continue;
    }
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += pattern.substr(i, 2);
      i += 2;
      continue;
    }
    if (c == '(' && i + 1 < pattern.size() && pattern[i + 1] != '?') ++groups;  // a user group
    if (c == '{' && i + 2 < pattern.size() && (pattern[i + 1] == 'S' || pattern[i + 1] == 'O' || pattern[i + 1] == 'X' || pattern[i + 1] == 'P') &&
        (pattern[i + 2] == '}' || pattern[i + 2] == ':' || pattern[i + 2] == '=')) {
      size_t close = pattern.find('}', i);
      if (close == std::string_view::npos) { *error = "unclosed placeholder"; return ""; }
      std::string_view body = pattern.substr(i + 1, close - i - 1);
      char role = body[0];
      i = close + 1;
      if (body.size() > 1 && body[1] == '=') {
        bool subject = role == 'S' && body.substr(2) == "agent", object = role == 'O' && body.substr(2) == "target";
        if (!subject && !object) {
          *error = "unknown placeholder {" + std::string(body) +
                   "}: only {S=agent} and {O=target} name an implicit subject or object";
          return "";
        }
        if (subject && (rule->implicit_subject || rule->subject_group)) { *error = "two subjects"; return ""; }
        if (object && (rule->implicit_object || rule->object_group)) { *error = "two objects"; return ""; }
        (subject ? rule->implicit_subject : rule->implicit_object) = true;
        while (i < pattern.size() && pattern[i] == ' ') ++i;
        continue;
      }
      std::vector<std::string> labels;
      if (body.size() > 1) labels = SplitLabels(body.substr(2), '|');
      bool demonym = labels.size() == 1 && labels[0] == "Demonym";
      if (role == 'X') {
        out += demonym ? DemonymTagPattern(false) : EntityTagPattern(labels, false);
        continue;
      }
      if (role == 'P') {  // a coordinated pair: subject and object from one tag
        if (rule->subject_group || rule->object_group) { *error = "{P} cannot be combined with {S} or {O}"; return ""; }
        rule->subject_group = rule->object_group = ++groups;
        rule->subject_labels = rule->object_labels = labels;
        out += EntityTagPattern(labels, true);
        continue;
      }
      int& group = role == 'S' ? rule->subject_group : rule->object_group;
      if (group || (role == 'S' && rule->implicit_subject) || (role == 'O' && rule->implicit_object) || (rule->subject_group && rule->subject_group == rule->object_group)) {
        *error = std::string("placeholder {") + role + "} appears twice";
        return "";
      }
      group = ++groups;
      (role == 'S' ? rule->subject_demonym : rule->object_demonym) = demonym;
      if (!demonym) (role == 'S' ? rule->subject_labels : rule->object_labels) = labels;
      out += demonym ? DemonymTagPattern(true) : EntityTagPattern(labels, true);
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

// A pattern after %define expansion may not grow past this: nested
// defines that each use the one before twice would double it a line.
constexpr size_t kMaxExpandedPattern = 64 << 10;

// Replaces each ${NAME} defined so far by its pattern; false when the
// result would exceed kMaxExpandedPattern bytes.
bool ExpandDefines(std::string_view pattern, const std::vector<std::pair<std::string, std::string>>& defines,
                   std::string* out) {
  out->assign(pattern);
  for (const auto& [name, value] : defines) {
    // Search on after each inserted value: a value may itself contain the
    // name ("%define X ${X}" before X exists), and must not be expanded again.
    for (size_t at = out->find(name); at != std::string::npos; at = out->find(name, at + value.size())) {
      if (out->size() - name.size() + value.size() > kMaxExpandedPattern) return false;
      out->replace(at, name.size(), value);
    }
  }
  return true;
}

}  // namespace

RuleSet::RuleSet() = default;
RuleSet::~RuleSet() = default;

std::string DefaultRulesDir() {
  const char* env = std::getenv("NEWSGRAPH_RULES");
  return env && *env ? env : NEWSGRAPH_RULES_DIR;
}

Result<std::shared_ptr<const RuleSet>> RuleSet::Load(const std::string& dir) {
  std::string gaz, ent, rel;
  for (auto [file, text] : {std::pair{"/gazetteer.tsv", &gaz}, std::pair{"/entities.rules", &ent},
                            std::pair{"/relations.rules", &rel}})
    NG_RETURN_IF_ERROR(ReadWholeFile(dir + file, kMaxRuleFileBytes, "rule file", text));
  // DIR/lists/*.tsv and *.rules in file-name order; no lists/ folder is no lists.
  std::vector<std::string> paths;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir + "/lists", ec), end; !ec && it != end; it.increment(ec)) {
    std::string ext = it->path().extension().string();
    if ((ext == ".tsv" || ext == ".rules") && it->is_regular_file(ec)) paths.push_back(it->path().filename().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<NamedText> lists;
  for (const std::string& name : paths) {
    lists.push_back({dir + "/lists/" + name, {}});
    NG_RETURN_IF_ERROR(ReadWholeFile(lists.back().name, kMaxRuleFileBytes, "rule file", &lists.back().text));
  }
  return FromText(gaz, ent, rel, dir, lists);
}

Result<std::shared_ptr<const RuleSet>> RuleSet::FromText(std::string_view gazetteer,
                                                         std::string_view entity_rules,
                                                         std::string_view relation_rules,
                                                         const std::string& dir,
                                                         const std::vector<NamedText>& lists) {
  std::shared_ptr<RuleSet> rules(new RuleSet());
  std::vector<std::string> errors;
  auto gaz = Gazetteer::Parse(gazetteer, dir + "/gazetteer.tsv");
  if (!gaz.ok()) errors.push_back(gaz.status().message());
  else rules->gazetteer_ = std::move(gaz).value();
  // Name lists after gazetteer.tsv, into the same gazetteer: a name known
  // from an earlier file is skipped there (Gazetteer::AddList).
  // A .rules list holds word-list directives only (%given, %head ...).
  for (const NamedText& list : lists) {
    bool words = list.name.size() >= 6 && list.name.compare(list.name.size() - 6, 6, ".rules") == 0;
    if (!words) {
      Status s = rules->gazetteer_.AddList(list.text, list.name);
      if (!s.ok()) errors.push_back(s.message());
      continue;
    }
    ForEachRuleLine(list.text, [&](size_t line_no, std::string_view line) {
      std::string_view directive = NextField(&line);
      Status s = NameWords::IsDirective(directive)
                     ? rules->name_words_.AddDirective(directive, line)
                     : Status::InvalidArgument("a word list holds only directive lines (%given WORD...), not " +
                                               std::string(directive));
      if (!s.ok()) errors.push_back(list.name + ":" + std::to_string(line_no) + ": " + s.message());
    });
  }

  // --- entities.rules
  const std::string ent_file = dir + "/entities.rules";
  ForEachRuleLine(entity_rules, [&](size_t line_no, std::string_view line) {
    auto fail = [&](const std::string& msg) { errors.push_back(ent_file + ":" + std::to_string(line_no) + ": " + msg); };
    EntityRule r;
    r.id = std::string(NextField(&line));
    if (NameWords::IsDirective(r.id)) {
      Status s = rules->name_words_.AddDirective(r.id, line);
      if (!s.ok()) fail(s.message());
      return;
    }
    std::string_view labels = NextField(&line);
    if (labels.empty() || line.empty()) return fail("expected: ID LABELS PATTERN");
    if (labels.back() == '*') { r.list = true; labels.remove_suffix(1); }
    r.labels = SplitLabels(labels, ',');
    RulePrefilter::Compiled compiled = RulePrefilter::CompilePattern(std::string(line), RuleOptions(true));
    r.re = compiled.re;
    if (!r.re->ok()) return fail("rule " + r.id + ": " + r.re->error());
    if (r.re->NumberOfCapturingGroups() != 1)
      return fail("rule " + r.id + ": pattern needs exactly one capture group (the name), has " +
                  std::to_string(r.re->NumberOfCapturingGroups()));
    if (CanCaptureEmpty(*r.re))
      return fail("rule " + r.id + ": the name can be empty (a capture like (A|) or ([A-Z]*)); require a character");
    rules->entity_prefilter_.Add(compiled);
    rules->entity_rules_.push_back(std::move(r));
  });

  // --- relations.rules
  const std::string rel_file = dir + "/relations.rules";
  std::vector<std::pair<std::string, std::string>> defines;  // "${NAME}" -> pattern
  ForEachRuleLine(relation_rules, [&](size_t line_no, std::string_view line) {
    auto fail = [&](const std::string& msg) { errors.push_back(rel_file + ":" + std::to_string(line_no) + ": " + msg); };
    std::string_view first = NextField(&line);
    if (first == "%define") {
      std::string name(NextField(&line));
      if (name.empty() || line.empty()) return fail("expected: %define NAME PATTERN");
      std::string value;
      if (!ExpandDefines(line, defines, &value))
        return fail("%define " + name + ": expands to more than " + std::to_string(kMaxExpandedPattern) + " bytes");
      defines.emplace_back("${" + name + "}", std::move(value));
      return;
    }
    if (first == "%role") {
      std::string predicate(NextField(&line)), label(NextField(&line));
      if (!IsRelationPredicate(predicate) || label.empty() || !line.empty())
        return fail("expected: %role PREDICATE LABEL");
      rules->roles_.emplace_back(predicate, label);
      return;
    }
    if (first == "%keeper") {
      // %keeper PREDICATE PATTERN => NAME
      std::string predicate(NextField(&line));
      size_t arrow = line.rfind(" => ");
      if (!IsRelationPredicate(predicate) || arrow == std::string_view::npos)
        return fail("expected: %keeper PREDICATE PATTERN => NAME");
      std::string name(line.substr(arrow + 4));
      while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
      int key = rules->gazetteer_.Find(name);
      if (key < 0) return fail("%keeper: '" + name + "' is not in the gazetteer");
      auto re = std::make_unique<RE2>(std::string(line.substr(0, arrow)), RuleOptions(false));
      if (!re->ok()) return fail("%keeper: " + re->error());
      rules->keepers_.push_back(Keeper{predicate, std::move(re), key});
      return;
    }
    if (first == "%affirms") {
      // %affirms ID...: rules above that state an ending ("no longer
      // provides services to"): the negation cues in them are what they say.
      size_t named = 0;
      for (std::string_view id = NextField(&line); !id.empty(); id = NextField(&line), ++named) {
        auto rule = std::find_if(rules->relation_rules_.begin(), rules->relation_rules_.end(),
                                 [&](const RelationRule& r) { return r.id == id; });
        if (rule == rules->relation_rules_.end()) return fail("%affirms: no rule '" + std::string(id) + "' above");
        rule->affirms = true;
      }
      if (named == 0) return fail("expected: %affirms RULE_ID...");
      return;
    }
    if (first == "%listintro") {
      if (line.empty()) return fail("%listintro needs a pattern");
      // Anchored at the end: the phrase ends where the list begins.
      std::string pattern;
      if (!ExpandDefines(line, defines, &pattern))
        return fail("%listintro: expands to more than " + std::to_string(kMaxExpandedPattern) + " bytes");
      auto re = std::make_unique<RE2>("(?:" + pattern + ")$", RuleOptions(false));
      if (!re->ok()) return fail("%listintro: " + re->error());
      rules->list_intro_ = std::move(re);
      return;
    }
    if (first == "%negate_for" || first == "%negate_after") {
      std::string predicate(NextField(&line));
      if (predicate.empty() || line.empty()) return fail(std::string(first) + " needs a predicate and a pattern");
      auto re = std::make_unique<RE2>(std::string(line), RuleOptions(false));
      if (!re->ok()) return fail(std::string(first) + ": " + re->error());
      (first == "%negate_for" ? rules->negate_for_ : rules->negate_after_).emplace_back(std::move(predicate), std::move(re));
      return;
    }
    if (first == "%hedge" || first == "%negate") {
      if (first == "%hedge") {
        std::string factor(NextField(&line));
        char* end = nullptr;
        rules->hedge_factor_ = std::strtod(factor.c_str(), &end);
        if (end == factor.c_str() || *end || rules->hedge_factor_ <= 0 || rules->hedge_factor_ > 1)
          return fail("%hedge needs a factor in (0, 1], got '" + factor + "'");
      }
      auto re = std::make_unique<RE2>(std::string(line), RuleOptions(false));
      if (line.empty()) return fail(std::string(first) + " needs a pattern");
      if (!re->ok()) return fail(std::string(first) + ": " + re->error());
      (first == "%hedge" ? rules->hedge_ : rules->negate_) = std::move(re);
      return;
    }
    RelationRule r;
    r.id = std::string(first);
    std::string_view predicate = NextField(&line);
    std::string confidence(NextField(&line));
    if (predicate.empty() || confidence.empty() || line.empty())
      return fail("expected: ID PREDICATE CONFIDENCE PATTERN");
    if (predicate[0] == '@') { r.kind = RelationRule::Kind::kAgent; predicate.remove_prefix(1); }
    else if (predicate[0] == '+') { r.kind = RelationRule::Kind::kRole; predicate.remove_prefix(1); }
    // "BLACKLISTS|BANS": whichever of these the article last gave an agent.
    if (r.kind == RelationRule::Kind::kEdge && predicate.find('|') != std::string_view::npos)
      r.predicate_choices = SplitLabels(predicate, '|');
    for (const std::string& p : r.predicate_choices)
      if (!IsRelationPredicate(p))
        return fail("rule " + r.id + ": predicate '" + p + "' is not UPPER_SNAKE_CASE (or is MENTIONS, the store's own)");
    r.predicate = r.predicate_choices.empty() ? std::string(predicate) : r.predicate_choices.front();
    if (r.kind != RelationRule::Kind::kRole && !IsRelationPredicate(r.predicate))
      return fail("rule " + r.id + ": predicate '" + r.predicate + "' is not UPPER_SNAKE_CASE (or is MENTIONS, the store's own)");
    char* end = nullptr;
    r.confidence = std::strtod(confidence.c_str(), &end);
    if (end == confidence.c_str() || *end || r.confidence <= 0 || r.confidence > 1)
      return fail("rule " + r.id + ": confidence must be a number in (0, 1], got '" + confidence + "'");
    std::string error;
    std::string expanded;
    if (!ExpandDefines(line, defines, &expanded))
      return fail("rule " + r.id + ": expands to more than " + std::to_string(kMaxExpandedPattern) + " bytes");
    if (expanded.find("${") != std::string::npos)
      return fail("rule " + r.id + ": unknown ${NAME} (define it with %define NAME PATTERN above the rule)");
    std::string translated = TranslateRelationPattern(expanded, &r, &error);
    if (!error.empty()) return fail("rule " + r.id + ": " + error);
    bool has_subject = r.subject_group || r.implicit_subject, has_object = r.object_group || r.implicit_object;
    if (r.kind == RelationRule::Kind::kEdge) {
      if (!has_subject) return fail("rule " + r.id + ": pattern has no subject placeholder {S}");
      if (!has_object) return fail("rule " + r.id + ": pattern has no object placeholder {O}");
      if (r.implicit_subject && r.implicit_object) return fail("rule " + r.id + ": {S=agent} and {O=target} together");
    } else if (r.implicit_subject || r.implicit_object || (r.subject_group != 0) == (r.object_group != 0) ||
               (r.kind == RelationRule::Kind::kRole && !r.subject_group)) {
      return fail("rule " + r.id + ": agent rules take one {S} (an agent) or one {O} (a target), role rules one {S}");
    }
    RulePrefilter::Compiled compiled = RulePrefilter::CompilePattern(translated, RuleOptions(false));
    r.re = compiled.re;
    if (!r.re->ok()) return fail("rule " + r.id + ": " + r.re->error());
    if (r.re->NumberOfCapturingGroups() != std::max(r.subject_group, r.object_group))
      return fail("rule " + r.id + ": use (?:...) for groups; only placeholders capture");
    rules->relation_prefilter_.Add(compiled);
    // A {P} rule reads both sides from one coordinated tag ("A and B formed a
    // venture"), so it needs one tag too.
    bool pair = r.subject_group != 0 && r.subject_group == r.object_group;
    rules->single_entity_.push_back(r.kind != RelationRule::Kind::kEdge || r.implicit_subject || r.implicit_object || pair);
    if (r.kind == RelationRule::Kind::kEdge && r.subject_group &&
        (r.subject_labels.empty() ||
         std::find(r.subject_labels.begin(), r.subject_labels.end(), "Agency") != r.subject_labels.end()))
      for (const std::string& p : r.predicate_choices.empty() ? std::vector<std::string>{r.predicate} : r.predicate_choices)
        rules->agency_predicates_.insert(p);
    rules->relation_rules_.push_back(std::move(r));
  });

  rules->entity_prefilter_.Compile();
  rules->relation_prefilter_.Compile();
  if (!errors.empty()) {
    std::string msg;
    for (const std::string& e : errors) msg += (msg.empty() ? "" : "\n") + e;
    return Status::InvalidArgument(msg);
  }
  return std::shared_ptr<const RuleSet>(std::move(rules));
}

void RuleSet::EntityRulesMatching(std::string_view sentence, std::vector<int>* out) const {
  entity_prefilter_.Candidates(sentence, out);
}

std::vector<std::string> RuleSet::EntityRulesWithoutKeywords() const {
  return IdsOf(entity_rules_, entity_prefilter_.unfiltered());
}

std::vector<std::string> RuleSet::RelationRulesWithoutKeywords() const {
  return IdsOf(relation_rules_, relation_prefilter_.unfiltered());
}

void RuleSet::RelationRulesMatching(std::string_view tagged, int tags, std::vector<int>* out) const {
  relation_prefilter_.Candidates(tagged, out);
  if (tags < 2) out->erase(std::remove_if(out->begin(), out->end(), [&](int i) { return !single_entity_[i]; }), out->end());
}

const std::string& RuleSet::RoleOf(const std::string& predicate) const {
  static const std::string kNone;
  for (const auto& [p, label] : roles_)
    if (p == predicate) return label;
  return kNone;
}

bool RuleSet::IsHedged(std::string_view sentence) const {
  return hedge_ && RE2::PartialMatch(sentence, *hedge_);
}

bool RuleSet::IsNegated(std::string_view span, const std::string& predicate) const {
  if (negate_ && RE2::PartialMatch(span, *negate_)) return true;
  for (const auto& [p, cue] : negate_for_)
    if (p == predicate && RE2::PartialMatch(span, *cue)) return true;
  return false;
}

bool RuleSet::IsNegatedAfter(std::string_view after, const std::string& predicate) const {
  for (const auto& [p, cue] : negate_after_)
    if (p == predicate && cue->Match(after, 0, after.size(), RE2::ANCHOR_START, nullptr, 0)) return true;
  return false;
}

int RuleSet::KeeperIn(const std::string& predicate, std::string_view sentence) const {
  for (const Keeper& k : keepers_)
    if (k.predicate == predicate && RE2::PartialMatch(sentence, *k.list)) return k.entity;
  return -1;
}

size_t RuleSet::ListIntroAt(std::string_view before, std::string_view* kept) const {
  re2::StringPiece match[2];
  *kept = {};
  int groups = list_intro_ ? std::min(2, list_intro_->NumberOfCapturingGroups() + 1) : 0;
  if (!list_intro_ || !list_intro_->Match(before, 0, before.size(), RE2::UNANCHORED, match, groups))
    return before.size();
  if (groups > 1 && match[1].data()) *kept = std::string_view(match[1].data(), match[1].size());
  return match[0].data() - before.data();
}

bool IsRelationPredicate(std::string_view s) {
  if (s.empty() || !(s[0] >= 'A' && s[0] <= 'Z') || s == "MENTIONS") return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace newsgraph
