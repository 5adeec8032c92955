#include "graph/edge_columns.h"

#include <algorithm>
#include <unordered_map>

#include "graph/coding.h"
#include "graph/keys.h"
#include "graph/node_columns.h"
#include "graph/rep.h"

namespace newsgraph {

size_t EdgeColumns::EstimateBytes(uint64_t node_bound, uint64_t edges) {
  constexpr size_t kEntry = sizeof(NodeId) + sizeof(EdgeId) + sizeof(int64_t) + sizeof(uint16_t);
  return 2 * ((node_bound + 1) * sizeof(uint64_t) + edges * kEntry);
}

size_t EdgeColumns::bytes() const {
  size_t n = 0;
  for (const Side* s : {&out_, &in_})
    n += s->offsets.size() * sizeof(uint64_t) + s->other.size() * (sizeof(NodeId) + sizeof(EdgeId) + sizeof(int64_t) + sizeof(uint16_t));
  return n;
}

int EdgeColumns::TypeIndex(std::string_view type) const {
  auto it = std::lower_bound(types_.begin(), types_.end(), type);
  return it != types_.end() && *it == type ? static_cast<int>(it - types_.begin()) : -1;
}

std::pair<uint64_t, uint64_t> EdgeColumns::Entries(const Side& side, NodeId n, int t) const {
  if (n + 1 >= side.offsets.size()) return {0, 0};
  uint64_t first = side.offsets[n], last = side.offsets[n + 1];
  if (t < 0) return {first, last};
  // A node's entries are in key order: grouped by type, types ascending.
  auto begin = side.type.begin();
  auto lo = std::lower_bound(begin + first, begin + last, static_cast<uint16_t>(t));
  auto hi = std::upper_bound(lo, begin + last, static_cast<uint16_t>(t));
  return {static_cast<uint64_t>(lo - begin), static_cast<uint64_t>(hi - begin)};
}

void EdgeColumns::ForEachEntry(NodeId node, Direction dir, std::string_view type, bool values,
                               const std::function<bool(const AdjacencyEntry&)>& fn) const {
  int t = -1;
  if (!type.empty() && (t = TypeIndex(type)) < 0) return;
  AdjacencyEntry entry;
  entry.node = node;
  // An adjacency value of the weight and no property (keys.h
  // EncodeAdjacencyValue: a varint, then an empty map's count 0), made here
  // without a string: it is made for every entry.
  char value[11];
  for (Direction d : {Direction::kOut, Direction::kIn}) {
    if (dir != Direction::kBoth && dir != d) continue;
    const Side& s = side(d);
    entry.outgoing = d == Direction::kOut;
    auto [first, last] = Entries(s, node, t);
    for (uint64_t i = first; i < last; ++i) {
      entry.other = s.other[i];
      entry.edge = s.edge[i];
      entry.type = types_[s.type[i]];
      if (values) {
        size_t n = 0;
        for (uint64_t w = static_cast<uint64_t>(s.weight[i]);; w >>= 7) {
          value[n++] = static_cast<char>(w < 0x80 ? w : (w & 0x7f) | 0x80);
          if (w < 0x80) break;
        }
        value[n++] = 0;
        entry.value = std::string_view(value, n);
      }
      if (!fn(entry)) return;
    }
  }
}

Result<EdgeColumns> EdgeColumns::Build(const Graph& graph, const Graph::Rep& rep) {
  const NodeId bound = graph.NodeIdBound();
  EdgeColumns c;
  size_t filled[2] = {0, 0};  // per side: offsets set so far
  for (Side* s : {&c.out_, &c.in_}) {
    s->offsets.resize(bound + 1);
    for (auto* v : {&s->other, &s->edge}) v->reserve(graph.EdgeCount());
    s->weight.reserve(graph.EdgeCount());
    s->type.reserve(graph.EdgeCount());
  }
  // Types get indexes as first seen (a node's entries are grouped by type,
  // so the entry before mostly has the same: its escaped bytes are compared
  // and only a new type decoded), then are renumbered sorted.
  std::unordered_map<std::string, uint16_t> index;
  std::string last_raw = std::string(1, '\xff'), scratch;  // no escaped type is one 0xff byte
  uint16_t last_index = 0;
  Status failed;
  // One sequential pass of a reader (no pending writes): a plain iterator
  // with readahead, the blocks not kept in the block cache.
  rocksdb::ReadOptions ro;
  ro.readahead_size = size_t{4} << 20;
  ro.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(rep.db->NewIterator(ro, rep.handle(keys::kAdjacency)));
  for (it->SeekToFirst(); it->Valid() && failed.ok(); it->Next()) {
    std::string_view k(it->key().data(), it->key().size()), v(it->value().data(), it->value().size());
    if (k.size() < 8 + 1 + 2 + 16) {
      failed = Status::Corruption(rep.dir + ": bad adjacency key");
      break;
    }
    NodeId node = DecodeFixed64BE(k.data());
    char dir = k[8];
    NodeId other = DecodeFixed64BE(k.data() + k.size() - 16);
    EdgeId edge = DecodeFixed64BE(k.data() + k.size() - 8);
    if (node >= bound || other >= bound || (dir != keys::kOut && dir != keys::kIn)) {
      failed = Status::Corruption(rep.dir + ": bad adjacency key");
      break;
    }
    std::string_view raw = k.substr(9, k.size() - 9 - 16);
    if (raw != last_raw) {
      std::string_view type;
      if (!keys::AdjacencyType(k, &scratch, &type)) {
        failed = Status::Corruption(rep.dir + ": bad adjacency key");
        break;
      }
      auto [at, fresh] = index.try_emplace(std::string(type), static_cast<uint16_t>(index.size()));
      if (fresh && index.size() > 65536) {
        failed = Status::InvalidArgument(rep.dir + ": more than 65,536 relationship types");
        break;
      }
      last_raw.assign(raw);
      last_index = at->second;
    }
    int64_t weight = 0;
    uint64_t w;
    std::string_view value = v;
    if (value.empty()) {  // a format-1 entry: the weight is in the record
      Result<Edge> e = graph.GetEdge(edge);
      if (!e.ok()) {
        failed = e.status();
        break;
      }
      weight = e->weight;
      c.weight_property_ |= e->properties.count("weight") > 0;
      c.properties_ |= !e->properties.empty();
    } else if (GetVarint64(&value, &w)) {
      weight = static_cast<int64_t>(w);
      if (value.size() > 1) {  // properties beyond an empty map: does one name "weight"?
        c.properties_ = true;
        Edge decoded;
        if (!keys::DecodeAdjacencyValue(v, &decoded)) {
          failed = Status::Corruption(rep.dir + ": bad adjacency value");
          break;
        }
        c.weight_property_ |= decoded.properties.count("weight") > 0;
      }
    } else {
      failed = Status::Corruption(rep.dir + ": bad adjacency value");
      break;
    }
    int d = dir == keys::kOut ? 0 : 1;
    Side& side = d == 0 ? c.out_ : c.in_;
    while (filled[d] <= node) side.offsets[filled[d]++] = side.other.size();
    side.other.push_back(other);
    side.edge.push_back(edge);
    side.weight.push_back(weight);
    side.type.push_back(last_index);
  }
  Status s = failed.ok() ? FromRocks(it->status(), rep.dir) : failed;
  NG_RETURN_IF_ERROR(s);
  for (int d = 0; d < 2; ++d) {
    Side& side = d == 0 ? c.out_ : c.in_;
    while (filled[d] <= bound) side.offsets[filled[d]++] = side.other.size();
  }
  // Sorted type indexes.
  std::vector<std::pair<std::string, uint16_t>> sorted(index.begin(), index.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint16_t> renumber(sorted.size());
  for (size_t i = 0; i < sorted.size(); ++i) {
    renumber[sorted[i].second] = static_cast<uint16_t>(i);
    c.types_.push_back(sorted[i].first);
  }
  c.type_counts_.assign(c.types_.size(), 0);
  for (Side* side : {&c.out_, &c.in_})
    for (uint16_t& t : side->type) t = renumber[t];
  for (uint16_t t : c.out_.type) ++c.type_counts_[t];
  return c;
}

// ---- Graph's columnar reads

Result<const EdgeColumns*> Graph::Columns() const {
  Rep::Columnar* c = rep_->columnar.get();
  if (!c) return nullptr;  // a writer
  return c->BuildOnce(&c->tried, &c->columns, EdgeColumns::EstimateBytes(NodeIdBound(), EdgeCount()),
                      [&](size_t) -> Result<std::unique_ptr<EdgeColumns>> {
                        Result<EdgeColumns> built = EdgeColumns::Build(*this, *rep_);
                        if (!built.ok()) return built.status();
                        return std::make_unique<EdgeColumns>(std::move(built).value());
                      });
}

Result<const NodeColumns*> Graph::NodePropertyColumns() const {
  Rep::Columnar* c = rep_->columnar.get();
  if (!c) return nullptr;  // a writer
  return c->BuildOnce(&c->tried_nodes, &c->node_columns, NodeColumns::EstimateBytes(NodeIdBound()),
                      [&](size_t left) { return NodeColumns::Build(*this, left); });
}

const NodeColumns* Graph::BuiltNodePropertyColumns() const {
  Rep::Columnar* c = rep_->columnar.get();
  if (!c) return nullptr;
  std::lock_guard<std::mutex> lock(c->mu);
  return c->node_columns.get();
}

const EdgeColumns* Graph::BuiltColumns() const {
  Rep::Columnar* c = rep_->columnar.get();
  if (!c) return nullptr;
  std::lock_guard<std::mutex> lock(c->mu);
  return c->columns.get();
}

namespace {

// The keys of `cf` starting with `prefix`, counted.
Result<uint64_t> CountPrefix(const Graph::Rep& rep, keys::ColumnFamily cf, const std::string& prefix) {
  uint64_t n = 0;
  NG_RETURN_IF_ERROR(ScanPrefix(rep, cf, prefix, [&](std::string_view, std::string_view) {
    ++n;
    return true;
  }));
  return n;
}

}  // namespace

Result<uint64_t> Graph::LabelCount(std::string_view label) const {
  Rep::Columnar* c = rep_->columnar.get();
  if (!c) return CountPrefix(*rep_, keys::kLabels, keys::LabelPrefix(label));
  std::lock_guard<std::mutex> lock(c->mu);
  auto it = c->label_counts.find(label);
  if (it != c->label_counts.end()) return it->second;
  Result<uint64_t> n = CountPrefix(*rep_, keys::kLabels, keys::LabelPrefix(label));
  if (n.ok()) c->label_counts.emplace(std::string(label), n.value());
  return n;
}

Result<uint64_t> Graph::TypeCount(std::string_view type) const {
  Rep::Columnar* c = rep_->columnar.get();
  if (!c) return CountPrefix(*rep_, keys::kEdgeTypes, keys::EdgeTypePrefix(type));
  std::lock_guard<std::mutex> lock(c->mu);
  if (c->columns) {
    int t = c->columns->TypeIndex(type);
    return t < 0 ? 0 : c->columns->TypeCount(static_cast<size_t>(t));
  }
  auto it = c->type_counts.find(type);
  if (it != c->type_counts.end()) return it->second;
  Result<uint64_t> n = CountPrefix(*rep_, keys::kEdgeTypes, keys::EdgeTypePrefix(type));
  if (n.ok()) c->type_counts.emplace(std::string(type), n.value());
  return n;
}

Result<std::shared_ptr<const std::vector<bool>>> Graph::LabelMembers(std::string_view label) const {
  Rep::Columnar* c = rep_->columnar.get();
  std::unique_lock<std::mutex> lock;
  if (c) {
    lock = std::unique_lock<std::mutex>(c->mu);
    auto it = c->label_members.find(label);
    if (it != c->label_members.end()) return it->second;
  }
  auto members = std::make_shared<std::vector<bool>>(NodeIdBound());
  Status s = ScanNodes(label, [&](NodeId id) {
    if (id < members->size()) (*members)[id] = true;
    return true;
  });
  if (!s.ok()) return s;
  std::shared_ptr<const std::vector<bool>> shared = std::move(members);
  if (c) c->label_members.emplace(std::string(label), shared);
  return shared;
}

}  // namespace newsgraph
