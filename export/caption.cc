#include "export/caption.h"

#include <ctime>
#include <filesystem>
#include <utility>

#include "base/date.h"

namespace newsgraph {

namespace {

// The first and last date (YYYY-MM-DD) of the articles `graph.articles`
// holds; both empty when none has a date.
std::pair<std::string, std::string> ArticleDateRange(const Subgraph& graph) {
  std::string first, last;
  Date parsed;
  for (const auto& [id, article] : graph.articles) {
    std::string date = ArticleDateText(article);
    if (!ParseIsoDate(date, &parsed)) continue;
    date = FormatIsoDate(parsed);  // a time of day dropped; ISO dates sort as text
    if (first.empty() || date < first) first = date;
    if (last.empty() || date > last) last = date;
  }
  return {first, last};
}

}  // namespace

std::string CommaJoined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string CountOf(size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

std::vector<std::string> PictureCaption(const PictureSelection& s, const Subgraph& g) {
  std::filesystem::path dir = std::filesystem::path(s.db).lexically_normal();
  std::string db = dir.filename().string();
  if (db.empty()) db = dir.parent_path().filename().string();  // "news.db/"
  std::string what;
  if (!s.query.empty()) what = s.query.size() > 70 ? s.query.substr(0, 67) + "..." : s.query;
  else if (!s.around.empty()) what = "around " + CommaJoined(s.around) + " (" + CountOf(s.hops, "hop") + ")";
  else what = "whole graph";
  if (!s.types.empty()) what += "; types " + CommaJoined(s.types);
  if (!s.labels.empty()) what += "; labels " + CommaJoined(s.labels);

  std::string counts = CountOf(g.nodes.size(), "node");
  if (g.weaker_left_out > 0)
    counts = std::to_string(g.nodes.size()) + " of " + CountOf(g.nodes.size() + g.weaker_left_out, "node") +
             " (kept by the strongest relationships)";
  counts += ", " + CountOf(g.edges.size(), "relationship");
  if (g.isolated_left_out > 0) counts += "; " + CountOf(g.isolated_left_out, "node") + " without a relationship not drawn";
  auto [first, last] = ArticleDateRange(g);
  if (first.empty()) counts += "; exported " + FormatIsoDate(Date{static_cast<int64_t>(std::time(nullptr) / 86400)});
  else if (first == last) counts += "; articles of " + first;
  else counts += "; articles from " + first + " to " + last;
  return {db + ": " + what, counts};
}

}  // namespace newsgraph
