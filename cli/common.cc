// What the commands share: messages, exit codes for open failures, query
// parameters and output options, rules loading, worker counts, and the
// entity memory primed from a graph (declared in commands.h).

#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "extract/entity_memory.h"
#include "extract/pipeline.h"
#include "graph/graph.h"

namespace newsgraph {

void PrintError(const Status& s) { std::cerr << "newsgraph: " << s.message() << "\n"; }

int OpenFailure(const Status& s) {
  PrintError(s);
  return kExitDatabase;
}

Result<Params> ParseParams(const std::vector<std::string>& params) {
  Params out;
  for (const std::string& p : params) {
    auto kv = ParseParam(p);
    if (!kv.ok()) return kv.status();
    out[kv->first] = kv->second;
  }
  return out;
}

Result<std::shared_ptr<const RuleSet>> LoadRules(const std::string& dir) {
  auto rules = RuleSet::Load(dir);
  if (!rules.ok()) return rules.status().WithContext("rules in " + dir + " do not compile; nothing was read or written");
  return rules;
}

int ParseQueryOutput(const QueryOptions& o, OutputFormat* format, Params* params) {
  auto f = ParseOutputFormat(o.format);
  if (!f.ok()) {
    PrintError(f.status());
    return kExitUsage;
  }
  auto p = ParseParams(o.params);
  if (!p.ok()) {
    PrintError(p.status());
    return kExitUsage;
  }
  *format = f.value();
  *params = std::move(p).value();
  return kExitOk;
}

int ExtractWorkers(int threads) { return threads > 0 ? threads - 1 : ExtractPipeline::DefaultThreads(); }

Status PrimeMemory(const Graph& graph, EntityMemory* memory) {
  std::vector<std::string> labels, aliases;
  return graph.ForEachNode("", [&](const Node& n) {
    const std::string* name = StringProperty(n, "name");
    if (name == nullptr || std::binary_search(n.labels.begin(), n.labels.end(), "Article")) return Status::OK();
    aliases.clear();
    auto list = n.properties.find("aliases");
    if (list != n.properties.end())
      if (auto* values = std::get_if<PropertyList>(&list->second.v))
        for (const PropertyValue& v : *values)
          if (const std::string* alias = v.as_string()) aliases.push_back(*alias);
    memory->Add(*name, n.labels, aliases);
    return Status::OK();
  });
}

}  // namespace newsgraph
