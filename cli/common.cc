// What the commands share: messages, exit codes for open failures, query
// parameters and output options (declared in commands.h). Rules loading,
// worker counts and the primed entity memory are in load.h, shared with the
// Python module.

#include <iostream>

#include "cli/commands.h"

namespace newsgraph {

void PrintError(const Status& s) { std::cerr << "newsgraph: " << s.message() << "\n"; }

void PrintWarnings(const QueryResult& result) {
  for (const std::string& w : result.warnings) std::cerr << "warning: " << w << "\n";
}

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

}  // namespace newsgraph
