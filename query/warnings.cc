// Warnings about names a query reads that the graph does not hold (warnings.h).

#include "query/warnings.h"

#include <map>
#include <set>
#include <sstream>

#include "base/spelling.h"
#include "query/name_search.h"
#include "query/procedures.h"

namespace newsgraph {

namespace {

constexpr size_t kMaxKeyRecords = 200000;

struct Use {
  std::string name;
  int line = 0, column = 0;
  bool on_relationship = false;  // a property key read on a relationship
};

std::string At(const Use& u) { return "line " + std::to_string(u.line) + ", column " + std::to_string(u.column); }

// What a query reads and writes, by name, from its syntax tree.
class NameUses {
 public:
  void Collect(const Query& q) {
    Variables(q.clauses);
    for (const auto& [all, part] : q.unions) Variables(part);
    Clauses(q.clauses);
    for (const auto& [all, part] : q.unions) Clauses(part);
  }

  std::vector<Use> labels, types, keys, names;
  std::set<std::string> written_labels, written_types, written_keys;
  bool creates = false;

 private:
  // Node and relationship variables: whose `.key` is a property key.
  void Variables(const std::vector<Clause>& clauses) {
    for (const Clause& c : clauses) {
      for (const PathPattern& p : c.patterns) {
        for (const NodePattern& n : p.nodes) entity_vars_.insert(n.variable);
        for (const RelPattern& r : p.rels) {
          entity_vars_.insert(r.variable);
          rel_vars_.insert(r.variable);
        }
      }
      if (c.kind != Clause::Kind::kCall || !c.call.procedure) continue;
      for (const YieldItem& y : c.call.yields) {
        ProcType t = c.call.procedure->outputs[y.output].type;
        if (t == ProcType::kNode || t == ProcType::kRelationship) entity_vars_.insert(y.variable);
      }
    }
  }

  void Clauses(const std::vector<Clause>& clauses) {
    for (const Clause& c : clauses) {
      switch (c.kind) {
        case Clause::Kind::kMatch:
          for (const PathPattern& p : c.patterns) ReadPattern(p, /*match=*/true);
          break;
        case Clause::Kind::kCreate:
        case Clause::Kind::kMerge:
          creates = true;
          for (const PathPattern& p : c.patterns) WrittenPattern(p);
          SetItems(c.on_create);
          SetItems(c.on_match);
          break;
        case Clause::Kind::kSet: SetItems(c.set_items); break;
        default: break;
      }
      Expression(c.where.get());
      Expression(c.unwind.get());
      for (const auto& e : c.call.args) Expression(e.get());
      for (const auto& e : c.delete_exprs) Expression(e.get());
      const Projection& p = c.projection;
      for (const ProjectionItem& item : p.items) Expression(item.expr.get());
      for (const SortItem& s : p.order) Expression(s.expr.get());
      Expression(p.where.get());
    }
  }

  void ReadPattern(const PathPattern& p, bool match) {
    for (const NodePattern& n : p.nodes) {
      for (const std::string& l : n.labels) labels.push_back({l, n.line, n.column});
      for (const auto& [key, e] : n.properties.entries) {
        keys.push_back({key, e->line, e->column});
        if (match && key == "name" && e->kind == Expr::Kind::kLiteral && e->value.type() == Value::kString)
          names.push_back({std::get<std::string>(e->value.v), e->line, e->column});
        Expression(e.get());
      }
    }
    for (const RelPattern& r : p.rels) {
      for (const std::string& t : r.types) types.push_back({t, r.line, r.column});
      for (const auto& [key, e] : r.properties.entries) {
        keys.push_back({key, e->line, e->column, true});
        Expression(e.get());
      }
      for (const EdgeFilter& f : r.filters) {  // a WHERE part the planner moved onto the relationship
        keys.push_back({f.key, f.line, f.column, true});
        Expression(f.operand.get());
      }
    }
  }

  void WrittenPattern(const PathPattern& p) {
    for (const NodePattern& n : p.nodes) {
      written_labels.insert(n.labels.begin(), n.labels.end());
      for (const auto& [key, e] : n.properties.entries) {
        written_keys.insert(key);
        Expression(e.get());
      }
    }
    for (const RelPattern& r : p.rels) {
      written_types.insert(r.types.begin(), r.types.end());
      for (const auto& [key, e] : r.properties.entries) {
        written_keys.insert(key);
        Expression(e.get());
      }
    }
  }

  void SetItems(const std::vector<SetItem>& items) {
    for (const SetItem& item : items) {
      written_labels.insert(item.labels.begin(), item.labels.end());
      if (item.kind == SetItem::Kind::kProperty && item.target) written_keys.insert(item.target->name);
      if (item.value && item.value->kind == Expr::Kind::kMap)
        written_keys.insert(item.value->keys.begin(), item.value->keys.end());
      Expression(item.value.get());
    }
  }

  void Expression(const Expr* e) {
    if (!e) return;
    if (e->kind == Expr::Kind::kProperty && !e->args.empty() && e->args[0]->kind == Expr::Kind::kVariable &&
        entity_vars_.count(e->args[0]->name))
      keys.push_back({e->name, e->line, e->column, rel_vars_.count(e->args[0]->name) > 0});
    if (e->kind == Expr::Kind::kFunction && e->name == "__hasLabels") {  // n:Label (r:TYPE) in an expression
      bool rel = e->args[0]->kind == Expr::Kind::kVariable && rel_vars_.count(e->args[0]->name);
      for (size_t i = 1; i < e->args.size(); ++i)
        if (e->args[i]->kind == Expr::Kind::kLiteral && e->args[i]->value.type() == Value::kString)
          (rel ? types : labels).push_back({std::get<std::string>(e->args[i]->value.v), e->line, e->column});
    }
    if (e->pattern) ReadPattern(*e->pattern, /*match=*/false);
    for (const auto& a : e->args) Expression(a.get());
    Expression(e->else_expr.get());
  }

  std::set<std::string> entity_vars_, rel_vars_;
};

std::string Suggest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string near = NearestWord(word, candidates);
  return near.empty() ? "" : "; did you mean " + near + "?";
}

// Warnings for labels (`labels` true) or relationship types: one seek
// each to see whether the graph holds it; the list of all, read once,
// when one is missing.
Status CheckTokens(const Graph& graph, bool labels, const std::vector<Use>& uses, const std::set<std::string>& written,
                   std::vector<std::string>* out) {
  std::set<std::string> done;
  std::vector<std::string> candidates;
  bool listed = false;
  for (const Use& u : uses) {
    if (written.count(u.name) || !done.insert(u.name).second) continue;
    bool any = false;
    auto found = [&](uint64_t) { return !(any = true); };  // stop at the first
    NG_RETURN_IF_ERROR(labels ? graph.ScanNodes(u.name, found) : graph.ScanEdges(u.name, found));
    if (any) continue;
    if (!listed) NG_RETURN_IF_ERROR(labels ? graph.Labels(&candidates) : graph.EdgeTypes(&candidates));
    listed = true;
    out->push_back(std::string(labels ? "no label " : "no relationship type ") + u.name + " in this graph" +
                   Suggest(u.name, candidates) + " (" + At(u) + ")");
  }
  return Status::OK();
}

// The alias of `node` whose name-index key is `key`, as stored.
std::string StoredAlias(const Node& node, const std::string& key) {
  auto it = node.properties.find("aliases");
  if (it != node.properties.end()) {
    Value aliases = Value::FromProperty(it->second);
    std::vector<Value> items = aliases.type() == Value::kList ? std::get<ValueList>(aliases.v) : ValueList{aliases};
    for (const Value& a : items)
      if (a.type() == Value::kString && NameIndexKey(std::get<std::string>(a.v)) == key) return std::get<std::string>(a.v);
  }
  return key;
}

// {name: 'x'} in a MATCH that no node's name equals: the node the name
// index (case ignored, aliases) or a fuzzy search finds instead.
Status CheckNames(const Graph& graph, const std::vector<Use>& names, std::vector<std::string>* out) {
  const char* kWhy = "; {name: ...} compares exactly, as n.name = ... does";
  std::set<std::string> done;
  for (const Use& u : names) {
    if (!done.insert(u.name).second) continue;
    std::vector<NodeId> ids;
    NG_RETURN_IF_ERROR(graph.FindByName(u.name, &ids));
    std::string suggestion;
    for (NodeId id : ids) {
      Result<std::shared_ptr<const Node>> n = graph.GetSharedNode(id);
      if (!n.ok()) return n.status();
      const std::string* name = StringProperty(*n.value(), "name");
      if (!name) continue;
      if (*name == u.name) {
        suggestion.clear();
        break;
      }
      if (!suggestion.empty()) continue;
      suggestion = "'" + *name + "'";
      if (NameIndexKey(*name) == NameIndexKey(u.name)) continue;
      for (const std::string& alias : NodeNameKeys(*n.value()))  // lower-cased: find the stored spelling
        if (alias == NameIndexKey(u.name)) suggestion += " (it has the alias '" + StoredAlias(*n.value(), alias) + "')";
    }
    if (ids.empty()) {
      std::string fuzzy;  // each word within two edits
      std::istringstream words(u.name);
      for (std::string w; words >> w;) fuzzy += w + "~ ";
      Result<std::vector<NameHit>> hits = SearchNames(graph, fuzzy);
      if (hits.ok() && !hits->empty()) {
        Result<std::shared_ptr<const Node>> n = graph.GetSharedNode(hits->front().node);
        if (!n.ok()) return n.status();
        const std::string* name = StringProperty(*n.value(), "name");
        // Only a slip of the whole name (as base/spelling.h judges it), not a word shared.
        if (name && !NearestWord(u.name, {*name}).empty()) suggestion = "'" + *name + "'";
      }
    }
    if (!suggestion.empty())
      out->push_back("no node is named '" + u.name + "'; did you mean " + suggestion + "? (" + At(u) + kWhy + ")");
  }
  return Status::OK();
}

}  // namespace

Result<std::vector<std::string>> UnknownNameWarnings(const Query& query, const Graph& graph) {
  NameUses uses;
  uses.Collect(query);
  std::vector<std::string> out;
  NG_RETURN_IF_ERROR(CheckTokens(graph, true, uses.labels, uses.written_labels, &out));
  NG_RETURN_IF_ERROR(CheckTokens(graph, false, uses.types, uses.written_types, &out));
  std::set<std::string> wanted;
  bool edges_first = true;  // every key is read on a relationship: look there first
  for (const Use& u : uses.keys)
    if (!uses.written_keys.count(u.name)) {
      wanted.insert(u.name);
      edges_first = edges_first && u.on_relationship;
    }
  if (!wanted.empty()) {
    std::set<std::string> seen;
    Result<bool> complete = CollectPropertyKeys(graph, wanted, kMaxKeyRecords, &seen, edges_first);
    if (!complete.ok()) return complete.status();
    if (complete.value()) {
      std::vector<std::string> candidates(seen.begin(), seen.end());
      std::set<std::string> done;
      for (const Use& u : uses.keys)
        if (wanted.count(u.name) && !seen.count(u.name) && done.insert(u.name).second)
          out.push_back("no property key " + u.name + " in this graph" + Suggest(u.name, candidates) + " (" + At(u) +
                        ")");
    }
  }
  if (!uses.creates) NG_RETURN_IF_ERROR(CheckNames(graph, uses.names, &out));
  return out;
}

}  // namespace newsgraph
