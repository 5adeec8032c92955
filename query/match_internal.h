// Internal to pattern matching (Executor::Match in executor.h is its
// face): the PatternMatcher that one Match call runs, split by concern:
//
//   match.cc           anchors (which node a pattern starts from and how its
//                      candidates are found), pattern after pattern, named
//                      paths; BindPatterns and EXPLAIN's text for a pattern
//   match_expand.cc    binding a node or relationship position, and the
//                      step-by-step expansion right then left of the anchor
//                      (variable-length walks, counted tails)
//   match_join.cc      closing a cycle by intersecting neighbour lists
//   match_between.cc   variable-length steps between two bound nodes
//   match_reach.cc     breadth-first reachability for distinct endpoints
//   match_shortest.cc  shortestPath / allShortestPaths (from both ends
//                      when the far end is known)
//
// A matcher borrows the Executor, the patterns and `emit` for its one Run
// and is not thread-safe (match_reach.cc's helper thread only scans). Every
// binding it makes in the row is undone before the call that made it
// returns, so `row` is as given when Run returns, whatever the status.
#ifndef NEWSGRAPH_QUERY_MATCH_INTERNAL_H_
#define NEWSGRAPH_QUERY_MATCH_INTERNAL_H_

#include <algorithm>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/edge_columns.h"
#include "graph/scanner.h"
#include "query/executor.h"

namespace newsgraph {

// Which variable slots hold a value: at run time a row's non-null slots; at
// plan time (plan.h) the slots bound before the clause.
struct Bindings {
  const Row* row = nullptr;
  size_t before = 0;
  Bindings(const Row& r) : row(&r) {}  // NOLINT: a row is the usual case
  std::vector<int> also;  // at plan time: the slots of the MATCH's earlier patterns
  static Bindings Before(size_t n, std::vector<int> also = {}) {
    Bindings b;
    b.before = n;
    b.also = std::move(also);
    return b;
  }
  bool operator()(int slot) const {
    if (slot < 0) return false;
    size_t s = static_cast<size_t>(slot);
    if (row) return s < row->size() && !(*row)[s].is_null();
    return s < before || std::find(also.begin(), also.end(), slot) != also.end();
  }

 private:
  Bindings() = default;
};

// How an anchor is found, most selective first: a bound variable; an
// equality through a property index or the name index; a range or
// STARTS WITH through a property index; STARTS WITH through the name
// index; a label scan; every node.
enum class AnchorKind {
  kBound = 0,
  kIndexSeek = 1,
  kNameLookup = 2,
  kIndexRangeSeek = 3,
  kNamePrefix = 4,
  kLabelScan = 5,
  kAllNodes = 6
};

// How candidates for a node are found, and with what: the property map's
// entries and the WHERE's parts (NodeSeek, planner.h) whose operand can be
// evaluated with `bound`. Pointers are into the pattern and the graph's
// catalogue.
struct NodeAccess {
  AnchorKind kind = AnchorKind::kAllNodes;
  const std::string* label = nullptr;  // property-index seeks: the index's label
  std::string key;                     // the property (name for the name index)
  const Expr* equal = nullptr;         // kIndexSeek, kNameLookup
  const NodeSeek* lower = nullptr;     // kIndexRangeSeek: > or >= (may be null)
  const NodeSeek* upper = nullptr;     //   < or <= (may be null)
  const NodeSeek* prefix = nullptr;    // STARTS WITH (kNamePrefix; a range seek then has no bounds)
};
NodeAccess AccessOf(const NodePattern& n, const Bindings& bound, const Graph& g);
// EXPLAIN's text of an operand: a literal, $parameter, variable or property, else "expression".
std::string OperandText(const Expr& e);

// How candidates for `n` would be found with `row`'s variables bound.
AnchorKind AnchorOf(const NodePattern& n, const Bindings& bound, const Graph& g);
// The position of the most selective node of `p` (the first on a tie).
size_t ChooseAnchor(const PathPattern& p, const Bindings& bound, const Graph& g);
// EXPLAIN's text for how `p` is matched (its anchor's access path, then its expansions).
std::string DescribeAccess(const PathPattern& p, const Bindings& bound, const Graph& g);

inline Direction Reverse(Direction d) {
  return d == Direction::kOut ? Direction::kIn : (d == Direction::kIn ? Direction::kOut : Direction::kBoth);
}

// How many relationships `r` stands for: 1..1 unless it is variable-length
// (MaxHops < 0: no upper bound).
inline int MinHops(const RelPattern& r) { return r.variable_length ? r.min_hops : 1; }
inline int MaxHops(const RelPattern& r) { return r.variable_length ? r.max_hops : 1; }

// Whether the step from node k of `p`, matched from `anchor`, is its
// counted tail (planner.h): the last step, every other one bound first.
inline bool CountsTail(const PathPattern& p, size_t anchor, size_t k) {
  return p.count_tail && anchor == 0 && k + 2 == p.nodes.size();
}

// Whether the step along relationship `ri` of `p` is an ExpandInto
// (match_expand.cc): one relationship, to a node bound already.
inline bool ExpandsInto(const PathPattern& p, size_t ri, bool target_bound) {
  return target_bound && !p.rels[ri].variable_length && !p.distinct_endpoints;
}

// The step after the one along `ri` of `p` (taken forward: left to right;
// else right to left), as its relationship's position and the node it
// reaches, when the step along `ri` may be an ExpandIntersect
// (match_join.cc): a single relationship without a property map or
// filters to an unbound node (`target_bound` false), the next step a
// single relationship to a node that is bound (`bound(slot)`) and is not
// the target. {-1, -1} otherwise.
template <class Bound>
std::pair<int, int> IntersectsWith(const PathPattern& p, size_t ri, bool forward, bool target_bound,
                                   const Bound& bound) {
  const RelPattern& r = p.rels[ri];
  if (target_bound || r.variable_length || !r.properties.entries.empty() || !r.filters.empty()) return {-1, -1};
  if (forward ? ri + 1 >= p.rels.size() : ri == 0) return {-1, -1};
  size_t next = forward ? ri + 1 : ri - 1;
  size_t node = forward ? ri + 2 : ri - 1;
  int slot = p.nodes[node].slot;
  int target_slot = p.nodes[forward ? ri + 1 : ri].slot;
  if (slot < 0 || slot == target_slot || !ExpandsInto(p, next, bound(slot))) return {-1, -1};
  return {static_cast<int>(next), static_cast<int>(node)};
}

// Whether the step along `ri` of `p` to node position `target` is an
// ExpandBetween (match_between.cc): a variable-length relationship with a
// maximum, to a node with a variable that is bound or found by an
// equality seek (`access`, how it would be found). That node is then bound
// first (by its seek) and the walk to it is pruned by its distances.
inline bool ExpandsBetween(const PathPattern& p, size_t ri, size_t target, AnchorKind access) {
  const RelPattern& r = p.rels[ri];
  return r.variable_length && r.max_hops >= 0 && !p.distinct_endpoints && p.nodes[target].slot >= 0 &&
         access <= AnchorKind::kNameLookup;
}

// How shortestPath/allShortestPaths pattern `p` is searched with `row`:
// from its more selective end (`source`, as ChooseAnchor picks) and, to a
// few known ends (a bound variable, an index or name lookup), from both
// ends at once (`both_ends`).
struct ShortestPlan {
  size_t source = 0;
  bool both_ends = false;
};
ShortestPlan PlanShortest(const PathPattern& p, const Bindings& bound, const Graph& g);

// A node's entries of one type on one side of the edge columns: [first,
// last) into the side's arrays, sorted by the node at the other end.
struct EntryRun {
  const EdgeColumns::Side* side;
  bool outgoing;
  uint64_t first, last;
};

class PatternMatcher {
 public:
  // `count_slot`: where a pattern with a counted tail puts its counts (-1: none).
  PatternMatcher(Executor* ex, const PathPattern* patterns, size_t n, int count_slot,
                 const std::function<Status(Row&)>& emit)
      : ex_(ex), patterns_(patterns), n_patterns_(n), count_slot_(count_slot), emit_(emit) {}

  // Calls emit for each match of the patterns extending `row`; on a reader,
  // through its edge columns when built, or built now when `build_columns`.
  Status Run(Row& row, bool build_columns);
  // Executor::MatchNodes (needs no patterns).
  Status Nodes(const NodePattern& n, Row& row, const std::function<Status(NodeId)>& fn);

 private:
  struct IntoTable;  // below
  struct Position {  // what one path pattern has bound so far
    std::vector<NodeId> nodes;
    std::vector<std::vector<EdgeId>> rel_edges;  // per relationship position, left to right
  };

  // ---- match.cc
  Status MatchPattern(size_t pi, Row& row);
  Status Candidates(const NodePattern& n, Row& row, const std::function<Status(NodeId)>& fn);
  Status Scan(const NodePattern& n, const std::function<Status(NodeId)>& fn);
  Result<PathValue> BuildPath(size_t pi);
  Status Finish(size_t pi, Row& row);  // binds the path variable, then the next pattern

  // ---- match_expand.cc
  Result<bool> NodeMatches(const NodePattern& n, NodeId id, Row& row);
  Result<bool> EdgeMatches(const RelPattern& r, EdgeId id, Row& row);
  Status WithNode(size_t pi, size_t k, NodeId id, Row& row, const std::function<Status()>& next);
  // `record`: edges[0]'s record when read already (a single relationship).
  Status BindRel(const RelPattern& r, const std::vector<EdgeId>& edges, Row& row, const std::function<Status()>& next,
                 std::shared_ptr<const Edge> record = nullptr);
  Status ExpandRight(size_t pi, size_t anchor, size_t k, Row& row);
  Status ExpandLeft(size_t pi, size_t k, Row& row);
  Status Hop(size_t pi, size_t ri, bool forward, Row& row, const std::function<Status()>& next);
  // The step along `ri` from `from` in `dir` to node position `target`, bound already.
  Status ExpandInto(size_t pi, size_t ri, NodeId from, size_t target, Direction dir, Row& row,
                    const std::function<Status()>& next);
  // The step along `ri` from `from` in `dir` to node position `target`
  // (unbound), taking only the neighbours that bound node position
  // `closing` has along `close` in the reverse of `close_dir`. Needs the
  // columns (ColumnsFor(ri)).
  Status ExpandIntersect(size_t pi, size_t ri, NodeId from, size_t target, Direction dir, size_t closing,
                         const RelPattern& close, Direction close_dir, Row& row, const std::function<Status()>& next);
  // Reads t's table (IntoTable: t->node's adjacency in the reverse of
  // t->dir, passing r's filters) unless built.
  Status BuildInto(const RelPattern& r, Row& row, IntoTable* t);

  // ---- match_between.cc
  // Expand's lists for the step along `r` from `at` to t->node only, from
  // t's table (BuildInto), in the order Expand would list them.
  Status EdgesTo(NodeId at, const RelPattern& r, Row& row, IntoTable* t, std::vector<Neighbor>* out,
                 bool* filtered, std::vector<std::shared_ptr<const Edge>>* records);
  // Hops from each node to `to` along `r`'s types in `dir` (a walk's
  // direction, toward `to`), by a breadth-first search from `to` against
  // it of at most `max_levels` levels (fewer when the entries read pass a
  // budget): (*dist)[n] for n reached within *levels levels, 255 for the
  // others (over *levels away). Filters are not tested: a lower bound.
  Status DistancesTo(NodeId to, Direction dir, const RelPattern& r, int max_levels, std::vector<uint8_t>* dist,
                     int* levels);
  Status CountTail(size_t pi, size_t k, Row& row);
  Result<const std::vector<Value>*> FilterOperands(const RelPattern& r, Row& row);
  static bool FiltersHold(const RelPattern& r, const std::vector<Value>& operands, const Edge& edge);
  // Whether a step may take `edge`: not used yet in this match (relationship
  // uniqueness), and an undirected self-loop, which shows up once per
  // direction, only once.
  bool MayTake(EdgeId edge, Direction dir, bool self_loop, bool outgoing) const {
    if (std::find(used_.begin(), used_.end(), edge) != used_.end()) return false;
    return !(dir == Direction::kBoth && self_loop && !outgoing);
  }
  // The adjacency entries at `at` a step along `r` reads, from the columns
  // when ColumnsFor(r) serves it, else through the scanner.
  Status ForEachNeighbor(NodeId at, Direction dir, const RelPattern& r,
                         const std::function<bool(const AdjacencyEntry&)>& fn);
  // fn(entry) for the entries at `at` of any of `types` (none: every type)
  // until fn returns false: from `cols` when given (entry.value only when
  // `values`: see EdgeColumns::ForEachEntry), else through `scanner`.
  static Status ForEachNeighbor(GraphScanner& scanner, const EdgeColumns* cols, bool values, NodeId at,
                                Direction dir, const std::vector<std::string>& types,
                                const std::function<bool(const AdjacencyEntry&)>& fn);
  // The columns when they may serve a step along `r`: always when no
  // relationship has a property but its weight (their entries are then the
  // whole edge); otherwise only for a step that neither binds its
  // relationship nor tests another property than the weight.
  const EdgeColumns* ColumnsFor(const RelPattern& r) const;
  // Whether node `id` has every label of `n`, from the label bitmaps
  // (Graph::LabelMembers; with the columns only: a reader reading much).
  Result<bool> HasLabels(const NodePattern& n, NodeId id);
  // The neighbours a step along `r` may take; *filtered (when given) is set
  // when each passed r's filters, tested on its adjacency entry; *records
  // (when given), per neighbour, the edge read from its entry, or null.
  Status Expand(NodeId at, Direction dir, const RelPattern& r, Row& row, std::vector<Neighbor>* out,
                bool* filtered = nullptr, std::vector<std::shared_ptr<const Edge>>* records = nullptr);

  // ---- match_reach.cc
  Status Reach(size_t pi, size_t ri, NodeId from, size_t target, Direction dir, int min_hops, int max_hops, Row& row,
               const std::function<Status()>& next);

  // ---- match_shortest.cc
  Status Shortest(size_t pi, Row& row);
  Status MeetInTheMiddle(const RelPattern& r, NodeId from, NodeId to, Direction dir, int max_hops, bool all, Row& row,
                         std::vector<std::vector<EdgeId>>* paths);

  Executor* ex_;
  GraphScanner& scanner_ = ex_->scanner();
  const PathPattern* patterns_;
  size_t n_patterns_;
  int count_slot_;
  const std::function<Status(Row&)>& emit_;
  const EdgeColumns* cols_ = nullptr;  // the reader's edge columns, when this match reads them (Run)
  std::unordered_map<const NodePattern*, std::vector<std::shared_ptr<const std::vector<bool>>>> members_;
  std::vector<bool> bound_;
  std::vector<bool> given_;  // bound_ as Run found it: the input row's variables
  std::vector<EdgeId> used_;
  std::vector<Position> positions_;
  std::unordered_map<const RelPattern*, std::vector<Value>> filter_operands_;
  // ExpandInto's table of a bound node's adjacency, per relationship position.
  struct IntoTable {
    NodeId node = 0;
    Direction dir = Direction::kOut;
    bool scanned = false;  // a lookup scanned the other end's adjacency
    bool built = false;
    bool filtered = false;
    std::vector<Neighbor> neighbors;  // of `node`, in the reverse of `dir`, passing the filters
    std::vector<std::shared_ptr<const Edge>> records;
    std::vector<std::pair<NodeId, size_t>> by_node;  // (neighbour, index into neighbors), sorted
  };
  std::unordered_map<const RelPattern*, IntoTable> into_;
  // ExpandIntersect's runs of a node's entries (match_join.cc), per
  // relationship position: of the closing node, kept while it stays the
  // same; of the near node when it has many entries (whose runs are found
  // by binary searches that miss the cache), in a direct-mapped table.
  struct NodeRuns {
    bool valid = false;
    NodeId node = 0;
    Direction dir = Direction::kOut;
    std::vector<EntryRun> runs;
  };
  std::unordered_map<const RelPattern*, NodeRuns> closing_;
  std::unordered_map<const RelPattern*, std::vector<NodeRuns>> near_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_MATCH_INTERNAL_H_
