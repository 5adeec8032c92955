#include "graph/keys.h"

#include <algorithm>
#include <cstring>

#include "graph/coding.h"

namespace newsgraph {
namespace keys {

const std::vector<std::string>& ColumnFamilyNames() {
  static const std::vector<std::string> kNames = {"default",    "nodes",   "edges",    "adjacency",
                                                  "names",      "labels",  "edge_types",
                                                  "evidence",   "articles", "texts",
                                                  "property_index", "shingle_bands"};
  return kNames;
}

bool IsOptionalColumnFamily(ColumnFamily f) { return f == kPropertyIndex || f == kShingleBands; }

std::string ShingleBandPrefix(uint8_t band, uint64_t bucket) {
  std::string k(1, static_cast<char>(band));
  PutFixed64BE(&k, bucket);
  return k;
}

std::string ShingleBand(uint8_t band, uint64_t bucket, NodeId article) {
  std::string k = ShingleBandPrefix(band, bucket);
  PutFixed64BE(&k, article);
  return k;
}

std::string Id(uint64_t id) {
  std::string k;
  PutFixed64BE(&k, id);
  return k;
}

std::string AdjacencyPrefix(NodeId node, char dir, std::string_view type) {
  std::string k;
  PutFixed64BE(&k, node);
  k.push_back(dir);
  if (!type.empty()) PutEscaped(&k, type);
  return k;
}

void AppendAdjacency(std::string* k, NodeId node, char dir, std::string_view type, NodeId other, EdgeId edge) {
  PutFixed64BE(k, node);
  k->push_back(dir);
  PutEscaped(k, type);
  PutFixed64BE(k, other);
  PutFixed64BE(k, edge);
}

std::string Adjacency(NodeId node, char dir, std::string_view type, NodeId other, EdgeId edge) {
  std::string k;
  AppendAdjacency(&k, node, dir, type, other, edge);
  return k;
}

bool ParseAdjacency(std::string_view key, NodeId* node, char* dir, std::string* type, NodeId* other, EdgeId* edge) {
  if (!GetFixed64BE(&key, node) || key.empty()) return false;
  *dir = key[0];
  key.remove_prefix(1);
  return GetEscaped(&key, type) && GetFixed64BE(&key, other) && GetFixed64BE(&key, edge) && key.empty();
}

bool AdjacencyType(std::string_view key, std::string* scratch, std::string_view* type) {
  // node:8 dir:1 escaped type, its terminator 00 01, other:8 edge:8
  constexpr size_t kHead = 9, kTail = 2 + 16;
  if (key.size() < kHead + kTail || key[key.size() - kTail] != '\0' || key[key.size() - kTail + 1] != '\1')
    return false;
  std::string_view escaped = key.substr(kHead, key.size() - kHead - kTail);
  if (escaped.find('\0') == std::string_view::npos) {
    *type = escaped;
    return true;
  }
  std::string_view in = key.substr(kHead);
  if (!GetEscaped(&in, scratch) || in.size() != 16) return false;
  *type = *scratch;
  return true;
}

static void AppendStringThenId(std::string* k, std::string_view s, uint64_t id) {
  PutEscaped(k, s);
  PutFixed64BE(k, id);
}

static std::string StringThenId(std::string_view s, uint64_t id) {
  std::string k;
  AppendStringThenId(&k, s, id);
  return k;
}

static std::string StringPrefix(std::string_view s) {
  std::string k;
  PutEscaped(&k, s);
  return k;
}

std::string Name(std::string_view lower_name, NodeId node) { return StringThenId(lower_name, node); }
std::string NamePrefix(std::string_view lower_name) { return StringPrefix(lower_name); }
std::string Label(std::string_view label, NodeId node) { return StringThenId(label, node); }
std::string LabelPrefix(std::string_view label) { return StringPrefix(label); }
std::string EdgeType(std::string_view type, EdgeId edge) { return StringThenId(type, edge); }
void AppendEdgeType(std::string* k, std::string_view type, EdgeId edge) { AppendStringThenId(k, type, edge); }
std::string EdgeTypePrefix(std::string_view type) { return StringPrefix(type); }
void AppendName(std::string* k, std::string_view lower_name, NodeId node) { AppendStringThenId(k, lower_name, node); }
void AppendLabel(std::string* k, std::string_view label, NodeId node) { AppendStringThenId(k, label, node); }

std::string EdgePrefix(NodeId src, std::string_view type, NodeId dst) {
  std::string k;
  PutFixed64BE(&k, src);
  k.push_back(kOut);
  PutEscaped(&k, type);
  PutFixed64BE(&k, dst);
  return k;
}

std::string Evidence(EdgeId edge, NodeId article, uint64_t seq) {
  std::string k;
  PutFixed64BE(&k, edge);
  PutFixed64BE(&k, article);
  PutFixed64BE(&k, seq);
  return k;
}

bool IndexValue(const PropertyValue& value, std::string* dst) {
  switch (value.v.index()) {
    case 1:
      dst->push_back(std::get<bool>(value.v) ? 0x02 : 0x01);
      return true;
    case 2:
    case 3: {
      double d = value.v.index() == 2 ? static_cast<double>(std::get<int64_t>(value.v)) : std::get<double>(value.v);
      if (d == 0) d = 0;  // -0.0 = 0.0
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      bits = (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
      dst->push_back(0x03);
      PutFixed64BE(dst, bits);
      return true;
    }
    case 4:
      dst->push_back(0x05);
      PutEscaped(dst, std::get<std::string>(value.v));
      return true;
    default:
      return false;  // null, list, date
  }
}

std::string PropertyIndexPrefix(std::string_view label, std::string_view property) {
  std::string k;
  PutEscaped(&k, label);
  PutEscaped(&k, property);
  return k;
}

std::string NameStartsWith(std::string_view lower_prefix) {
  std::string k = StringPrefix(lower_prefix);
  k.resize(k.size() - 2);  // the escaped string's terminator: longer names follow
  return k;
}

std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

namespace {

// The ival tags of one kind of value: [first, limit).
bool KindTags(const PropertyValue& v, char* first, char* limit) {
  switch (v.v.index()) {
    case 1: *first = 0x01, *limit = 0x03; return true;  // false, true
    case 2:
    case 3: *first = 0x03, *limit = 0x04; return true;
    case 4: *first = 0x05, *limit = 0x06; return true;
    default: return false;
  }
}

}  // namespace

bool PropertyIndexRange(std::string_view label, std::string_view property, const PropertyValue* lower,
                        const PropertyValue* upper, const std::string* prefix, std::string* start, std::string* limit) {
  *start = PropertyIndexPrefix(label, property);
  if (prefix) {
    start->push_back(0x05);
    PutEscaped(start, *prefix);
    start->resize(start->size() - 2);  // no terminator: every longer string follows
    *limit = PrefixSuccessor(*start);
    return true;
  }
  char first = 0, end = 0, first2 = 0, end2 = 0;
  if (!lower && !upper) return false;
  if (lower && !KindTags(*lower, &first, &end)) return false;
  if (upper && !KindTags(*upper, &first2, &end2)) return false;
  if (lower && upper && first != first2) return false;
  *limit = *start;
  if (lower) IndexValue(*lower, start);
  else start->push_back(first2);
  if (upper) {
    IndexValue(*upper, limit);
    *limit = PrefixSuccessor(*limit);  // every node of the upper value too
  } else {
    limit->push_back(end);
  }
  return true;
}

void PropertyIndexKeys(const std::vector<PropertyIndex>& catalog, const Node& node, std::vector<std::string>* out) {
  out->clear();
  for (const PropertyIndex& index : catalog) {
    if (!std::binary_search(node.labels.begin(), node.labels.end(), index.label)) continue;
    auto it = node.properties.find(index.property);
    if (it == node.properties.end()) continue;
    std::string k = PropertyIndexPrefix(index.label, index.property);
    if (!IndexValue(it->second, &k)) continue;
    PutFixed64BE(&k, node.id);
    out->push_back(std::move(k));
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

std::string PropertyIndexCatalog(const PropertyIndex& index) {
  return kPropertyIndexCatalogPrefix + PropertyIndexPrefix(index.label, index.property);
}

bool ParsePropertyIndexCatalog(std::string_view key, PropertyIndex* index) {
  std::string_view prefix = kPropertyIndexCatalogPrefix;
  if (key.substr(0, prefix.size()) != prefix) return false;
  key.remove_prefix(prefix.size());
  return GetEscaped(&key, &index->label) && GetEscaped(&key, &index->property) && key.empty();
}

bool ParseTrailingId(std::string_view key, uint64_t* id) {
  if (key.size() < 8) return false;
  *id = DecodeFixed64BE(key.data() + key.size() - 8);
  return true;
}

bool ParseLeadingString(std::string_view key, std::string* s) { return GetEscaped(&key, s); }

void EncodeNode(const Node& node, std::string* dst) {
  PutVarint64(dst, node.labels.size());
  for (const std::string& l : node.labels) PutLengthPrefixed(dst, l);
  EncodeProperties(node.properties, dst);
}

bool DecodeNode(NodeId id, std::string_view value, Node* node) {
  node->id = id;
  node->labels.clear();
  uint64_t n;
  if (!GetVarint64(&value, &n) || n > value.size()) return false;
  node->labels.resize(n);
  for (std::string& l : node->labels)
    if (!GetLengthPrefixed(&value, &l)) return false;
  return DecodeProperties(&value, &node->properties) && value.empty();
}

void EncodeEdge(const Edge& edge, std::string* dst) {
  PutFixed64BE(dst, edge.src);
  PutFixed64BE(dst, edge.dst);
  PutLengthPrefixed(dst, edge.type);
  EncodeAdjacencyValue(edge, dst);
}

bool DecodeEdge(EdgeId id, std::string_view value, Edge* edge) {
  edge->id = id;
  return GetFixed64BE(&value, &edge->src) && GetFixed64BE(&value, &edge->dst) &&
         GetLengthPrefixed(&value, &edge->type) && DecodeAdjacencyValue(value, edge);
}

void EncodeAdjacencyValue(const Edge& edge, std::string* dst) {
  PutVarint64(dst, edge.weight);
  EncodeProperties(edge.properties, dst);
}

bool DecodeAdjacencyValue(std::string_view value, Edge* edge) {
  uint64_t weight;
  if (!GetVarint64(&value, &weight)) return false;
  edge->weight = static_cast<int64_t>(weight);
  return DecodeProperties(&value, &edge->properties) && value.empty();
}

void EncodeEvidence(const EvidenceRecord& e, std::string* dst) {
  PutLengthPrefixed(dst, e.sentence);
  PutLengthPrefixed(dst, e.rule);
  PutVarint64(dst, e.start);
  PutVarint64(dst, e.end);
  PutVarint64(dst, static_cast<uint64_t>(e.confidence * 1000 + 0.5));
  dst->push_back(e.hedged ? 1 : 0);
}

bool DecodeEvidence(std::string_view key, std::string_view value, EvidenceRecord* e) {
  uint64_t seq, start, end, conf;
  if (!GetFixed64BE(&key, &e->edge) || !GetFixed64BE(&key, &e->article) || !GetFixed64BE(&key, &seq)) return false;
  if (!GetLengthPrefixed(&value, &e->sentence) || !GetLengthPrefixed(&value, &e->rule) ||
      !GetVarint64(&value, &start) || !GetVarint64(&value, &end) || !GetVarint64(&value, &conf) || value.size() != 1)
    return false;
  e->start = static_cast<uint32_t>(start);
  e->end = static_cast<uint32_t>(end);
  e->confidence = conf / 1000.0;
  e->hedged = value[0] != 0;
  return true;
}

}  // namespace keys
}  // namespace newsgraph
