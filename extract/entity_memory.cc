#include "extract/entity_memory.h"

#include <algorithm>

#include "extract/normalize.h"

namespace newsgraph {

namespace {

// Whether text matching `surface` may start with a lower-case letter: only
// when the surface does (NameIndex::Accept takes other case only from a
// capital, digit or non-ASCII initial).
bool LowerInitial(std::string_view surface) {
  size_t first = surface.find_first_not_of('.');
  return first != std::string_view::npos && surface[first] >= 'a' && surface[first] <= 'z';
}

bool Contains(const std::vector<std::string>& sorted, const std::string& s) {
  return std::binary_search(sorted.begin(), sorted.end(), s);
}

}  // namespace

EntityMemory::EntityMemory(std::shared_ptr<const RuleSet> rules) : rules_(std::move(rules)) {
  auto fixed = std::make_shared<Fixed>();
  const Gazetteer& gaz = rules_->gazetteer();
  for (size_t i = 0; i < gaz.size(); ++i) fixed->gazetteer_names.insert(gaz.entry(static_cast<int>(i)).name);
  // Role labels come from %role lines and from "+Label" rules.
  std::vector<std::string>& roles = fixed->roles;
  for (const RelationRule& r : rules_->relation_rules()) {
    if (r.kind == RelationRule::Kind::kRole) roles.push_back(r.predicate);
    const std::string& role = rules_->RoleOf(r.predicate);
    if (!role.empty()) roles.push_back(role);
  }
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  fixed_ = std::move(fixed);
}

std::shared_ptr<const EntityMemory> EntityMemory::Snapshot() const {
  std::shared_ptr<EntityMemory> copy(new EntityMemory(rules_, fixed_));  // a private constructor
  copy->entries_ = entries_;
  copy->index_ = index_;
  copy->generation_ = generation_;
  return copy;
}

bool EntityMemory::KnownAsIs(const Entity& e) const {
  auto it = by_name_.find(e.name);
  if (it == by_name_.end()) return false;
  const LearnedEntity& have = entries_[it->second];
  for (const std::string& l : e.labels)
    if (!Contains(have.labels, l) && !Contains(fixed_->roles, l)) return false;
  for (const Mention& m : e.mentions)
    if (std::find(have.surfaces.begin(), have.surfaces.end(), m.text) == have.surfaces.end()) return false;
  return true;
}

bool EntityMemory::Learn(const ArticleFacts& facts, std::vector<uint64_t>* changed) {
  const Gazetteer& gaz = rules_->gazetteer();
  bool any = false;
  std::vector<std::string> surfaces;
  for (const Entity& e : facts.entities) {
    // Most entities are the gazetteer's, or learned before and written as
    // then: both are told by exact lookups, without a NameKey.
    if (fixed_->gazetteer_names.count(e.name) > 0 || KnownAsIs(e)) continue;
    if (gaz.Find(e.name) >= 0) continue;
    surfaces.assign(1, e.name);
    // Mentions are the text as read: normalised, as the tagger sees them.
    // A person's one-word mention ("Davis" for Marvin Davis) is that person
    // only in its own article: another article's Davis is anyone's.
    bool person = std::find(e.labels.begin(), e.labels.end(), "Person") != e.labels.end();
    for (const Mention& m : e.mentions) {
      std::string surface = NormalizedText(m.text).text();
      if (person && surface.find(' ') == std::string::npos && surface != e.name) continue;
      surfaces.push_back(std::move(surface));
    }
    any |= Merge(e.name, e.labels, surfaces, changed);
  }
  if (any) ++generation_;
  return any;
}

bool EntityMemory::Add(std::string_view name, const std::vector<std::string>& labels,
                       const std::vector<std::string>& aliases, std::vector<uint64_t>* changed) {
  const Gazetteer& gaz = rules_->gazetteer();
  if (gaz.Find(name) >= 0) return false;
  std::vector<std::string> surfaces(1, std::string(name));
  for (const std::string& a : aliases)
    if (gaz.Find(a) < 0) surfaces.push_back(a);
  bool any = Merge(name, labels, surfaces, changed);
  if (any) ++generation_;
  return any;
}

bool EntityMemory::Merge(std::string_view name, const std::vector<std::string>& labels,
                         const std::vector<std::string>& surfaces, std::vector<uint64_t>* changed) {
  std::string key = NameKey(name);
  if (key.empty()) return false;
  auto [it, inserted] = by_key_.emplace(key, static_cast<int>(entries_.size()));
  if (inserted) entries_.push_back(LearnedEntity{std::string(name), {}, {}});
  int index = it->second;
  by_name_.emplace(name, index);
  LearnedEntity& e = entries_[index];
  bool any = inserted;
  for (const std::string& l : labels) {
    if (Contains(fixed_->roles, l)) continue;
    auto at = std::lower_bound(e.labels.begin(), e.labels.end(), l);
    if (at != e.labels.end() && *at == l) continue;
    e.labels.insert(at, l);
    any = true;
  }
  for (const std::string& s : surfaces) {
    // Most surfaces are the name as known, written alike: no key needed.
    if (std::find(e.surfaces.begin(), e.surfaces.end(), s) != e.surfaces.end()) continue;
    std::string surface_key = s == name ? key : NameKey(s);
    if (surface_key.empty()) continue;
    if (std::any_of(e.surfaces.begin(), e.surfaces.end(),
                    [&](const std::string& have) { return NameKey(have) == surface_key; }))
      continue;
    // A surface the gazetteer knows stays the gazetteer's.
    if (surface_key != key && rules_->gazetteer().Find(s) >= 0) continue;
    e.surfaces.push_back(s);
    index_.Add(s, index, false);
    any = true;
  }
  if (any && changed)
    for (const std::string& s : e.surfaces) changed->push_back(NameProbeHash(s));
  return any;
}

uint64_t NameProbeHash(std::string_view name) {
  if (LowerInitial(name)) return kProbeAnyArticle;
  std::string key = NameKey(name);
  size_t second = key.find(' ');
  return KeyHash(std::string_view(key).substr(0, second == std::string::npos ? second : key.find(' ', second + 1)));
}

void AppendProbeHashes(std::string_view sentence, const std::vector<Token>& tokens, std::vector<uint64_t>* out) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto text = [&](size_t k) { return sentence.substr(tokens[k].start, tokens[k].end - tokens[k].start); };
    std::string_view token = text(i);
    if (token[0] >= 'a' && token[0] <= 'z') continue;
    uint64_t hash = TokenKeyHash(token);
    out->push_back(hash);
    if (i + 1 < tokens.size()) out->push_back(ExtendKeyHash(hash, text(i + 1)));
  }
}

}  // namespace newsgraph
