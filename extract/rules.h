// The rule set: everything users edit to change what is extracted, loaded
// from a directory holding three files and a folder:
//
//   gazetteer.tsv    known entities (see gazetteer.h)
//   lists/*.tsv      public name lists in gazetteer.tsv's format (listed
//                    companies, agencies, places...), read in file-name
//                    order after gazetteer.tsv into the same gazetteer; a
//                    name or alias known from an earlier file is skipped
//                    there, so the hand-curated file wins (gazetteer.h).
//                    Optional.
//   entities.rules   patterns that discover organisations not yet listed
//   relations.rules  patterns over entity-tagged sentences, and cue words
//
// entities.rules, one rule a line:   ID  LABELS  PATTERN
//   PATTERN is an RE2 with exactly one capture group, the name. LABELS is
//   comma-separated; a trailing '*' (Company*) says the capture is a list
//   ("X, Y and Z") to split into names. Directive lines %head, %title,
//   %stop and %connective give the words discovery reads names by
//   (names.h).
//
// relations.rules, one rule a line:  ID  PREDICATE  CONFIDENCE  PATTERN
//   PATTERN is an RE2 (case-insensitive) over a sentence in which each
//   entity mention, or coordinated run of them ("Amazon and Google"), is
//   replaced by one tag. Placeholders stand for tags:
//     {S} {O}              subject / object, any entity
//     {S:Company|Agency}   subject with one of these labels (likewise {O:..})
//     {P:Company}          a coordinated pair ("A and B signed a pact"):
//                          one relation from each member to each later one
//     {X:Label}            an entity that is context, not captured
//     {O:Demonym}          a demonym ("Chinese") standing for its country
//     {S=agent}            no subject in the sentence: the article's latest
//                          agent of this predicate (see '@' below)
//     {O=target}           no object in the sentence: the article's latest
//                          target of this predicate ("the round was led by X")
//     ...                  a short gap that crosses no other entity
//   PREDICATE is UPPER_SNAKE_CASE, or a '|'-list of them: the one the
//   article gave an agent last ("the list also includes X"); "@BLACKLISTS" records {S} as the agent of
//   BLACKLISTS without an edge ("@INVESTS_IN" with {O} records a target);
//   "+Investor" adds a role label to {S}. Explicit edges record their
//   subject as agent and object as target too.
//   Cue lines:  %hedge FACTOR PATTERN   a hedged sentence (reportedly,
//   alleged) keeps its edges, marked hedged, confidence times FACTOR;
//   %negate PATTERN   a cue between subject and object drops the edge;
//   %negate_for PREDICATE PATTERN   drops the edges of PREDICATE only ("a
//   stake in" is no acquisition).
//   %keeper PREDICATE PATTERN => NAME   a list that NAME (a gazetteer
//   entry) keeps ("entity list" => U.S. Commerce Department): a sentence
//   naming it gives an implicit subject of PREDICATE that keeper when
//   the article has no agent of PREDICATE yet.
//   %listintro PATTERN   a phrase that introduces the list of names right
//   after it ("two chip startups -- A and B --", "the largest telecoms: A,
//   B and C"): the rules read the list in its place, after what the
//   pattern's first capture group matched, if it has one ("the eight
//   listed firms -- A, B --" reads "listed A, B").
//   %affirms ID...   rules (defined above) that state an ending ("no
//   longer provides services to"): negation cues do not drop their matches.
//   %role PREDICATE LABEL   the subject of PREDICATE gets role LABEL
//   (%role INVESTS_IN Investor).
//   %define NAME PATTERN    later patterns may write ${NAME} for PATTERN.
//
// A RuleSet is immutable once loaded and safe to share between threads.
#ifndef NEWSGRAPH_EXTRACT_RULES_H_
#define NEWSGRAPH_EXTRACT_RULES_H_

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "base/status.h"
#include "extract/gazetteer.h"
#include "extract/names.h"
#include "extract/prefilter.h"


namespace newsgraph {

struct EntityRule {
  std::string id;
  std::vector<std::string> labels;
  bool list = false;
  std::shared_ptr<const re2::RE2> re;
};

struct RelationRule {
  enum class Kind { kEdge, kAgent, kRole };
  std::string id;
  Kind kind = Kind::kEdge;
  std::string predicate;  // BLACKLISTS, or the role label for kRole
  // "BLACKLISTS|BANS" in the rule file: the one of these the article gave
  // an agent last ("the list also includes X"); `predicate` is the first.
  std::vector<std::string> predicate_choices;
  double confidence = 1;
  std::shared_ptr<const re2::RE2> re;
  int subject_group = 0;  // 1-based capture index; 0 when implicit
  int object_group = 0;   // 0 for agent and role rules
  bool object_demonym = false;
  bool subject_demonym = false;
  bool implicit_subject = false;  // {S=agent}
  bool implicit_object = false;   // {O=target}
  bool affirms = false;  // %affirms: negation cues do not drop its matches
  std::vector<std::string> subject_labels;  // empty: any
  std::vector<std::string> object_labels;
};

// A rule file's text and the name its errors give it.
struct NamedText {
  std::string name;
  std::string text;
};

// A relation predicate relations.rules may name and `ingest --facts`
// accepts: UPPER_SNAKE_CASE, and not MENTIONS (the store's article-to-entity
// edge type).
bool IsRelationPredicate(std::string_view predicate);

class RuleSet {
 public:
  // Loads DIR/gazetteer.tsv, DIR/entities.rules, DIR/relations.rules and
  // every DIR/lists/*.tsv (name lists) and DIR/lists/*.rules (word lists:
  // directive lines only, extract/names.h), sorted by file name. On failure the message
  // lists every error found, one "FILE:LINE: message" a line.
  static Result<std::shared_ptr<const RuleSet>> Load(const std::string& dir);

  // The same from texts in memory; `dir_for_messages` names the three files
  // in messages, `lists` (in order) are name lists added after gazetteer.tsv
  // (a name ending ".rules" is a word list).
  static Result<std::shared_ptr<const RuleSet>> FromText(std::string_view gazetteer,
                                                         std::string_view entity_rules,
                                                         std::string_view relation_rules,
                                                         const std::string& dir_for_messages = "rules",
                                                         const std::vector<NamedText>& lists = {});

  ~RuleSet();

  const Gazetteer& gazetteer() const { return gazetteer_; }
  const std::vector<EntityRule>& entity_rules() const { return entity_rules_; }
  const NameWords& name_words() const { return name_words_; }
  const std::vector<RelationRule>& relation_rules() const { return relation_rules_; }
  double hedge_factor() const { return hedge_factor_; }
  // The role label a predicate gives its subject, or "" (see %role).
  const std::string& RoleOf(const std::string& predicate) const;

  // Indices of the entity rules that may match (a superset, ascending):
  // their keywords occur in `sentence` (prefilter.h).
  void EntityRulesMatching(std::string_view sentence, std::vector<int>* out) const;
  // Entity rules without keywords, which run on every sentence (slower).
  std::vector<std::string> EntityRulesWithoutKeywords() const;
  // Relation rules without keywords or labels, which run on every sentence
  // with two tags (slower).
  std::vector<std::string> RelationRulesWithoutKeywords() const;
  // Indices of the relation rules that may match a tagged sentence (a
  // superset, ascending): those whose keywords and tag labels occur in it
  // (prefilter.h); the caller runs each one's RE2. `tags` is how many
  // entity and demonym tags the sentence holds: with fewer than two only
  // the rules that need one entity ({S=agent}, {P}, agent and role rules) can
  // fire. On BBC a sentence with two tags keeps 1.2 of the 68 default rules
  // as candidates on average, and 43% of them keep none.
  void RelationRulesMatching(std::string_view tagged, int tags, std::vector<int>* out) const;
  bool IsHedged(std::string_view sentence) const;
  // Whether a %negate cue, or a %negate_for cue of `predicate`, is in `span`.
  bool IsNegated(std::string_view span, const std::string& predicate) const;
  // Whether the text right after a relation of `predicate` ends what it
  // states (%negate_after, anchored at the start of `after`: "Tottenham
  // manager Jacques Santini [has resigned]").
  bool IsNegatedAfter(std::string_view after, const std::string& predicate) const;
  // Whether an agency can be the subject of `predicate`: a rule with an
  // explicit subject allows the label Agency (or any label).
  bool AgencyActs(const std::string& predicate) const { return agency_predicates_.count(predicate) > 0; }
  // The gazetteer key of the keeper of a list `sentence` names, for an
  // implicit subject of `predicate`, or -1 (see %keeper).
  int KeeperIn(const std::string& predicate, std::string_view sentence) const;
  // Where a %listintro phrase that ends `before` starts, or before.size();
  // *kept: what the phrase's first capture group matched (a view into
  // `before`), or empty.
  size_t ListIntroAt(std::string_view before, std::string_view* kept) const;

 private:
  RuleSet();
  Gazetteer gazetteer_;
  std::vector<EntityRule> entity_rules_;
  NameWords name_words_;
  std::vector<RelationRule> relation_rules_;
  RulePrefilter entity_prefilter_;
  // Relation rules are searched one by one, behind keyword prefilters: an
  // RE2::Set of them all answered in one pass, but its DFA states combine
  // every rule's threads, so text it has not seen keeps building new ones
  // (bench/README.md, "Relation rules behind a prefilter").
  RulePrefilter relation_prefilter_;
  std::vector<bool> single_entity_;  // by rule: it needs one entity, not two
  std::unique_ptr<re2::RE2> hedge_;
  std::unique_ptr<re2::RE2> negate_;
  std::vector<std::pair<std::string, std::unique_ptr<re2::RE2>>> negate_for_;  // predicate, cue
  std::vector<std::pair<std::string, std::unique_ptr<re2::RE2>>> negate_after_;  // predicate, cue
  std::unique_ptr<re2::RE2> list_intro_;
  struct Keeper {
    std::string predicate;
    std::unique_ptr<re2::RE2> list;
    int entity;  // gazetteer key
  };
  std::vector<Keeper> keepers_;
  std::set<std::string> agency_predicates_;
  double hedge_factor_ = 1;
  std::vector<std::pair<std::string, std::string>> roles_;  // predicate, label
};

// The default rule directory (compiled in; NEWSGRAPH_RULES overrides it).
std::string DefaultRulesDir();

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_RULES_H_
