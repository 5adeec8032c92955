// A small Gherkin reader for the openCypher TCK feature files: Feature,
// Background, Scenario, Scenario Outline with Examples, steps with doc
// strings (""") and tables (| a | b |). Outlines come out expanded, one
// scenario per example row, with <placeholders> substituted everywhere.
#ifndef NEWSGRAPH_TESTS_TCK_GHERKIN_H_
#define NEWSGRAPH_TESTS_TCK_GHERKIN_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace newsgraph {
namespace tck {

struct Step {
  std::string text;  // after the keyword (Given/When/Then/And/But): "executing query:"
  std::string doc;   // the doc string, indentation removed
  std::vector<std::vector<std::string>> table;  // cells trimmed, \| unescaped
  int line = 0;
};

struct Scenario {
  std::string name;  // "[1] Return a node", placeholders substituted
  std::vector<Step> steps;  // the Background's first
  int line = 0;
};

struct Feature {
  std::string name;
  std::vector<Scenario> scenarios;
};

Result<Feature> ParseFeature(const std::string& text);

}  // namespace tck
}  // namespace newsgraph

#endif  // NEWSGRAPH_TESTS_TCK_GHERKIN_H_
