#include "tests/tck_gherkin.h"

#include <sstream>

namespace newsgraph {
namespace tck {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::vector<std::string> Cells(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 1; i < row.size(); ++i) {  // row[0] is the leading '|'
    char c = row[i];
    if (c == '\\' && i + 1 < row.size() && (row[i + 1] == '|' || row[i + 1] == '\\')) {
      cell += row[++i];
    } else if (c == '|') {
      cells.push_back(Trim(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  return cells;
}

std::string Substitute(std::string s, const std::vector<std::string>& names, const std::vector<std::string>& values) {
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    std::string key = "<" + names[i] + ">";
    for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + values[i].size()))
      s.replace(at, key.size(), values[i]);
  }
  return s;
}

struct Block {  // a Background, Scenario or Scenario Outline being read
  Scenario scenario;
  bool outline = false;
  std::vector<std::vector<std::string>> examples;  // header row first, of every Examples table
};

}  // namespace

Result<Feature> ParseFeature(const std::string& text) {
  Feature feature;
  std::vector<Step> background;
  std::vector<Block> blocks;
  Block* current = nullptr;
  Block background_block;
  bool in_examples = false;
  std::istringstream in(text);
  std::string raw;
  int n = 0;
  auto error = [&](const std::string& what) { return Status::InvalidArgument("line " + std::to_string(n) + ": " + what); };
  while (std::getline(in, raw)) {
    ++n;
    std::string line = Trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == '@') continue;
    if (StartsWith(line, "Feature:")) {
      feature.name = Trim(line.substr(8));
    } else if (StartsWith(line, "Background:")) {
      current = &background_block;
      in_examples = false;
    } else if (StartsWith(line, "Scenario Outline:") || StartsWith(line, "Scenario Template:") ||
               StartsWith(line, "Scenario:")) {
      blocks.emplace_back();
      current = &blocks.back();
      current->outline = !StartsWith(line, "Scenario:");
      current->scenario.name = Trim(line.substr(line.find(':') + 1));
      current->scenario.line = n;
      in_examples = false;
    } else if (StartsWith(line, "Examples:")) {
      if (!current || !current->outline) return error("Examples outside a Scenario Outline");
      in_examples = true;
      current->examples.emplace_back();  // an empty row separates tables: header follows
    } else if (line[0] == '|') {
      if (!current) return error("a table outside a scenario");
      if (in_examples) current->examples.push_back(Cells(line));
      else if (current->scenario.steps.empty()) return error("a table before any step");
      else current->scenario.steps.back().table.push_back(Cells(line));
    } else if (StartsWith(line, "\"\"\"")) {
      if (!current || current->scenario.steps.empty()) return error("a doc string before any step");
      size_t indent = raw.find('"');
      std::string doc;
      bool closed = false;
      while (std::getline(in, raw)) {
        ++n;
        if (Trim(raw) == "\"\"\"") {
          closed = true;
          break;
        }
        size_t cut = std::min(indent, raw.find_first_not_of(" \t") == std::string::npos ? raw.size() : raw.find_first_not_of(" \t"));
        doc += raw.substr(cut) + "\n";
      }
      if (!closed) return error("unterminated doc string");
      current->scenario.steps.back().doc = doc;
    } else {
      bool step = false;
      for (const char* k : {"Given ", "When ", "Then ", "And ", "But "}) {
        if (!StartsWith(line, k)) continue;
        if (!current) return error("a step outside a scenario");
        Step s;
        s.text = Trim(line.substr(std::string(k).size()));
        s.line = n;
        current->scenario.steps.push_back(std::move(s));
        step = true;
        break;
      }
      if (!step) return error("cannot read: " + line);
    }
  }
  background = background_block.scenario.steps;
  for (Block& b : blocks) {
    std::vector<Step> steps = background;
    steps.insert(steps.end(), b.scenario.steps.begin(), b.scenario.steps.end());
    if (!b.outline) {
      b.scenario.steps = std::move(steps);
      feature.scenarios.push_back(std::move(b.scenario));
      continue;
    }
    std::vector<std::string> header;
    for (const auto& row : b.examples) {
      if (row.empty()) {
        header.clear();
        continue;
      }
      if (header.empty()) {
        header = row;
        continue;
      }
      Scenario s = b.scenario;
      s.name = Substitute(s.name, header, row);
      s.steps = steps;
      for (Step& st : s.steps) {
        st.text = Substitute(st.text, header, row);
        st.doc = Substitute(st.doc, header, row);
        for (auto& cells : st.table)
          for (std::string& c : cells) c = Substitute(c, header, row);
      }
      feature.scenarios.push_back(std::move(s));
    }
  }
  return feature;
}

}  // namespace tck
}  // namespace newsgraph
