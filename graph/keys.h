// On-disk layout of a newsgraph database: RocksDB column families, their key
// grammars and value records. FROZEN FORMAT: the column family names, tag
// bytes and encodings below are what existing databases hold; change them
// only with a new format version in meta.
//
//   id        := fixed64 (big-endian; node and edge ids start at 1)
//   str       := escaped string (coding.h)
//   dir       := 0x01 out | 0x02 in                              (frozen tags)
//
//   CF default    "format"                    -> "newsgraph 6" (or 5 to 1, below)
//                 "next_node" / "next_edge"   -> fixed64
//                 "deleted_nodes" / "deleted_edges" -> fixed64 (curation
//                 deletes; absent = 0; live count = next - 1 - deleted)
//   CF nodes      id                          -> NodeRecord
//   CF edges      id                          -> EdgeRecord
//   CF adjacency  node:id dir type:str other:id edge:id  -> AdjacencyValue
//                 one prefix scan (node, dir[, type]) lists neighbours,
//                 and with them their edges' weights and properties
//   CF names      lower(name or alias):str node:id       -> ""
//   CF labels     label:str node:id                      -> ""
//   CF edge_types type:str edge:id                       -> ""
//                 ingest keeps one edge per (src, type, dst), whose weight
//                 counts its articles; it finds that edge by the prefix
//                 (src, out, type, dst) of its outgoing entry (EdgePrefix).
//                 A Cypher CREATE adds parallel edges: the lowest id is
//                 then the one ingest adds weight to.
//   (CF triples   src:id type:str dst:id -> edge:id: formats 1 and 2 only,
//                 an index the outgoing adjacency entries already are. The
//                 first format-3 writer drops it: kLegacyTriplesFamily.)
//   CF evidence   edge:id article:id seq:fixed64         -> EvidenceRecord
//   CF articles   content_hash (32 hex digits)           -> article node:id
//   CF texts      article node:id                        -> article text
//   CF property_index  label:str property:str value:ival node:id -> ""
//                 one entry per node with `label` whose `property` is a
//                 scalar, for each (label, property) in the catalog. Added
//                 after format "newsgraph 1" shipped, without a version
//                 change: a reader of an older database finds no family and
//                 no catalog (no indexes), a writer creates the family.
//   CF default    "property_index:" label:str property:str -> ""
//                 the catalog of property indexes (CREATE INDEX, import)
//   CF default    "extracted_label:" label  -> ""
//                 "extracted_key:" key      -> ""
//                 what extraction wrote on entity nodes: each label and
//                 property key ingest was given for an entity (facts.h),
//                 written in the batch of the article that first gave it;
//                 never by curation or import (Graph::ExtractedVocabulary).
//                 Added in format 6 without a version change: a database
//                 ingested by an older build lacks some or all of them.
//   CF shingle_bands  band:1 byte bucket:fixed64 article:id -> ""
//                 the near-duplicate index (near_duplicate.h): each article
//                 with stored text is filed under the bucket of each of the
//                 16 bands of its MinHash signature; one prefix scan
//                 (band, bucket) lists the articles sharing it. Since
//                 format 6: a writer opening an older database fills it
//                 from the stored texts before marking it format 6.
//
//   ival := 0x01 (false) | 0x02 (true) | 0x03 number | 0x05 string:str
//           number: the value as a double (integers converted), -0.0 as
//           0.0, as fixed64 of its bits with the sign bit flipped (all bits
//           flipped when negative), so numbers sort numerically. Integer 42
//           and float 42.0 share a key, as Cypher's 42 = 42.0; integers
//           beyond 2^53 may share one: a lookup returns a superset and the
//           caller compares the values. null, lists and dates are not
//           indexed.
//
//   NodeRecord     := varint(nlabels) label:length-prefixed* properties
//   EdgeRecord     := src:fixed64 dst:fixed64 type:length-prefixed
//                     AdjacencyValue
//   AdjacencyValue := weight:varint properties   (the edge record's tail,
//                     kept in both adjacency entries of the edge, so that
//                     an expansion filters on weight and properties without
//                     reading the record. Since format 2; a format-1 database
//                     holds "" there, and a writer opening it keeps writing
//                     values and marks it format 3: "" always means "read
//                     the edge record". Format 1 readers refuse later
//                     formats, whose writers would leave stale values.)
//   EvidenceRecord := sentence:lp rule:lp start:varint end:varint
//                     confidence_per_mille:varint hedged:1 byte
//
// Formats: 1 had empty adjacency values; 2 added them; 3 dropped the
// triples family; 4 added the date value (property.h, tag 7); 5 the other
// temporal values (tags 8-12); 6 the shingle_bands family. Readers read all
// six. A writer fills the shingle_bands of an older database, marks it
// format 6 (synced) and then drops its triples family, so older writers,
// which would keep that index and trust it, could not read a date or a
// datetime, or would store articles the near-duplicate index misses,
// refuse it from then on (graph/README.md, "Key layout").
#ifndef NEWSGRAPH_GRAPH_KEYS_H_
#define NEWSGRAPH_GRAPH_KEYS_H_

#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"

namespace newsgraph {
namespace keys {

inline constexpr char kFormatKey[] = "format";
inline constexpr char kFormatValue[] = "newsgraph 6";
inline constexpr char kFormat5Value[] = "newsgraph 5";  // temporal values, no shingle_bands
inline constexpr char kFormat4Value[] = "newsgraph 4";  // dates, no other temporal values
inline constexpr char kFormat3Value[] = "newsgraph 3";  // no date values
inline constexpr char kFormat2Value[] = "newsgraph 2";  // with a triples family
inline constexpr char kFormat1Value[] = "newsgraph 1";  // adjacency values "" (read the edge record); triples
inline constexpr char kLegacyTriplesFamily[] = "triples";
inline constexpr char kNextNodeKey[] = "next_node";
inline constexpr char kNextEdgeKey[] = "next_edge";
inline constexpr char kDeletedNodesKey[] = "deleted_nodes";
inline constexpr char kDeletedEdgesKey[] = "deleted_edges";

enum ColumnFamily { kDefault = 0, kNodes, kEdges, kAdjacency, kNames, kLabels, kEdgeTypes, kEvidence,
                    kArticles, kTexts, kPropertyIndex, kShingleBands, kNumColumnFamilies };
// Families a database may lack because it predates them (opened without).
bool IsOptionalColumnFamily(ColumnFamily f);
// Names, indexed by ColumnFamily.
const std::vector<std::string>& ColumnFamilyNames();

inline constexpr char kOut = 0x01;
inline constexpr char kIn = 0x02;

std::string Id(uint64_t id);
std::string Adjacency(NodeId node, char dir, std::string_view type, NodeId other, EdgeId edge);
std::string AdjacencyPrefix(NodeId node, char dir, std::string_view type /* "" = any */);
std::string Name(std::string_view lower_name, NodeId node);
std::string NamePrefix(std::string_view lower_name);
std::string Label(std::string_view label, NodeId node);
std::string LabelPrefix(std::string_view label);
std::string EdgeType(std::string_view type, EdgeId edge);
std::string EdgeTypePrefix(std::string_view type);
// The outgoing adjacency keys of the edges (src)-[type]->(dst) start with
// this, lowest edge id first.
std::string EdgePrefix(NodeId src, std::string_view type, NodeId dst);
std::string Evidence(EdgeId edge, NodeId article, uint64_t seq);
std::string ShingleBand(uint8_t band, uint64_t bucket, NodeId article);
std::string ShingleBandPrefix(uint8_t band, uint64_t bucket);
inline constexpr size_t kShingleBandPrefixBytes = 9;  // band, bucket
// The same keys appended to *dst, for loops that reuse one buffer.
void AppendAdjacency(std::string* dst, NodeId node, char dir, std::string_view type, NodeId other, EdgeId edge);
void AppendEdgeType(std::string* dst, std::string_view type, EdgeId edge);
void AppendName(std::string* dst, std::string_view lower_name, NodeId node);
void AppendLabel(std::string* dst, std::string_view label, NodeId node);

// Property index keys. IndexValue appends `ival`; false (nothing appended)
// for null and lists, which are not indexed.
bool IndexValue(const PropertyValue& value, std::string* dst);
std::string PropertyIndexPrefix(std::string_view label, std::string_view property);
// The keys [*start, *limit) of the entries of index (label, property) whose
// value is a string starting with `prefix` (prefix given), or of the kind
// of lower/upper (bool, number or string) between them, both inclusive (a
// missing one leaves its end open at the kind's first or last value).
// False when the bounds are of two kinds, or of a kind not indexed.
bool PropertyIndexRange(std::string_view label, std::string_view property, const PropertyValue* lower,
                        const PropertyValue* upper, const std::string* prefix, std::string* start, std::string* limit);
// The keys of the name index whose name starts with `lower_prefix`, as a
// key prefix (NamePrefix without the terminator).
std::string NameStartsWith(std::string_view lower_prefix);
// The smallest key greater than every key starting with `prefix` ("" if
// there is none: a prefix of 0xFF bytes only).
std::string PrefixSuccessor(std::string prefix);
// The keys `node` owns in the indexes of `catalog`, sorted, no duplicates.
void PropertyIndexKeys(const std::vector<PropertyIndex>& catalog, const Node& node, std::vector<std::string>* out);
inline constexpr char kPropertyIndexCatalogPrefix[] = "property_index:";
std::string PropertyIndexCatalog(const PropertyIndex& index);
bool ParsePropertyIndexCatalog(std::string_view key, PropertyIndex* index);
inline constexpr char kExtractedLabelPrefix[] = "extracted_label:";
inline constexpr char kExtractedKeyPrefix[] = "extracted_key:";

// Parses an adjacency key; false if malformed.
bool ParseAdjacency(std::string_view key, NodeId* node, char* dir, std::string* type, NodeId* other, EdgeId* edge);
// The type of an adjacency key: a view into `key`, or into *scratch when
// it had escaped bytes; false if malformed.
bool AdjacencyType(std::string_view key, std::string* scratch, std::string_view* type);
// The trailing id of a names/labels/edge_types key.
bool ParseTrailingId(std::string_view key, uint64_t* id);
// The string field at the start of a names/labels/edge_types key.
bool ParseLeadingString(std::string_view key, std::string* s);

void EncodeNode(const Node& node, std::string* dst);
bool DecodeNode(NodeId id, std::string_view value, Node* node);
void EncodeEdge(const Edge& edge, std::string* dst);
bool DecodeEdge(EdgeId id, std::string_view value, Edge* edge);
// The value of both adjacency entries of `edge`: its weight and properties.
void EncodeAdjacencyValue(const Edge& edge, std::string* dst);
// Sets edge->weight and edge->properties from an adjacency value; false if
// it is malformed or "" (a format-1 entry: read the edge record instead).
bool DecodeAdjacencyValue(std::string_view value, Edge* edge);
void EncodeEvidence(const EvidenceRecord& e, std::string* dst);
bool DecodeEvidence(std::string_view key, std::string_view value, EvidenceRecord* e);

}  // namespace keys
}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_KEYS_H_
