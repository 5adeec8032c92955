// Closing a cycle by intersecting neighbour lists (match_internal.h,
// ExpandIntersect): the step before a cycle's closing step takes only the
// neighbours that the closing node has too.

#include <algorithm>
#include <functional>

#include "query/match_internal.h"

namespace newsgraph {

namespace {

// The runs of node n's entries in `dir` of `types` (none: every type), in
// the order EdgeColumns::ForEachEntry and PatternMatcher::ForEachNeighbor
// read them, so that positions in them order entries as an Expand would.
void RunsOf(const EdgeColumns& cols, NodeId n, Direction dir, const std::vector<std::string>& types,
            std::vector<EntryRun>* runs) {
  runs->clear();
  auto add = [&](Direction d, int t) {
    if (dir != Direction::kBoth && dir != d) return;
    const EdgeColumns::Side& side = cols.side(d);
    auto [first, last] = cols.Entries(side, n, t);
    if (first < last) runs->push_back({&side, d == Direction::kOut, first, last});
  };
  if (types.empty()) {
    for (Direction d : {Direction::kOut, Direction::kIn})
      for (size_t t = 0; t < cols.types().size(); ++t) add(d, static_cast<int>(t));
  } else {
    for (const std::string& type : types) {
      int t = cols.TypeIndex(type);
      if (t < 0) continue;
      for (Direction d : {Direction::kOut, Direction::kIn}) add(d, t);
    }
  }
}

size_t Entries(const std::vector<EntryRun>& runs) {
  size_t n = 0;
  for (const EntryRun& run : runs) n += run.last - run.first;
  return n;
}

// The first position in [at, run.last) whose other end is not below
// `node`: a galloping search from `at`, so a walk over sorted nodes costs
// the log of each gap, not of the whole run.
uint64_t Seek(const EntryRun& run, uint64_t at, NodeId node) {
  const std::vector<NodeId>& other = run.side->other;
  uint64_t step = 1, lo = at, hi = at;
  while (hi < run.last && other[hi] < node) {
    lo = hi + 1;
    hi = std::min(run.last, hi + step);
    step *= 2;
  }
  return static_cast<uint64_t>(std::lower_bound(other.begin() + lo, other.begin() + hi, node) - other.begin());
}

// A node with this many entries in a step's directions has its runs
// kept (PatternMatcher::near_), in a table of kNearTable.
constexpr uint64_t kManyEntries = 256;
constexpr size_t kNearTable = 1024;

}  // namespace

// The step along `ri` from `from` in `dir` to the unbound node position
// `target`, when the next step goes from there in `close_dir` to the bound
// node `closing` (its ExpandInto follows). The candidates are the common
// neighbours of `from` (in `dir`, of ri's types) and of `closing` (in the
// reverse of `close_dir`, of the next step's types, unfiltered: a
// superset, which the ExpandInto then decides), found from the smaller
// list: its entries, in order, looked up in the larger by a galloping
// search going forward (both are sorted by neighbour within a type). `from`'s edges to them are
// then taken in the order an Expand would take them, so the rows and
// their order are the Expand's, less the ones the ExpandInto would drop.
// A hub on either side is never read whole unless the other side is as
// large: a triangle costs about min(deg b, deg a) steps per (a, b) edge,
// not deg b. The closing node's runs are kept while it stays the same.
Status PatternMatcher::ExpandIntersect(size_t pi, size_t ri, NodeId from, size_t target, Direction dir,
                                       size_t closing, const RelPattern& close, Direction close_dir, Row& row,
                                       const std::function<Status()>& next) {
  const PathPattern& p = patterns_[pi];
  const RelPattern& r = p.rels[ri];
  const Value& bound = row[p.nodes[closing].slot];
  if (bound.type() != Value::kNode) return Status::OK();  // bound to something else: no match
  std::vector<EntryRun> near;
  uint64_t entries = 0;
  for (Direction d : {Direction::kOut, Direction::kIn}) {
    auto [first, last] = cols_->Entries(cols_->side(d), from, -1);
    if (dir == Direction::kBoth || dir == d) entries += last - first;
  }
  if (entries < kManyEntries) {
    RunsOf(*cols_, from, dir, r.types, &near);
  } else {
    std::vector<NodeRuns>& table = near_[&r];
    table.resize(kNearTable);
    NodeRuns& slot = table[from % kNearTable];
    if (!slot.valid || slot.node != from || slot.dir != dir) {
      RunsOf(*cols_, from, dir, r.types, &slot.runs);
      slot = {true, from, dir, std::move(slot.runs)};
    }
    near = slot.runs;  // a copy: `next` may reuse the slot
  }
  NodeId to = std::get<NodeValue>(bound.v).id;
  NodeRuns& far = closing_[&r];
  if (!far.valid || far.node != to || far.dir != close_dir) {
    RunsOf(*cols_, to, Reverse(close_dir), close.types, &far.runs);
    far = {true, to, close_dir, std::move(far.runs)};
  }
  size_t near_n = Entries(near), far_n = Entries(far.runs);
  // (run, position) of each of from's entries to a common neighbour.
  std::vector<std::pair<size_t, uint64_t>> picked;
  std::vector<uint64_t> at;  // per run searched: where its search goes on
  if (near_n <= far_n) {
    for (size_t i = 0; i < near.size(); ++i) {
      at.clear();
      for (const EntryRun& run : far.runs) at.push_back(run.first);
      for (uint64_t k = near[i].first; k < near[i].last; ++k) {
        NodeId other = near[i].side->other[k];
        for (size_t j = 0; j < far.runs.size(); ++j) {
          at[j] = Seek(far.runs[j], at[j], other);
          if (at[j] < far.runs[j].last && far.runs[j].side->other[at[j]] == other) {
            picked.emplace_back(i, k);
            break;
          }
        }
      }
    }
  } else {
    std::vector<NodeId> common;
    for (const EntryRun& run : far.runs)
      common.insert(common.end(), run.side->other.begin() + run.first, run.side->other.begin() + run.last);
    std::sort(common.begin(), common.end());
    common.erase(std::unique(common.begin(), common.end()), common.end());
    for (size_t i = 0; i < near.size(); ++i) {
      uint64_t k = near[i].first;
      for (NodeId other : common)
        for (k = Seek(near[i], k, other); k < near[i].last && near[i].side->other[k] == other; ++k)
          picked.emplace_back(i, k);
    }
  }
  // The edges found, as an ExpandInto counts one per lookup: the lookups
  // are binary searches, not reads of the lists (a triangle count over the
  // whole graph stays within the default 50,000,000 steps).
  NG_RETURN_IF_ERROR(ex_->Tick(picked.size() + 1));
  std::vector<EdgeId>& edges = positions_[pi].rel_edges[ri];
  for (const auto& [i, k] : picked) {
    const EntryRun& run = near[i];
    NodeId other = run.side->other[k];
    EdgeId edge = run.side->edge[k];
    if (!MayTake(edge, dir, other == from, run.outgoing)) continue;
    std::shared_ptr<const Edge> record;
    if (r.slot >= 0) {  // the whole edge (ColumnsFor: no relationship has another property)
      auto e = std::make_shared<Edge>();
      e->id = edge;
      e->src = run.outgoing ? from : other;
      e->dst = run.outgoing ? other : from;
      e->type = cols_->types()[run.side->type[k]];
      e->weight = run.side->weight[k];
      ex_->RememberEdge(e);
      record = std::move(e);
    }
    used_.push_back(edge);
    edges.assign(1, edge);
    Status s = BindRel(r, edges, row, [&] { return WithNode(pi, target, other, row, next); }, record);
    used_.pop_back();
    NG_RETURN_IF_ERROR(s);
  }
  return Status::OK();
}

}  // namespace newsgraph
