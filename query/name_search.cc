// Full-text search over the name index (name_search.h).

#include "query/name_search.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "base/spelling.h"

namespace newsgraph {

namespace {

struct QueryWord {
  std::string text;   // lower-cased ASCII, as the index keys are
  int max_edits = 0;  // fuzzy: up to this many edits
  bool prefix = false;
};

bool IsWordByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
}

// The words of `text`, split where IsWordByte is false.
std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsWordByte(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && IsWordByte(text[i])) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

Result<std::vector<QueryWord>> ParseQuery(std::string_view query) {
  std::vector<QueryWord> out;
  size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && (query[i] == ' ' || query[i] == '\t' || query[i] == '\n')) ++i;
    size_t start = i;
    while (i < query.size() && query[i] != ' ' && query[i] != '\t' && query[i] != '\n') ++i;
    std::string_view token = query.substr(start, i - start);
    if (token.empty() || token == "AND" || token == "OR" || token == "&&" || token == "||") continue;
    QueryWord w;
    size_t tilde = token.rfind('~');
    if (tilde != std::string_view::npos) {
      std::string_view edits = token.substr(tilde + 1);
      token = token.substr(0, tilde);
      w.max_edits = 2;
      if (!edits.empty()) {
        if (edits.size() != 1 || edits[0] < '0' || edits[0] > '2')
          return Status::InvalidArgument("full-text query '" + std::string(query) + "': '~" + std::string(edits) +
                                         "' is not an edit distance (write word~, word~1 or word~2)");
        w.max_edits = edits[0] - '0';
      }
    } else if (!token.empty() && token.back() == '*') {
      w.prefix = true;
    }
    std::vector<std::string_view> words = Words(token);  // drops quotes, '+', '*'
    for (size_t k = 0; k < words.size(); ++k) {
      QueryWord part = w;
      part.text = NameIndexKey(words[k]);
      part.prefix = w.prefix && k + 1 == words.size();
      out.push_back(std::move(part));
    }
  }
  if (out.empty())
    return Status::InvalidArgument("full-text query '" + std::string(query) + "' has no words to search for");
  return out;
}

// How well `q` matches `word`: 1 equal (or a prefix match), 1 - edits/len
// within the edits allowed, 0 not at all.
double MatchScore(const QueryWord& q, std::string_view word) {
  if (word == q.text) return 1;
  if (q.prefix) return word.size() > q.text.size() && word.compare(0, q.text.size(), q.text) == 0 ? 1 : 0;
  if (q.max_edits == 0) return 0;
  size_t gap = word.size() > q.text.size() ? word.size() - q.text.size() : q.text.size() - word.size();
  if (gap > static_cast<size_t>(q.max_edits)) return 0;  // cannot be within reach: skip the table
  size_t d = EditDistance(q.text, word);
  if (d > static_cast<size_t>(q.max_edits) || d >= q.text.size()) return 0;
  return 1 - static_cast<double>(d) / static_cast<double>(q.text.size());
}

double ScoreName(const std::vector<QueryWord>& query, std::string_view name) {
  std::vector<std::string_view> words = Words(name);
  if (words.empty()) return 0;
  std::vector<bool> matched(words.size(), false);
  double sum = 0;
  for (const QueryWord& q : query) {
    double best = 0;
    size_t at = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      double s = MatchScore(q, words[i]);
      if (s > best) {
        best = s;
        at = i;
      }
    }
    if (best > 0) {
      sum += best;
      matched[at] = true;
    }
  }
  if (sum == 0) return 0;
  double share = static_cast<double>(std::count(matched.begin(), matched.end(), true)) / words.size();
  return std::round(sum * (0.9 + 0.1 * share) * 1e4) / 1e4;  // 4 places: no noise in the last digits
}

}  // namespace

Result<std::vector<NameHit>> SearchNames(const Graph& graph, std::string_view query) {
  Result<std::vector<QueryWord>> words = ParseQuery(query);
  if (!words.ok()) return words.status();
  std::map<NodeId, NameHit> best;  // per node, its best-scoring name
  Status s = graph.ForEachNameEntry([&](const std::string& name, NodeId node) {
    double score = ScoreName(words.value(), name);
    if (score <= 0) return true;
    NameHit& hit = best[node];
    if (score > hit.score || (score == hit.score && name < hit.name)) hit = {node, score, name};
    return true;
  });
  if (!s.ok()) return s;
  std::vector<NameHit> hits;
  hits.reserve(best.size());
  for (auto& [node, hit] : best) {
    Result<std::shared_ptr<const Node>> n = graph.GetSharedNode(node);
    if (!n.ok()) return n.status();
    const std::vector<std::string>& labels = n.value()->labels;
    if (!std::binary_search(labels.begin(), labels.end(), std::string("Article"))) hits.push_back(std::move(hit));
  }
  std::sort(hits.begin(), hits.end(), [](const NameHit& a, const NameHit& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.name != b.name) return a.name < b.name;
    return a.node < b.node;
  });
  return hits;
}

}  // namespace newsgraph
