// Property indexes: the catalog (default CF, "property_index:" keys), point
// lookups, and creating or dropping an index. Entries are written by every
// write path in the batch that writes the node: ingest.cc, mutation.cc,
// bulk_tables.cc (key grammar in keys.h).

#include <algorithm>

#include "graph/coding.h"
#include "graph/rep.h"

namespace newsgraph {

Status LoadPropertyIndexes(Graph::Rep* rep) {
  rep->property_indexes.clear();
  if (!rep->handle(keys::kPropertyIndex)) return Status::OK();
  NG_RETURN_IF_ERROR(ScanPrefix(*rep, keys::kDefault, keys::kPropertyIndexCatalogPrefix,
                                [&](std::string_view k, std::string_view) {
                                  PropertyIndex index;
                                  if (keys::ParsePropertyIndexCatalog(k, &index))
                                    rep->property_indexes.push_back(std::move(index));
                                  return true;
                                }));
  std::sort(rep->property_indexes.begin(), rep->property_indexes.end());
  return Status::OK();
}

const std::vector<PropertyIndex>& Graph::PropertyIndexes() const { return rep_->property_indexes; }

bool Graph::HasPropertyIndex(std::string_view label, std::string_view property) const {
  for (const PropertyIndex& index : rep_->property_indexes)
    if (index.label == label && index.property == property) return true;
  return false;
}

Status Graph::FindByProperty(std::string_view label, std::string_view property, const PropertyValue& value,
                             std::vector<NodeId>* out) const {
  out->clear();
  if (!HasPropertyIndex(label, property))
    return Status::NotFound("no index on :" + std::string(label) + "(" + std::string(property) + ")");
  std::string prefix = keys::PropertyIndexPrefix(label, property);
  if (!keys::IndexValue(value, &prefix)) return Status::InvalidArgument("null and lists are not indexed");
  return ScanPrefix(*rep_, keys::kPropertyIndex, prefix, [&](std::string_view k, std::string_view) {
    uint64_t id;
    if (k.size() == prefix.size() + 8 && keys::ParseTrailingId(k, &id)) out->push_back(id);
    return true;
  });
}

Status Graph::FindByPropertyRange(std::string_view label, std::string_view property, const IndexRange& range,
                                  std::vector<NodeId>* out) const {
  out->clear();
  if (!HasPropertyIndex(label, property))
    return Status::NotFound("no index on :" + std::string(label) + "(" + std::string(property) + ")");
  std::string start, limit;
  if (!keys::PropertyIndexRange(label, property, range.lower, range.upper, range.prefix, &start, &limit))
    return Status::InvalidArgument("an index range needs bounds of one kind: booleans, numbers or strings");
  NG_RETURN_IF_ERROR(ScanRange(*rep_, keys::kPropertyIndex, start, limit, [&](std::string_view k, std::string_view) {
    uint64_t id;
    if (keys::ParseTrailingId(k, &id)) out->push_back(id);
    return true;
  }));
  std::sort(out->begin(), out->end());
  return Status::OK();
}

namespace {

Status NeedPlainWriter(const Graph::Rep& rep) {
  if (rep.read_only) return Status::InvalidArgument(rep.dir + " is open read-only; an index needs a writer");
  if (rep.pending) return Status::InvalidArgument("an index cannot be created or dropped inside a write transaction");
  return Status::OK();
}

}  // namespace

Result<bool> Graph::CreatePropertyIndex(const PropertyIndex& index) {
  NG_RETURN_IF_ERROR(NeedPlainWriter(*rep_));
  if (index.label.empty() || index.property.empty())
    return Status::InvalidArgument("an index needs a label and a property");
  if (HasPropertyIndex(index.label, index.property)) return false;
  rocksdb::WriteBatch batch;
  std::vector<std::string> keys;
  NG_RETURN_IF_ERROR(ForEachNode(index.label, [&](const Node& n) {
    keys::PropertyIndexKeys({index}, n, &keys);
    for (const std::string& k : keys) batch.Put(rep_->handle(keys::kPropertyIndex), k, "");
    return Status::OK();
  }));
  batch.Put(rep_->handle(keys::kDefault), keys::PropertyIndexCatalog(index), "");
  NG_RETURN_IF_ERROR(FromRocks(rep_->db->Write(rocksdb::WriteOptions(), &batch), rep_->dir));
  rep_->property_indexes.push_back(index);
  std::sort(rep_->property_indexes.begin(), rep_->property_indexes.end());
  return true;
}

Result<bool> Graph::DropPropertyIndex(const PropertyIndex& index) {
  NG_RETURN_IF_ERROR(NeedPlainWriter(*rep_));
  if (!HasPropertyIndex(index.label, index.property)) return false;
  rocksdb::WriteBatch batch;
  NG_RETURN_IF_ERROR(ScanPrefix(*rep_, keys::kPropertyIndex, keys::PropertyIndexPrefix(index.label, index.property),
                                [&](std::string_view k, std::string_view) {
                                  batch.Delete(rep_->handle(keys::kPropertyIndex), rocksdb::Slice(k.data(), k.size()));
                                  return true;
                                }));
  batch.Delete(rep_->handle(keys::kDefault), keys::PropertyIndexCatalog(index));
  NG_RETURN_IF_ERROR(FromRocks(rep_->db->Write(rocksdb::WriteOptions(), &batch), rep_->dir));
  auto& catalog = rep_->property_indexes;
  catalog.erase(std::remove(catalog.begin(), catalog.end(), index), catalog.end());
  return true;
}

}  // namespace newsgraph
