// repair: copies what is readable of a damaged database into a new one.

#include <iostream>

#include "cli/commands.h"
#include "graph/repair.h"

namespace newsgraph {

int RunRepair(const std::string& src, const std::string& dst) {
  auto report = RepairDatabase(src, dst);
  if (!report.ok()) {
    PrintError(report.status());
    return report.status().code() == Status::Code::kInvalidArgument ? kExitUsage : kExitDatabase;
  }
  const RepairReport& r = report.value();
  auto count = [](const std::map<std::string, uint64_t>& by, const char* key) {
    auto it = by.find(key);
    return it == by.end() ? uint64_t{0} : it->second;
  };
  std::cout << "repaired copy of " << src << " written to " << dst << " ("
            << (r.rebuilt_manifest ? "the manifest was rebuilt from the table files and logs"
                                   : "the logs were replayed past damaged records")
            << "); " << src << " is unchanged\n";
  uint64_t articles = count(r.kept.nodes_by_label, "Article");
  std::cout << "kept: " << r.kept.nodes << " nodes (" << articles << (articles == 1 ? " article" : " articles")
            << "), " << r.kept.edges << " relationships\n";
  for (const std::string& line : r.lost) std::cout << "lost: " << line << "\n";
  if (r.lost.empty()) std::cout << "lost: nothing that RocksDB reported\n";
  if (r.integrity.ok()) {
    std::cout << "integrity: ok\n";
    return kExitOk;
  }
  std::cout << "integrity: FAILED: " << r.integrity.message() << "\n";
  PrintError(Status::Corruption(dst + " holds what was readable, but its indexes disagree with its records (" +
                                r.integrity.message() +
                                "); queries near the lost data may be wrong: re-ingest the sources if you have them"));
  return kExitError;
}

}  // namespace newsgraph
