// Writing clauses: CREATE, MERGE (ON CREATE SET / ON MATCH SET), SET,
// REMOVE, DELETE and DETACH DELETE, row by row through the Graph's curation
// writes (graph.h). The Graph keeps the query's writes in one batch and its
// reads see them, so a later clause, or a later row of the same MERGE,
// matches what earlier ones created. The executor only drops the records it
// cached for what it changed, and keeps deleted records (deleted_nodes_)
// so that RETURN can still show them.
//
// CREATE of a relationship always makes a new relationship, even when one
// of the same (source, type, target) exists: Cypher's semantics; ingest's
// one-edge-per-triple model is only ingest's (see graph.h).

#include <algorithm>
#include <set>

#include "query/executor.h"

namespace newsgraph {

namespace {

// A storable property value: null, a primitive (a temporal value too), or
// a list of primitives of one type.
Result<PropertyValue> ToProperty(const Value& v, const Expr& at) {
  switch (v.type()) {
    case Value::kNull: return PropertyValue();
    case Value::kBool: return PropertyValue(std::get<bool>(v.v));
    case Value::kInt: return PropertyValue(std::get<int64_t>(v.v));
    case Value::kFloat: return PropertyValue(std::get<double>(v.v));
    case Value::kString: return PropertyValue(std::get<std::string>(v.v));
    case Value::kDate: return PropertyValue(std::get<Date>(v.v));
    case Value::kDuration: return PropertyValue(std::get<Duration>(v.v));
    case Value::kLocalTime: return PropertyValue(std::get<LocalTime>(v.v));
    case Value::kTime: return PropertyValue(std::get<Time>(v.v));
    case Value::kLocalDateTime: return PropertyValue(std::get<LocalDateTime>(v.v));
    case Value::kDateTime: return PropertyValue(std::get<DateTime>(v.v));
    case Value::kList: {
      PropertyList out;
      const ValueList& items = std::get<ValueList>(v.v);
      for (const Value& item : items) {
        bool scalar = (item.type() >= Value::kBool && item.type() <= Value::kString) || item.is_temporal();
        if (item.type() != items[0].type() || !scalar)
          return TypeError(at, "a property list must hold non-null values of one type (Boolean, Integer, Float, "
                               "String or a temporal type), got " + ToLiteral(v));
        Result<PropertyValue> p = ToProperty(item, at);
        if (!p.ok()) return p;
        out.push_back(std::move(p).value());
      }
      return PropertyValue(std::move(out));
    }
    default:
      return TypeError(at, std::string("a ") + TypeName(v.type()) + " cannot be stored as a property");
  }
}


}  // namespace

// Creates what `p` names that is not bound in `row` yet, and binds it.
Status Executor::CreatePath(const PathPattern& p, Row& row, size_t bound_before) {
  auto props_of = [&](const PropertyMap& m, Properties* out) -> Status {
    for (const auto& [key, e] : m.entries) {
      Result<Value> v = Eval(*e, row);
      if (!v.ok()) return v.status();
      Result<PropertyValue> p = ToProperty(v.value(), *e);
      if (!p.ok()) return p.status();
      if (p->is_null()) continue;
      (*out)[key] = std::move(p).value();
    }
    return Status::OK();
  };
  std::vector<NodeId> ids(p.nodes.size());
  for (size_t k = 0; k < p.nodes.size(); ++k) {
    const NodePattern& n = p.nodes[k];
    if (n.slot >= 0 && !row[n.slot].is_null()) {
      if (row[n.slot].type() != Value::kNode)
        return Status::InvalidArgument("variable `" + n.variable + "` is a " + TypeName(row[n.slot].type()) +
                                       ", not a node");
      ids[k] = std::get<NodeValue>(row[n.slot].v).id;
      continue;
    }
    if (n.slot >= 0 && static_cast<size_t>(n.slot) < bound_before)
      return Status::InvalidArgument("cannot create a relationship with a null node (`" + n.variable + "`)");
    Properties props;
    NG_RETURN_IF_ERROR(props_of(n.properties, &props));
    size_t nprops = props.size();
    Result<NodeId> id = writer_->CreateNode(n.labels, std::move(props));
    if (!id.ok()) return id.status();
    ids[k] = id.value();
    ++stats_.nodes_created;
    stats_.properties_set += static_cast<int64_t>(nprops);
    stats_.labels_added += static_cast<int64_t>(std::set<std::string>(n.labels.begin(), n.labels.end()).size());
    if (n.slot >= 0) row[n.slot] = Value(NodeValue{id.value(), nullptr});
  }
  PathValue path;
  path.nodes.push_back(NodeValue{ids[0], nullptr});
  for (size_t k = 0; k < p.rels.size(); ++k) {
    const RelPattern& r = p.rels[k];
    Properties props;
    NG_RETURN_IF_ERROR(props_of(r.properties, &props));
    size_t nprops = props.size();
    bool reversed = r.direction == Direction::kIn;
    Result<EdgeId> id = writer_->CreateEdge(ids[reversed ? k + 1 : k], r.types[0], ids[reversed ? k : k + 1], std::move(props));
    if (!id.ok()) return id.status();
    ++stats_.relationships_created;
    stats_.properties_set += static_cast<int64_t>(nprops);
    if (r.slot >= 0) row[r.slot] = Value(RelValue{id.value(), nullptr});
    path.rels.push_back(RelValue{id.value(), nullptr});
    path.nodes.push_back(NodeValue{ids[k + 1], nullptr});
  }
  if (p.slot >= 0) row[p.slot] = Value(std::move(path));
  return Status::OK();
}

Status Executor::ExecCreate(const Clause& c, const ClauseBinding& b, std::vector<Row>* rows) {
  for (Row& row : *rows) {
    row.resize(b.width);
    for (const PathPattern& p : c.patterns) NG_RETURN_IF_ERROR(CreatePath(p, row, b.before));
  }
  return Status::OK();
}

Status Executor::ExecMerge(const Clause& c, const ClauseBinding& b, std::vector<Row>* rows) {
  const PathPattern& p = c.patterns[0];
  size_t before = b.before;
  std::vector<Row> out;
  for (Row& row : *rows) {
    row.resize(b.width);
    // Null property values can never match, and must not be created.
    std::vector<const PropertyMap*> maps;
    for (const NodePattern& n : p.nodes) maps.push_back(&n.properties);
    for (const RelPattern& r : p.rels) maps.push_back(&r.properties);
    for (const PropertyMap* m : maps)
      for (const auto& [key, e] : m->entries) {
        Result<Value> v = Eval(*e, row);
        if (!v.ok()) return v.status();
        if (v->is_null()) return Status::InvalidArgument("MERGE cannot use a null property value (" + key + ")");
      }
    if (HasNullBoundVariable(c.patterns, row, before))
      return Status::InvalidArgument("MERGE cannot use a variable that is null (line " + std::to_string(c.line) + ")");
    std::vector<Row> matched;
    NG_RETURN_IF_ERROR(Match(c.patterns.data(), c.patterns.size(), -1, /*build_columns=*/false, row, [&](Row& m) {
      matched.push_back(m);
      return Status::OK();
    }));
    if (matched.empty()) {
      NG_RETURN_IF_ERROR(CreatePath(p, row, before));
      NG_RETURN_IF_ERROR(ApplySetItems(c.on_create, false, row));
      out.push_back(std::move(row));
      continue;
    }
    for (Row& m : matched) {
      NG_RETURN_IF_ERROR(ApplySetItems(c.on_match, false, m));
      out.push_back(std::move(m));
    }
    if (out.size() > limits_.max_rows)
      return Status::LimitExceeded("query stopped: more than " + std::to_string(limits_.max_rows) + " rows");
  }
  *rows = std::move(out);
  return Status::OK();
}

Status Executor::ExecSet(const Clause& c, const ClauseBinding& b, std::vector<Row>* rows) {
  for (Row& row : *rows) {
    row.resize(b.width);
    NG_RETURN_IF_ERROR(ApplySetItems(c.set_items, c.kind == Clause::Kind::kRemove, row));
  }
  return Status::OK();
}

Status Executor::ApplySetItems(const std::vector<SetItem>& items, bool remove, Row& row) {
  for (const SetItem& item : items) {
    const Expr& entity_expr = item.kind == SetItem::Kind::kProperty ? *item.target->args[0] : *item.target;
    Result<Value> entity = Eval(entity_expr, row);
    if (!entity.ok()) return entity.status();
    if (entity->is_null()) continue;  // SET on null (OPTIONAL MATCH) does nothing
    bool is_node = entity->type() == Value::kNode;
    if (!is_node && entity->type() != Value::kRel)
      return TypeError(entity_expr, std::string(remove ? "REMOVE" : "SET") + " needs a node or relationship, got " +
                                        TypeName(entity->type()));
    uint64_t id = is_node ? std::get<NodeValue>(entity->v).id : std::get<RelValue>(entity->v).id;
    if (is_node ? deleted_nodes_.count(id) > 0 : deleted_edges_.count(id) > 0)
      return Status::InvalidArgument("cannot change an entity deleted by this query (" + ToLiteral(entity.value()) + ")");
    if (item.kind == SetItem::Kind::kLabels) {
      if (!is_node) return TypeError(entity_expr, "labels belong to nodes, not relationships");
      auto node = LoadNode(id);
      if (!node.ok()) return node.status();
      Node changed = *node.value();
      for (const std::string& l : item.labels) {
        bool has = std::find(changed.labels.begin(), changed.labels.end(), l) != changed.labels.end();
        if (remove && has) {
          changed.labels.erase(std::find(changed.labels.begin(), changed.labels.end(), l));
          ++stats_.labels_removed;
        } else if (!remove && !has) {
          changed.labels.push_back(l);
          ++stats_.labels_added;
        }
      }
      NG_RETURN_IF_ERROR(writer_->UpdateNode(std::move(changed)));
      Forget(id);
      continue;
    }
    // The new property map of the entity.
    Properties props;
    if (is_node) {
      auto node = LoadNode(id);
      if (!node.ok()) return node.status();
      props = node.value()->properties;
    } else {
      auto edge = LoadEdge(id);
      if (!edge.ok()) return edge.status();
      props = edge.value()->properties;
    }
    if (item.kind == SetItem::Kind::kProperty) {
      PropertyValue v;
      if (!remove) {
        Result<Value> value = Eval(*item.value, row);
        if (!value.ok()) return value.status();
        Result<PropertyValue> p = ToProperty(value.value(), *item.value);
        if (!p.ok()) return p.status();
        v = std::move(p).value();
      }
      if (v.is_null()) props.erase(item.target->name);
      else props[item.target->name] = std::move(v);
      ++stats_.properties_set;
    } else {  // n = map / n += map; a node or relationship stands for its properties
      Result<Value> value = Eval(*item.value, row);
      if (!value.ok()) return value.status();
      ValueMap map;
      if (value->type() == Value::kMap) {
        map = std::get<ValueMap>(value->v);
      } else if (value->type() == Value::kNode || value->type() == Value::kRel) {
        const Properties* from;
        std::shared_ptr<const Node> n;
        std::shared_ptr<const Edge> r;
        if (value->type() == Value::kNode) {
          auto loaded = LoadNode(std::get<NodeValue>(value->v).id);
          if (!loaded.ok()) return loaded.status();
          n = loaded.value();
          from = &n->properties;
        } else {
          auto loaded = LoadEdge(std::get<RelValue>(value->v).id);
          if (!loaded.ok()) return loaded.status();
          r = loaded.value();
          from = &r->properties;
        }
        for (const auto& [k, v] : *from) map[k] = Value::FromProperty(v);
      } else if (!value->is_null() || item.kind == SetItem::Kind::kMergeMap) {
        return TypeError(*item.value, std::string("SET needs a map, got ") + TypeName(value->type()));
      }
      if (item.kind == SetItem::Kind::kReplaceMap) {
        stats_.properties_set += static_cast<int64_t>(props.size());
        props.clear();
      }
      for (const auto& [k, v] : map) {
        std::string problem = StoredNameProblem(k, /*key=*/true);
        if (!problem.empty())
          return Status::InvalidArgument("a property key that " + problem + " cannot be stored: `" + k + "` (" +
                                         Where(*item.value) + ")");
        Result<PropertyValue> p = ToProperty(v, *item.value);
        if (!p.ok()) return p.status();
        if (p->is_null()) props.erase(k);
        else props[k] = std::move(p).value();
        ++stats_.properties_set;
      }
    }
    if (is_node) {
      auto node = LoadNode(id);
      if (!node.ok()) return node.status();
      Node changed = *node.value();
      changed.properties = std::move(props);
      NG_RETURN_IF_ERROR(writer_->UpdateNode(std::move(changed)));
      Forget(id);
    } else {
      NG_RETURN_IF_ERROR(writer_->SetEdgeProperties(id, std::move(props)));
      ForgetEdge(id);
    }
  }
  return Status::OK();
}

Status Executor::DeleteValue(const Value& v, bool detach, const Expr& at) {
  switch (v.type()) {
    case Value::kNull: return Status::OK();
    case Value::kNode: {
      NodeId id = std::get<NodeValue>(v.v).id;
      if (deleted_nodes_.count(id)) return Status::OK();
      auto node = LoadNode(id);
      if (!node.ok()) return node.status();
      if (detach) {
        std::vector<Neighbor> edges;
        NG_RETURN_IF_ERROR(graph_.Neighbors(id, Direction::kBoth, "", &edges));
        for (const Neighbor& nb : edges) {
          if (deleted_edges_.count(nb.edge)) continue;
          auto edge = LoadEdge(nb.edge);
          if (!edge.ok()) return edge.status();
          deleted_edges_[nb.edge] = edge.value();
          ForgetEdge(nb.edge);
          ++stats_.relationships_deleted;
        }
      }
      NG_RETURN_IF_ERROR(writer_->DeleteNode(id, detach));
      deleted_nodes_[id] = node.value();
      Forget(id);
      ++stats_.nodes_deleted;
      return Status::OK();
    }
    case Value::kRel: {
      EdgeId id = std::get<RelValue>(v.v).id;
      if (deleted_edges_.count(id)) return Status::OK();
      auto edge = LoadEdge(id);
      if (!edge.ok()) return edge.status();
      NG_RETURN_IF_ERROR(writer_->DeleteEdge(id));
      deleted_edges_[id] = edge.value();
      ForgetEdge(id);
      ++stats_.relationships_deleted;
      return Status::OK();
    }
    case Value::kPath: {
      const PathValue& p = std::get<PathValue>(v.v);
      for (const RelValue& r : p.rels) NG_RETURN_IF_ERROR(DeleteValue(Value(r), detach, at));
      for (const NodeValue& n : p.nodes) NG_RETURN_IF_ERROR(DeleteValue(Value(n), detach, at));
      return Status::OK();
    }
    case Value::kList:
      for (const Value& item : std::get<ValueList>(v.v)) NG_RETURN_IF_ERROR(DeleteValue(item, detach, at));
      return Status::OK();
    default:
      return TypeError(at, std::string("DELETE needs a node, relationship or path, got ") + TypeName(v.type()));
  }
}

Status Executor::ExecDelete(const Clause& c, const ClauseBinding& b, std::vector<Row>* rows) {
  for (Row& row : *rows) {
    row.resize(b.width);
    for (const auto& e : c.delete_exprs) {
      Result<Value> v = Eval(*e, row);
      if (!v.ok()) return v.status();
      NG_RETURN_IF_ERROR(DeleteValue(v.value(), c.detach, *e));
    }
  }
  return Status::OK();
}

}  // namespace newsgraph
