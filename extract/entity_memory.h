// EntityMemory: the names learned from earlier articles, so that a name
// discovered in one article ("a Chinese AI firm called Quorbit") is tagged in
// every later one that just says "Quorbit".
//
//   EntityMemory memory(rules);                          // empty
//   memory.Add("Quorbit", {"Company"}, {"Quorbit AI"});  // e.g. a graph node
//   for (const Article& a : articles) {
//     ArticleFacts f = extractor.Extract(a, nullptr, &memory);
//     memory.Learn(f);                                   // a's discovered names
//   }
//
// It holds what the gazetteer does not: entities found by the entity rules
// (or, through Add, known to a graph), each with its canonical name, its
// kind labels (role labels such as Investor, which a relation gives, are
// left out: they belong to a statement, not to the name) and the surfaces
// it was written as. The tagger looks names up in `index()` as it looks
// up the gazetteer, by hashed token n-grams, so the cost per token stays
// flat as the memory grows (gazetteer.h, NameIndex).
//
// Snapshot() is a copy for reading only, which worker threads can read
// while the owner goes on learning (extract/pipeline.h). Const methods are
// safe on many threads; Learn and Add need the only reference.
#ifndef NEWSGRAPH_EXTRACT_ENTITY_MEMORY_H_
#define NEWSGRAPH_EXTRACT_ENTITY_MEMORY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "extract/facts.h"
#include "extract/gazetteer.h"
#include "extract/rules.h"
#include "extract/tokens.h"

namespace newsgraph {

struct LearnedEntity {
  std::string name;                   // canonical: as first learned
  std::vector<std::string> labels;    // sorted, unique; kind labels only
  std::vector<std::string> surfaces;  // the name and other forms, normalised, distinct keys
};

class EntityMemory {
 public:
  // `rules` gives the gazetteer (whose names are never learned) and the
  // role labels (never learned either).
  explicit EntityMemory(std::shared_ptr<const RuleSet> rules);
  // Copies are made by Snapshot only: a snapshot cannot learn.
  EntityMemory(const EntityMemory&) = delete;
  EntityMemory& operator=(const EntityMemory&) = delete;

  // What the tagger reads, as of now (index, entries, generation), without
  // the key tables only learning needs. Costs about 0.4 us a name (BBC's
  // 1,289 names: 0.5 ms), most of it in allocations.
  std::shared_ptr<const EntityMemory> Snapshot() const;

  // Learns each entity of `facts` that is not a gazetteer entry: its name,
  // kind labels and mention surfaces. A name whose key (NameKey) is known
  // already gains the new labels and surfaces under its first name.
  // Returns whether anything changed; then generation() grew by one and
  // *changed (when given) received NameProbeHash of every surface of each
  // entity that changed: an article whose probe hashes (below) hold none of
  // them is tagged the same before and after.
  bool Learn(const ArticleFacts& facts, std::vector<uint64_t>* changed = nullptr);

  // Adds one entity known elsewhere (a graph node): as Learn, with the name
  // and aliases as surfaces. Nothing when the gazetteer knows the name;
  // aliases the gazetteer knows are skipped.
  bool Add(std::string_view name, const std::vector<std::string>& labels, const std::vector<std::string>& aliases,
           std::vector<uint64_t>* changed = nullptr);

  size_t size() const { return entries_.size(); }
  // REQUIRES: 0 <= i < size(). Entries are never removed or renumbered.
  const LearnedEntity& entry(int i) const { return entries_[i]; }
  // Every surface, as the name of its entry's index.
  const NameIndex& index() const { return index_; }
  // How many Learn and Add calls changed something: two memories grown
  // from one by the same calls agree on it, so a snapshot's generation
  // says which learning it holds.
  uint64_t generation() const { return generation_; }

 private:
  struct Fixed;
  EntityMemory(std::shared_ptr<const RuleSet> rules, std::shared_ptr<const Fixed> fixed)
      : rules_(std::move(rules)), fixed_(std::move(fixed)) {}
  // Merges one entity in; appends to *changed as Learn says.
  bool Merge(std::string_view name, const std::vector<std::string>& labels, const std::vector<std::string>& surfaces,
             std::vector<uint64_t>* changed);
  // Whether learning `e` would change nothing, by exact comparisons only:
  // true for a learned entity seen again as written before (most of them).
  bool KnownAsIs(const Entity& e) const;

  std::shared_ptr<const RuleSet> rules_;
  // What does not change as the memory learns, shared by its copies: the
  // gazetteer's canonical names (the names of its entities in facts; views
  // into rules_) and the sorted role labels of rules_.
  struct Fixed {
    std::unordered_set<std::string_view> gazetteer_names;
    std::vector<std::string> roles;
  };
  std::shared_ptr<const Fixed> fixed_;
  std::vector<LearnedEntity> entries_;
  NameIndex index_;
  std::unordered_map<std::string, int> by_key_;   // NameKey(name) -> entry
  std::unordered_map<std::string, int> by_name_;  // each name merged in, as written -> entry
  uint64_t generation_ = 0;
};

// Whether a name can occur in an article, by hashes. The tagger finds a
// name only where NameProbeHash(name) is kProbeAnyArticle or is among the
// probe hashes of the article's sentences, which it appends, when asked
// (Extractor::Options::probe_hashes), with AppendProbeHashes: per token
// without a lower-case initial, the KeyHash of its key and of its key and
// the next token's. A name's probe is the KeyHash of its first two tokens'
// key; a name written with a lower-case initial ("iFlytek", matched only as
// written) may be anywhere. So a name that changed costs only the articles
// that may hold it, even when its first word is common ("Tony Hunter", and
// an article about Tony Blair).
inline constexpr uint64_t kProbeAnyArticle = 0;
uint64_t NameProbeHash(std::string_view name);
void AppendProbeHashes(std::string_view sentence, const std::vector<Token>& tokens, std::vector<uint64_t>* out);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_ENTITY_MEMORY_H_
