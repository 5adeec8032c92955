// The procedure table (procedures.h): the built-in procedures, the
// registry of added ones, signature types.

#include "query/procedures.h"

#include <algorithm>
#include <mutex>

#include "base/ascii.h"
#include "graph/scanner.h"
#include "query/executor.h"
#include "query/name_search.h"

namespace newsgraph {

const char* ProcTypeName(ProcType t) {
  switch (t) {
    case ProcType::kAny: return "ANY";
    case ProcType::kString: return "STRING";
    case ProcType::kInteger: return "INTEGER";
    case ProcType::kFloat: return "FLOAT";
    case ProcType::kNumber: return "NUMBER";
    case ProcType::kBoolean: return "BOOLEAN";
    case ProcType::kNode: return "NODE";
    case ProcType::kRelationship: return "RELATIONSHIP";
    case ProcType::kMap: return "MAP";
    case ProcType::kList: return "LIST";
  }
  return "ANY";
}

bool ParseProcType(std::string_view name, ProcType* out) {
  for (ProcType t : {ProcType::kAny, ProcType::kString, ProcType::kInteger, ProcType::kFloat, ProcType::kNumber,
                     ProcType::kBoolean, ProcType::kNode, ProcType::kRelationship, ProcType::kMap, ProcType::kList}) {
    std::string_view n = ProcTypeName(t);
    if (EqualsIgnoreCase(name, n) ||
        (t == ProcType::kList && name.size() > 4 && EqualsIgnoreCase(name.substr(0, 5), "LIST "))) {
      *out = t;
      return true;
    }
  }
  return false;
}

bool ProcTypeAccepts(ProcType t, const Value& v) {
  switch (t) {
    case ProcType::kAny: return true;
    case ProcType::kString: return v.is_null() || v.type() == Value::kString;
    case ProcType::kInteger: return v.is_null() || v.type() == Value::kInt;
    case ProcType::kFloat:
    case ProcType::kNumber: return v.is_null() || v.is_number();
    case ProcType::kBoolean: return v.is_null() || v.type() == Value::kBool;
    case ProcType::kNode: return v.is_null() || v.type() == Value::kNode;
    case ProcType::kRelationship: return v.is_null() || v.type() == Value::kRel;
    case ProcType::kMap: return v.is_null() || v.type() == Value::kMap;
    case ProcType::kList: return v.is_null() || v.type() == Value::kList;
  }
  return false;
}

VarKind ProcTypeKind(ProcType t) {
  switch (t) {
    case ProcType::kAny: return VarKind::kUnknown;
    case ProcType::kNode: return VarKind::kNode;
    case ProcType::kRelationship: return VarKind::kRel;
    default: return VarKind::kValue;
  }
}

std::string ProcedureDef::Signature() const {
  auto fields = [](const std::vector<ProcedureField>& list) {
    std::string out;
    for (const ProcedureField& f : list) out += (out.empty() ? "" : ", ") + f.name + " :: " + ProcTypeName(f.type);
    return out;
  };
  return name + "(" + fields(args) + ") :: (" + fields(outputs) + ")";
}

Result<bool> CollectPropertyKeys(const Graph& graph, const std::set<std::string>& wanted, size_t max_records,
                                 std::set<std::string>* keys, bool edges_first) {
  auto done = [&] {
    if (wanted.empty()) return false;
    for (const std::string& k : wanted)
      if (!keys->count(k)) return false;
    return true;
  };
  if (graph.EdgeCount() > 0) keys->insert("weight");  // every edge has one
  if (done()) return true;
  size_t read = 0;
  auto enough = [&] { return done() || (max_records && ++read >= max_records); };
  // Each scan answers true when it stopped before its last record.
  auto nodes = [&]() -> Result<bool> {
    Status s = graph.ForEachNode("", [&](const Node& n) -> Status {
      for (const auto& [k, v] : n.properties) keys->insert(k);
      return enough() ? Status::Stopped() : Status::OK();
    });
    if (s.code() == Status::Code::kStopped) return true;
    NG_RETURN_IF_ERROR(s);
    return false;
  };
  auto edges = [&]() -> Result<bool> {
    GraphScanner scanner(graph);
    Status inner;
    bool cut = false;
    NG_RETURN_IF_ERROR(graph.ScanEdges("", [&](EdgeId id) {
      Result<Edge> e = scanner.GetEdge(id);
      if (!e.ok()) {
        inner = e.status();
        return false;
      }
      for (const auto& [k, v] : e->properties) keys->insert(k);
      return !(cut = enough());
    }));
    NG_RETURN_IF_ERROR(inner);
    return cut;
  };
  Result<bool> cut = edges_first ? edges() : nodes();
  if (!cut.ok()) return cut.status();
  if (cut.value()) return done();
  cut = edges_first ? nodes() : edges();
  if (!cut.ok()) return cut.status();
  return !cut.value() || done();
}

namespace {

using Emit = std::function<Status(std::vector<Value>&)>;

// Emits one row per string.
Status EmitStrings(ProcedureContext& c, const std::vector<std::string>& items) {
  for (const std::string& item : items) {
    std::vector<Value> row{Value(item)};
    NG_RETURN_IF_ERROR(c.emit(row));
  }
  return Status::OK();
}

Status Labels(ProcedureContext& c) {
  std::vector<std::string> labels;
  NG_RETURN_IF_ERROR(c.ex.graph().Labels(&labels));
  return EmitStrings(c, labels);
}

Status RelationshipTypes(ProcedureContext& c) {
  std::vector<std::string> types;
  NG_RETURN_IF_ERROR(c.ex.graph().EdgeTypes(&types));
  return EmitStrings(c, types);
}

Status PropertyKeys(ProcedureContext& c) {
  std::set<std::string> keys;
  Result<bool> all = CollectPropertyKeys(c.ex.graph(), {}, 0, &keys);
  if (!all.ok()) return all.status();
  return EmitStrings(c, std::vector<std::string>(keys.begin(), keys.end()));
}

// SHOW INDEXES: Neo4j 5's columns that apply here. The lookup indexes are
// the label and type families (keys.h), the full-text one the name index.
Status Indexes(ProcedureContext& c) {
  auto list = [](std::vector<std::string> items) {
    ValueList out;
    for (std::string& s : items) out.push_back(Value(std::move(s)));
    return Value(std::move(out));
  };
  int64_t id = 0;
  auto row = [&](const std::string& name, const char* type, const char* entity, Value labels, Value properties) {
    std::vector<Value> r{Value(++id), Value(name), Value("ONLINE"), Value(100.0), Value(type), Value(entity),
                         std::move(labels), std::move(properties)};
    return c.emit(r);
  };
  NG_RETURN_IF_ERROR(row("node_label_lookup", "LOOKUP", "NODE", Value(), Value()));
  NG_RETURN_IF_ERROR(row("relationship_type_lookup", "LOOKUP", "RELATIONSHIP", Value(), Value()));
  NG_RETURN_IF_ERROR(row(kNameIndexName, "FULLTEXT", "NODE", Value(), list({"name", "aliases"})));
  for (const PropertyIndex& index : c.ex.graph().PropertyIndexes())
    NG_RETURN_IF_ERROR(row("index_" + index.label + "_" + index.property, "RANGE", "NODE", list({index.label}),
                           list({index.property})));
  return Status::OK();
}

Status QueryNodes(ProcedureContext& c) {
  if (c.args[0].is_null() || c.args[1].is_null()) return Status::OK();
  const std::string& index = std::get<std::string>(c.args[0].v);
  if (index != kNameIndexName)
    return Status::InvalidArgument("there is no full-text index '" + index + "'; the one that exists is '" +
                                   kNameIndexName + "' (the names and aliases of every node)");
  Result<std::vector<NameHit>> hits = SearchNames(c.ex.graph(), std::get<std::string>(c.args[1].v));
  if (!hits.ok()) return hits.status();
  for (const NameHit& hit : hits.value()) {
    NG_RETURN_IF_ERROR(c.ex.CheckLimits());
    std::vector<Value> row{Value(NodeValue{hit.node, nullptr}), Value(hit.score)};
    NG_RETURN_IF_ERROR(c.emit(row));
  }
  return Status::OK();
}

const std::vector<ProcedureDef>& BuiltIns() {
  using T = ProcType;
  static const std::vector<ProcedureDef> table = {
      {"db.labels", {}, {{"label", T::kString}}, Labels},
      {"db.relationshipTypes", {}, {{"relationshipType", T::kString}}, RelationshipTypes},
      {"db.propertyKeys", {}, {{"propertyKey", T::kString}}, PropertyKeys},
      {"db.indexes",
       {},
       {{"id", T::kInteger}, {"name", T::kString}, {"state", T::kString}, {"populationPercent", T::kFloat},
        {"type", T::kString}, {"entityType", T::kString}, {"labelsOrTypes", T::kList}, {"properties", T::kList}},
       Indexes},
      {"db.index.fulltext.queryNodes",
       {{"indexName", T::kString}, {"queryString", T::kString}},
       {{"node", T::kNode}, {"score", T::kFloat}},
       QueryNodes},
  };
  return table;
}

// Registered procedures, newest last; a lookup takes the newest.
struct Registry {
  std::mutex mu;
  std::vector<std::unique_ptr<ProcedureDef>> defs;
};

Registry& Registered() {
  static Registry* registry = new Registry;  // never destroyed: registrations may end during static destruction
  return *registry;
}

}  // namespace

const ProcedureDef* FindProcedure(std::string_view name) {
  {
    Registry& r = Registered();
    std::lock_guard<std::mutex> lock(r.mu);
    for (auto it = r.defs.rbegin(); it != r.defs.rend(); ++it)
      if (EqualsIgnoreCase((*it)->name, name)) return it->get();
  }
  for (const ProcedureDef& def : BuiltIns())
    if (EqualsIgnoreCase(def.name, name)) return &def;
  return nullptr;
}

std::vector<std::string> ProcedureNames() {
  std::vector<std::string> names;
  for (const ProcedureDef& def : BuiltIns()) names.push_back(def.name);
  Registry& r = Registered();
  std::lock_guard<std::mutex> lock(r.mu);
  for (const auto& def : r.defs) names.push_back(def->name);
  return names;
}

ProcedureRegistration::ProcedureRegistration(ProcedureDef def) {
  auto owned = std::make_unique<ProcedureDef>(std::move(def));
  def_ = owned.get();
  Registry& r = Registered();
  std::lock_guard<std::mutex> lock(r.mu);
  r.defs.push_back(std::move(owned));
}

ProcedureRegistration::~ProcedureRegistration() {
  Registry& r = Registered();
  std::lock_guard<std::mutex> lock(r.mu);
  r.defs.erase(std::remove_if(r.defs.begin(), r.defs.end(), [&](const auto& d) { return d.get() == def_; }),
               r.defs.end());
}

}  // namespace newsgraph
