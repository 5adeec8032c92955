// rules check: compile a rule directory and say what it holds.

#include <iostream>

#include "cli/commands.h"
#include "extract/prefilter.h"
#include "extract/rules.h"

namespace newsgraph {

int RunRulesCheck(const std::string& dir) {
  auto rules = RuleSet::Load(dir);
  if (!rules.ok()) {
    std::cerr << rules.status().message() << "\n";
    return kExitError;
  }
  std::cout << dir << ": OK (" << rules.value()->gazetteer().size() << " gazetteer entities, "
            << rules.value()->entity_rules().size() << " entity rules, " << rules.value()->relation_rules().size()
            << " relation rules)\n";
  for (const std::string& id : rules.value()->EntityRulesWithoutKeywords())
    std::cout << dir << "/entities.rules: note: rule " << id << " has no literal word of "
              << RulePrefilter::kMinAtomLength << "+ letters it needs, so it runs on every sentence (slower)\n";
  for (const std::string& id : rules.value()->RelationRulesWithoutKeywords())
    std::cout << dir << "/relations.rules: note: rule " << id << " has no literal word or label of "
              << RulePrefilter::kMinAtomLength
              << "+ letters it needs, so it runs on every sentence with two entities (slower)\n";
  return kExitOk;
}

}  // namespace newsgraph
