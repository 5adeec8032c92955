// Clause execution over materialised rows, and RunQuery.

#include "query/executor.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "query/aggregate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "query/parser.h"
#include "query/planner.h"

namespace newsgraph {


namespace {

// Marks aggregate calls in `e` with their index in `out`; nested aggregates
// are an error.
Status CollectAggregates(Expr* e, std::vector<Expr*>* out, bool inside) {
  if (!e) return Status::OK();
  bool is_agg = e->kind == Expr::Kind::kCountStar || (e->kind == Expr::Kind::kFunction && IsAggregateName(e->name));
  if (e->kind == Expr::Kind::kFunction && inside && e->name == "rand")
    return Status::InvalidArgument("an aggregate cannot take rand(): its result would not be defined (line " +
                                   std::to_string(e->line) + ")");
  if (is_agg) {
    if (inside) return Status::InvalidArgument("an aggregate cannot contain another (line " + std::to_string(e->line) + ")");
    e->aggregate = static_cast<int>(out->size());
    out->push_back(e);
  }
  for (auto& a : e->args) NG_RETURN_IF_ERROR(CollectAggregates(a.get(), out, inside || is_agg));
  return CollectAggregates(e->else_expr.get(), out, inside || is_agg);
}

bool HasAggregate(const Expr& e) {
  if (e.aggregate >= 0) return true;
  for (const auto& a : e.args)
    if (a && HasAggregate(*a)) return true;
  return e.else_expr && HasAggregate(*e.else_expr);
}

// What a projected expression is, as far as is known before running.
VarKind KindOf(const Expr& e, const Scope& scope) {
  switch (e.kind) {
    case Expr::Kind::kVariable: return e.slot >= 0 ? scope.kinds[e.slot] : VarKind::kUnknown;
    case Expr::Kind::kLiteral: return e.value.is_null() ? VarKind::kUnknown : VarKind::kValue;
    case Expr::Kind::kList:
    case Expr::Kind::kMap:
    case Expr::Kind::kListComprehension:
    case Expr::Kind::kPatternComprehension: return VarKind::kValue;
    default: return VarKind::kUnknown;
  }
}

struct RowKeyLess {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
      if (int c = CompareForOrder(a[i], b[i])) return c < 0;
    return a.size() < b.size();
  }
};

}  // namespace

namespace {

// Resident memory of this process in bytes; 0 where unknown.
size_t ResidentBytes() {
  int fd = ::open("/proc/self/statm", O_RDONLY);
  if (fd < 0) return 0;
  char buf[128];
  ssize_t n = ::read(fd, buf, sizeof(buf) - 1);
  ::close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  unsigned long long size = 0, resident = 0;
  if (std::sscanf(buf, "%llu %llu", &size, &resident) != 2) return 0;
  return static_cast<size_t>(resident) * static_cast<size_t>(::sysconf(_SC_PAGESIZE));
}

// The lowest address this thread's frames may reach while matching: a
// quarter of the stack (at least 1 MiB) stays free for what runs between
// two Ticks (binding, evaluating, emitting a row). 0 where unknown. Found
// once per thread: on the main thread glibc reads /proc/self/maps for it,
// which cost ten times a point lookup when done per query.
uintptr_t StackFloor() {
  thread_local const uintptr_t floor = [] {
    pthread_attr_t attr;
    if (::pthread_getattr_np(::pthread_self(), &attr) != 0) return uintptr_t{0};
    void* low = nullptr;
    size_t size = 0;
    int rc = ::pthread_attr_getstack(&attr, &low, &size);
    ::pthread_attr_destroy(&attr);
    if (rc != 0 || size < (size_t{4} << 20)) return uintptr_t{0};  // too small to judge: no check
    return reinterpret_cast<uintptr_t>(low) + std::max(size / 4, size_t{1} << 20);
  }();
  return floor;
}

}  // namespace

Executor::Executor(const Graph& graph, Graph* writer, const Params& params, const QueryLimits& limits)
    : graph_(graph),
      writer_(writer),
      params_(params),
      limits_(limits),
      start_(std::chrono::steady_clock::now()),
      memory_checked_(start_),
      stack_floor_(StackFloor()) {}

Status Executor::CheckMemory() {
  if (limits_.max_memory_mb == 0 || ++memory_calls_ % 64 != 0) return Status::OK();
  auto now = std::chrono::steady_clock::now();
  if (now - memory_checked_ < std::chrono::milliseconds(1)) return Status::OK();
  memory_checked_ = now;
  size_t resident = ResidentBytes();
  if (resident == 0) return Status::OK();  // unknown here
  // The baseline is taken at the first reading, about 1 ms in: a query that
  // ends sooner never reads /proc.
  if (resident_at_start_ == 0) resident_at_start_ = resident;
  if (resident > resident_at_start_ && resident - resident_at_start_ > (limits_.max_memory_mb << 20))
    return Status::LimitExceeded("query stopped: it took more than " + std::to_string(limits_.max_memory_mb) +
                                 " MiB of memory (raise --max-memory, or add LIMIT)");
  return Status::OK();
}

Status Executor::Tick(size_t steps) {
  steps_ += steps;
  if (reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < stack_floor_)
    return Status::LimitExceeded("query stopped: a variable-length pattern went too many hops deep for the stack "
                                 "(bound it: *1..100)");
  NG_RETURN_IF_ERROR(CheckMemory());
  if (steps_ > limits_.max_expansions)
    return Status::LimitExceeded("query stopped after " + std::to_string(limits_.max_expansions) +
                                 " expansion steps (raise --max-expansions, or bound the pattern: *1..3, LIMIT)");
  if ((steps_ & 1023) < steps || steps >= 1024) {
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (elapsed > limits_.timeout_seconds)
      return Status::LimitExceeded("query stopped after " + std::to_string(static_cast<int>(limits_.timeout_seconds)) +
                                   " s (raise --timeout, or bound the pattern)");
  }
  return Status::OK();
}

Result<std::shared_ptr<const Node>> Executor::LoadNode(NodeId id) {
  auto it = nodes_.find(id);
  if (it != nodes_.end()) return it->second;
  Result<Node> n = graph_.GetNode(id);
  if (!n.ok()) {
    auto gone = deleted_nodes_.find(id);
    if (gone != deleted_nodes_.end()) return gone->second;
    return n.status();
  }
  auto shared = std::make_shared<const Node>(std::move(n).value());
  nodes_.emplace(id, shared);
  return shared;
}

namespace {
constexpr size_t kEdgeSlots = 4096;
}  // namespace

void Executor::RememberEdge(std::shared_ptr<const Edge> edge) {
  if (writer_) {
    edges_.emplace(edge->id, std::move(edge));
    return;
  }
  if (edge_slots_.empty()) edge_slots_.resize(kEdgeSlots);
  EdgeId id = edge->id;
  edge_slots_[id % kEdgeSlots] = std::move(edge);
}

Result<std::shared_ptr<const Edge>> Executor::LoadEdge(EdgeId id) {
  if (!writer_) {
    if (edge_slots_.empty()) edge_slots_.resize(kEdgeSlots);
    std::shared_ptr<const Edge>& slot = edge_slots_[id % kEdgeSlots];
    if (slot && slot->id == id) return slot;
    Result<Edge> e = scanner_.GetEdge(id);
    if (!e.ok()) return e.status();
    slot = std::make_shared<const Edge>(std::move(e).value());
    return slot;
  }
  auto it = edges_.find(id);
  if (it != edges_.end()) return it->second;
  Result<Edge> e = scanner_.GetEdge(id);
  if (!e.ok()) {
    auto gone = deleted_edges_.find(id);
    if (gone != deleted_edges_.end()) return gone->second;
    return e.status();
  }
  auto shared = std::make_shared<const Edge>(std::move(e).value());
  edges_.emplace(id, shared);
  return shared;
}

Status Executor::Materialize(Value* v) {
  switch (v->type()) {
    case Value::kNode: {
      auto& n = std::get<NodeValue>(v->v);
      auto data = LoadNode(n.id);
      if (!data.ok()) return data.status();
      n.data = data.value();
      return Status::OK();
    }
    case Value::kRel: {
      auto& r = std::get<RelValue>(v->v);
      auto data = LoadEdge(r.id);
      if (!data.ok()) return data.status();
      r.data = data.value();
      return Status::OK();
    }
    case Value::kPath: {
      auto& p = std::get<PathValue>(v->v);
      for (NodeValue& n : p.nodes) {
        auto data = LoadNode(n.id);
        if (!data.ok()) return data.status();
        n.data = data.value();
      }
      for (RelValue& r : p.rels) {
        auto data = LoadEdge(r.id);
        if (!data.ok()) return data.status();
        r.data = data.value();
      }
      return Status::OK();
    }
    case Value::kList:
      for (Value& item : std::get<ValueList>(v->v)) NG_RETURN_IF_ERROR(Materialize(&item));
      return Status::OK();
    case Value::kMap:
      for (auto& [k, item] : std::get<ValueMap>(v->v)) NG_RETURN_IF_ERROR(Materialize(&item));
      return Status::OK();
    default: return Status::OK();
  }
}

Status Executor::ExecMatch(Clause& c, Scope* scope, std::vector<Row>* rows) {
  size_t before = scope->names.size();
  NG_RETURN_IF_ERROR(BindPatterns(&c.patterns, scope));
  NG_RETURN_IF_ERROR(Bind(c.where.get(), scope));
  if (c.where && HasAggregateCall(*c.where))
    return Status::InvalidArgument("WHERE cannot use an aggregate (line " + std::to_string(c.where->line) + ")");
  if (c.where && c.where->kind == Expr::Kind::kVariable && scope->kinds[c.where->slot] != VarKind::kUnknown &&
      scope->kinds[c.where->slot] != VarKind::kValue)
    return TypeError(*c.where, "WHERE needs a boolean, not a node, relationship or path");
  if (!c.count_variable.empty()) c.count_slot = scope->Add(c.count_variable, VarKind::kValue);
  size_t width = scope->names.size();
  std::vector<Row> out;
  for (Row& in : *rows) {
    in.resize(width);
    size_t produced = 0;
    // A variable bound to null before this clause (OPTIONAL MATCH) matches nothing.
    Status s = HasNullBoundVariable(c.patterns, in, before) ? Status::OK() : Match(c.patterns, c.count_slot, in, [&](Row& row) -> Status {
      if (c.where) {
        Result<Value> keep = Eval(*c.where, row);
        if (!keep.ok()) return keep.status();
        if (keep->type() != Value::kBool && !keep->is_null())
          return TypeError(*c.where, std::string("WHERE needs a boolean, got ") + TypeName(keep->type()));
        if (keep->is_null() || !std::get<bool>(keep->v)) return Status::OK();
      }
      out.push_back(row);
      // A row of a counted tail carries its count; any other stands for one.
      if (c.count_slot >= 0 && out.back()[c.count_slot].is_null()) out.back()[c.count_slot] = Value(int64_t{1});
      ++produced;
      NG_RETURN_IF_ERROR(CheckMemory());
      if (out.size() > limits_.max_rows)
        return Status::LimitExceeded("query stopped: more than " + std::to_string(limits_.max_rows) +
                                     " rows (raise --max-rows, or add LIMIT)");
      return Status::OK();
    });
    NG_RETURN_IF_ERROR(s);
    if (c.optional && produced == 0) {
      for (size_t i = before; i < width; ++i) in[i] = Value();
      out.push_back(in);
    }
  }
  *rows = std::move(out);
  return Status::OK();
}

Result<int64_t> Executor::EvalCount(Expr* e, const char* what) {
  Scope empty;
  NG_RETURN_IF_ERROR(Bind(e, &empty));
  Row row;
  Result<Value> v = Eval(*e, row);
  if (!v.ok()) return v.status();
  if (v->type() != Value::kInt || std::get<int64_t>(v->v) < 0)
    return Status::InvalidArgument(std::string(what) + " needs a non-negative integer, got " + ToLiteral(v.value()));
  return std::get<int64_t>(v->v);
}

Status Executor::ExecProjection(Projection& p, bool is_return, Scope* scope, std::vector<Row>* rows,
                                std::vector<std::string>* columns) {
  // RETURN * / WITH *: every named variable, by name.
  bool star = p.star;  // WITH * over no named variables keeps the rows, with no columns
  if (p.star) {
    std::vector<std::string> names;
    for (const std::string& n : scope->names)
      if (!n.empty() && n[0] != '\x01' && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    std::sort(names.begin(), names.end());
    std::vector<ProjectionItem> star;
    for (const std::string& n : names) {
      ProjectionItem item;
      item.expr = std::make_unique<Expr>();
      item.expr->kind = Expr::Kind::kVariable;
      item.expr->name = n;
      item.alias = n;
      star.push_back(std::move(item));
    }
    for (ProjectionItem& item : p.items) star.push_back(std::move(item));
    p.items = std::move(star);
    p.star = false;
  }
  if (p.items.empty() && !(star && !is_return)) return Status::InvalidArgument("RETURN/WITH has no items");
  std::vector<Expr*> aggs;
  for (ProjectionItem& item : p.items) {
    if (item.expr->kind == Expr::Kind::kPattern)
      return Status::InvalidArgument("a pattern cannot be projected ('" + item.alias + "'); use it in WHERE, or exists()");
    NG_RETURN_IF_ERROR(Bind(item.expr.get(), scope));
    NG_RETURN_IF_ERROR(CollectAggregates(item.expr.get(), &aggs, false));
    if (!is_return && !item.explicit_alias && item.expr->kind != Expr::Kind::kVariable)
      return Status::InvalidArgument("WITH needs an alias for '" + item.alias + "' (write: " + item.alias + " AS name)");
  }
  if (!aggs.empty()) NG_RETURN_IF_ERROR(CheckGroupingKeys(p));
  for (size_t i = 0; i < p.items.size(); ++i)
    for (size_t j = i + 1; j < p.items.size(); ++j)
      if (p.items[i].alias == p.items[j].alias)
        return Status::InvalidArgument("column name '" + p.items[i].alias + "' is used twice; give one an alias");
  // Binding may add slots (list comprehension variables): widen the rows.
  for (Row& row : *rows) row.resize(scope->names.size());
  size_t n = p.items.size();
  Scope old_scope = *scope;
  bool grouping = !aggs.empty();

  // ORDER BY sees the projected names and, without grouping or DISTINCT,
  // the variables before the projection too.
  Scope out_scope;
  for (const ProjectionItem& item : p.items) out_scope.Add(item.alias, KindOf(*item.expr, old_scope));
  Scope sort_scope = out_scope;
  bool sort_sees_old = !grouping && !p.distinct;
  if (sort_sees_old)
    for (size_t i = 0; i < old_scope.names.size(); ++i)  // an alias hides the variable it renames
      sort_scope.Add(out_scope.Find(old_scope.names[i]) >= 0 ? "\x01" : old_scope.names[i], old_scope.kinds[i]);
  bool keep_old = sort_sees_old && (!p.order.empty() || p.where);  // rows carry the old values too
  std::vector<int> sort_column(p.order.size(), -1);
  for (size_t i = 0; i < p.order.size(); ++i) {
    for (size_t k = 0; k < n; ++k)
      if (p.items[k].alias == p.order[i].text) sort_column[i] = static_cast<int>(k);
    if (sort_column[i] < 0) {
      if (!sort_sees_old) ReplaceProjected(&p.order[i].expr, p, /*whole=*/true);
      Status b = Bind(p.order[i].expr.get(), &sort_scope);
      if (!b.ok() && !sort_sees_old)
        return Status::InvalidArgument(b.message() + "; after an aggregation or DISTINCT, ORDER BY can use only the returned columns");
      NG_RETURN_IF_ERROR(b);
      std::vector<Expr*> sort_aggs;
      NG_RETURN_IF_ERROR(CollectAggregates(p.order[i].expr.get(), &sort_aggs, false));
      if (!sort_aggs.empty()) return Status::InvalidArgument("ORDER BY '" + p.order[i].text + "' uses an aggregate that is not returned; return it with an alias and order by the alias");
    }
  }

  std::vector<Row> out;  // each: n projected values [+ old row for sorting]
  // WITH DISTINCT ... WHERE may use the variables before the projection
  // too: it filters the rows before they are made distinct.
  bool where_first = !grouping && p.distinct && p.where;
  Scope where_first_scope = out_scope;
  if (where_first) {
    for (size_t i = 0; i < old_scope.names.size(); ++i)
      where_first_scope.Add(out_scope.Find(old_scope.names[i]) >= 0 ? "\x01" : old_scope.names[i], old_scope.kinds[i]);
    NG_RETURN_IF_ERROR(Bind(p.where.get(), &where_first_scope));
  }
  if (!grouping) {
    std::set<std::vector<Value>, RowKeyLess> seen;
    for (Row& row : *rows) {
      Row projected(n);
      for (size_t k = 0; k < n; ++k) {
        Result<Value> v = Eval(*p.items[k].expr, row);
        if (!v.ok()) return v.status();
        projected[k] = std::move(v).value();
      }
      if (where_first) {
        Row both = projected;
        both.insert(both.end(), row.begin(), row.end());
        both.resize(where_first_scope.names.size());
        Result<Value> keep = Eval(*p.where, both);
        if (!keep.ok()) return keep.status();
        if (keep->type() != Value::kBool || !std::get<bool>(keep->v)) continue;
      }
      if (p.distinct && !seen.insert(projected).second) continue;
      if (keep_old) projected.insert(projected.end(), row.begin(), row.end());
      out.push_back(std::move(projected));
    }
  } else {
    std::vector<size_t> key_items;
    for (size_t k = 0; k < n; ++k)
      if (!HasAggregate(*p.items[k].expr)) key_items.push_back(k);
    struct Group {
      Row first;
      std::vector<AggState> states;
    };
    std::map<std::vector<Value>, size_t, RowKeyLess> index;
    std::vector<std::pair<std::vector<Value>, Group>> groups;
    for (Row& row : *rows) {
      std::vector<Value> key;
      for (size_t k : key_items) {
        Result<Value> v = Eval(*p.items[k].expr, row);
        if (!v.ok()) return v.status();
        key.push_back(std::move(v).value());
      }
      auto it = index.find(key);
      if (it == index.end()) {
        it = index.emplace(key, groups.size()).first;
        groups.push_back({key, Group{row, std::vector<AggState>(aggs.size())}});
        if (groups.size() > limits_.max_rows) return Status::LimitExceeded("query stopped: more than " + std::to_string(limits_.max_rows) + " groups");
      }
      Group& g = groups[it->second].second;
      for (size_t a = 0; a < aggs.size(); ++a) {
        Value v;
        if (aggs[a]->kind != Expr::Kind::kCountStar) {
          bool percentile = IsPercentile(aggs[a]->name);
          if (aggs[a]->args.size() != (percentile ? 2u : 1u))
            return Status::InvalidArgument(aggs[a]->name + "() takes " + (percentile ? "2 arguments" : "1 argument") +
                                           " (line " + std::to_string(aggs[a]->line) + ")");
          if (percentile) {
            Result<Value> p = Eval(*aggs[a]->args[1], row);
            if (!p.ok()) return p.status();
            if (!p->is_number() || p->as_double() < 0 || p->as_double() > 1)
              return Status::InvalidArgument(aggs[a]->name + "() needs a percentile between 0.0 and 1.0, got " +
                                             ToLiteral(p.value()));
            g.states[a].percentile = p->as_double();
          }
          aggs[a]->aggregate = -1;  // evaluate the argument, not the result
          Result<Value> r = Eval(*aggs[a]->args[0], row);
          aggs[a]->aggregate = static_cast<int>(a);
          if (!r.ok()) return r.status();
          v = std::move(r).value();
        }
        NG_RETURN_IF_ERROR(UpdateAggregate(*aggs[a], &g.states[a], v));
        NG_RETURN_IF_ERROR(CheckMemory());
        if (g.states[a].items.size() > limits_.max_rows)
          return Status::LimitExceeded("query stopped: collect() grew past " + std::to_string(limits_.max_rows) + " items");
      }
    }
    if (groups.empty() && key_items.empty()) groups.push_back({{}, Group{Row(scope->names.size()), std::vector<AggState>(aggs.size())}});
    for (auto& [key, g] : groups) {
      std::vector<Value> results;
      for (size_t a = 0; a < aggs.size(); ++a) results.push_back(FinalAggregate(*aggs[a], &g.states[a]));
      aggregates_ = &results;
      Row projected(n);
      size_t ki = 0;
      for (size_t k = 0; k < n; ++k) {
        if (ki < key_items.size() && key_items[ki] == k) {
          projected[k] = key[ki++];
          continue;
        }
        g.first.resize(scope->names.size());
        Result<Value> v = Eval(*p.items[k].expr, g.first);
        if (!v.ok()) {
          aggregates_ = nullptr;
          return v.status();
        }
        projected[k] = std::move(v).value();
      }
      aggregates_ = nullptr;
      out.push_back(std::move(projected));
      NG_RETURN_IF_ERROR(CheckMemory());
    }
    if (p.distinct) {
      std::set<std::vector<Value>, RowKeyLess> seen;
      std::vector<Row> unique;
      for (Row& r : out)
        if (seen.insert(r).second) unique.push_back(std::move(r));
      out = std::move(unique);
    }
  }

  if (!p.order.empty()) {
    std::vector<std::pair<std::vector<Value>, size_t>> keyed;
    for (size_t r = 0; r < out.size(); ++r) {
      std::vector<Value> key;
      for (size_t i = 0; i < p.order.size(); ++i) {
        if (sort_column[i] >= 0) {
          key.push_back(out[r][sort_column[i]]);
          continue;
        }
        out[r].resize(sort_scope.names.size());
        Result<Value> v = Eval(*p.order[i].expr, out[r]);
        if (!v.ok()) return v.status();
        key.push_back(std::move(v).value());
      }
      keyed.emplace_back(std::move(key), r);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
      for (size_t i = 0; i < p.order.size(); ++i) {
        int c = CompareForOrder(a.first[i], b.first[i]);
        if (c != 0) return p.order[i].descending ? c > 0 : c < 0;
      }
      return false;
    });
    std::vector<Row> sorted;
    for (auto& [key, r] : keyed) sorted.push_back(std::move(out[r]));
    out = std::move(sorted);
  }
  size_t skip = 0, limit = out.size();
  if (p.skip) {
    Result<int64_t> s = EvalCount(p.skip.get(), "SKIP");
    if (!s.ok()) return s.status();
    skip = static_cast<size_t>(s.value());
  }
  if (p.limit) {
    Result<int64_t> l = EvalCount(p.limit.get(), "LIMIT");
    if (!l.ok()) return l.status();
    limit = static_cast<size_t>(l.value());
  }
  std::vector<Row> final_rows;
  for (size_t r = skip; r < out.size() && final_rows.size() < limit; ++r) final_rows.push_back(std::move(out[r]));
  // WITH ... WHERE sees, like ORDER BY, the variables before the projection
  // too, unless it grouped or was DISTINCT.
  if (p.where && !where_first) {
    Scope where_scope = keep_old ? sort_scope : out_scope;
    NG_RETURN_IF_ERROR(Bind(p.where.get(), &where_scope));
    if (HasAggregateCall(*p.where)) return Status::InvalidArgument("WHERE cannot use an aggregate; aggregate in WITH and filter on its alias");
    std::vector<Row> kept;
    for (Row& row : final_rows) {
      row.resize(where_scope.names.size());
      Result<Value> keep = Eval(*p.where, row);
      if (!keep.ok()) return keep.status();
      if (keep->type() == Value::kBool && std::get<bool>(keep->v)) kept.push_back(std::move(row));
    }
    final_rows = std::move(kept);
  }
  for (Row& row : final_rows) row.resize(n);
  *scope = out_scope;
  if (columns) *columns = out_scope.names;
  *rows = std::move(final_rows);
  return Status::OK();
}

Status Executor::ExecUnwind(Clause& c, Scope* scope, std::vector<Row>* rows) {
  NG_RETURN_IF_ERROR(Bind(c.unwind.get(), scope));
  int slot = scope->Add(c.alias);
  std::vector<Row> out;
  for (Row& row : *rows) {
    row.resize(scope->names.size());
    Result<Value> v = Eval(*c.unwind, row);
    if (!v.ok()) return v.status();
    if (v->is_null()) continue;
    if (v->type() != Value::kList) {
      row[slot] = std::move(v).value();
      out.push_back(row);
      continue;
    }
    for (const Value& item : std::get<ValueList>(v->v)) {
      row[slot] = item;
      out.push_back(row);
      NG_RETURN_IF_ERROR(CheckMemory());
      if (out.size() > limits_.max_rows)
        return Status::LimitExceeded("query stopped: UNWIND made more than " + std::to_string(limits_.max_rows) + " rows");
    }
  }
  *rows = std::move(out);
  return Status::OK();
}

Status Executor::RunClauses(const std::vector<Clause>& const_clauses, QueryResult* result,
                            std::vector<std::string>* plan) {
  // The executor binds slots into the tree; work on the caller's tree.
  auto& clauses = const_cast<std::vector<Clause>&>(const_clauses);
  Scope scope;
  std::vector<Row> rows(1);  // one empty row to start
  for (size_t i = 0; i < clauses.size(); ++i) {
    Clause& c = clauses[i];
    switch (c.kind) {
      case Clause::Kind::kMatch:
        if (plan) {
          Scope probe = scope;
          for (PathPattern& p : c.patterns) {
            plan->push_back(std::string(c.optional ? "OptionalMatch: " : "Match: ") + ExplainPattern(p, probe));
            for (NodePattern& n : p.nodes) if (!n.variable.empty() && probe.Find(n.variable) < 0) probe.Add(n.variable);
          }
          if (c.where) plan->push_back("Filter: WHERE");
        }
        NG_RETURN_IF_ERROR(ExecMatch(c, &scope, &rows));
        break;
      case Clause::Kind::kWith:
      case Clause::Kind::kReturn: {
        bool is_return = c.kind == Clause::Kind::kReturn;
        if (plan) {
          plan->push_back(std::string(is_return ? "Return" : "With") + (c.projection.distinct ? " DISTINCT" : "") +
                          (c.projection.order.empty() ? "" : ", Sort") + (c.projection.limit ? ", Limit" : ""));
        }
        NG_RETURN_IF_ERROR(ExecProjection(c.projection, is_return, &scope, &rows, is_return ? &result->columns : nullptr));
        break;
      }
      case Clause::Kind::kUnwind:
        if (plan) plan->push_back("Unwind: " + c.alias);
        NG_RETURN_IF_ERROR(ExecUnwind(c, &scope, &rows));
        break;
      default: {
        if (!writer_)
          return Status::InvalidArgument("line " + std::to_string(c.line) +
                                         ": this query writes (CREATE, MERGE, SET, REMOVE or DELETE); it needs the "
                                         "database opened as a writer");
        static const char* kNames[] = {"", "", "", "", "Create", "Merge", "Set", "Remove", "Delete"};
        if (plan) plan->push_back(std::string(kNames[static_cast<int>(c.kind)]) + (c.detach ? " (detach)" : ""));
        Status s;
        if (c.kind == Clause::Kind::kCreate) s = ExecCreate(c, &scope, &rows);
        else if (c.kind == Clause::Kind::kMerge) s = ExecMerge(c, &scope, &rows);
        else if (c.kind == Clause::Kind::kDelete) s = ExecDelete(c, &scope, &rows);
        else s = ExecSet(c, &scope, &rows);
        NG_RETURN_IF_ERROR(s);
      }
    }
  }
  bool ends_with_write = !clauses.empty() && clauses.back().kind >= Clause::Kind::kCreate;
  if (clauses.empty() || (clauses.back().kind != Clause::Kind::kReturn && !ends_with_write))
    return Status::InvalidArgument("a query must end with RETURN");
  if (ends_with_write) rows.clear();  // no RETURN: no result rows
  result->rows = std::move(rows);
  return Status::OK();
}

Status Executor::Run(const Query& query, QueryResult* result) {
  std::vector<std::string> plan;
  NG_RETURN_IF_ERROR(RunClauses(query.clauses, result, query.explain ? &plan : nullptr));
  for (const auto& [all, part] : query.unions) {
    QueryResult other;
    NG_RETURN_IF_ERROR(RunClauses(part, &other, query.explain ? &plan : nullptr));
    if (other.columns != result->columns)
      return Status::InvalidArgument("all parts of a UNION must return the same column names");
    for (auto& r : other.rows) result->rows.push_back(std::move(r));
    if (!all) {
      std::set<std::vector<Value>, RowKeyLess> seen;
      std::vector<Row> unique;
      for (Row& r : result->rows)
        if (seen.insert(r).second) unique.push_back(std::move(r));
      result->rows = std::move(unique);
    }
  }
  if (query.explain) {
    result->explain = true;
    result->columns = {"plan"};
    result->rows.clear();
    for (const std::string& line : plan) result->rows.push_back({Value(line)});
    return Status::OK();
  }
  for (Row& row : result->rows)
    for (Value& v : row) NG_RETURN_IF_ERROR(Materialize(&v));
  return Status::OK();
}

namespace {

bool HasWritingClause(const std::vector<Clause>& clauses) {
  for (const Clause& c : clauses)
    if (c.kind >= Clause::Kind::kCreate) return true;
  return false;
}

bool Writes(const Query& q) {
  if (q.schema.kind != SchemaCommand::Kind::kNone || HasWritingClause(q.clauses)) return true;
  for (const auto& [all, part] : q.unions)
    if (HasWritingClause(part)) return true;
  return false;
}

}  // namespace

Result<bool> QueryWrites(std::string_view text) {
  Result<Query> q = ParseQuery(text);
  if (!q.ok()) return q.status();
  return Writes(q.value());
}

namespace {

// CREATE INDEX / DROP INDEX; `graph` null: read-only.
Result<QueryResult> RunSchema(Graph* graph, const Query& q) {
  const SchemaCommand& cmd = q.schema;
  bool create = cmd.kind == SchemaCommand::Kind::kCreateIndex;
  std::string what = ":" + cmd.index.label + "(" + cmd.index.property + ")";
  QueryResult result;
  if (q.explain) {
    result.explain = true;
    result.columns = {"plan"};
    result.rows.push_back({Value(std::string(create ? "CreateIndex" : "DropIndex") + "(" + what + ")")});
    return result;
  }
  if (!graph) return Status::InvalidArgument("an index command writes; it needs the database opened as a writer");
  Result<bool> done = create ? graph->CreatePropertyIndex(cmd.index) : graph->DropPropertyIndex(cmd.index);
  if (!done.ok()) return done.status();
  if (!done.value() && !cmd.tolerant)
    return Status::InvalidArgument(create ? "an index on " + what + " exists already (use IF NOT EXISTS)"
                                          : "there is no index on " + what + " (use IF EXISTS)");
  result.wrote = true;
  (create ? result.stats.indexes_added : result.stats.indexes_removed) = done.value() ? 1 : 0;
  return result;
}

}  // namespace

Result<QueryResult> RunQuery(const Graph& graph, std::string_view text, const Params& params, const QueryLimits& limits) {
  Result<Query> q = ParseQuery(text);
  if (!q.ok()) return q.status();
  if (q->schema.kind != SchemaCommand::Kind::kNone) return RunSchema(nullptr, q.value());
  PlanQuery(&q.value());
  Executor ex(graph, nullptr, params, limits);
  QueryResult result;
  NG_RETURN_IF_ERROR(ex.Run(q.value(), &result));
  return result;
}

Result<QueryResult> RunQuery(Graph& graph, std::string_view text, const Params& params, const QueryLimits& limits) {
  Result<Query> q = ParseQuery(text);
  if (!q.ok()) return q.status();
  if (!Writes(q.value())) return RunQuery(static_cast<const Graph&>(graph), text, params, limits);
  if (q->schema.kind != SchemaCommand::Kind::kNone) return RunSchema(&graph, q.value());
  PlanQuery(&q.value());
  NG_RETURN_IF_ERROR(graph.BeginWrites());
  Executor ex(graph, &graph, params, limits);
  QueryResult result;
  Status s = ex.Run(q.value(), &result);
  if (!s.ok() || q->explain) {
    graph.AbortWrites();
    NG_RETURN_IF_ERROR(s);
    return result;
  }
  NG_RETURN_IF_ERROR(graph.CommitWrites());
  result.wrote = true;
  result.stats = ex.stats();
  return result;
}

std::string StatsSummary(const QueryStats& st) {
  std::string out;
  auto add = [&](int64_t n, const char* verb, const char* one, const char* many) {
    if (n == 0) return;
    out += out.empty() ? std::string(1, static_cast<char>(std::toupper(verb[0]))) + (verb + 1) : std::string(", ") + verb;
    out += " " + std::to_string(n) + " " + (n == 1 ? one : many);
  };
  add(st.labels_added, "added", "label", "labels");
  add(st.nodes_created, "created", "node", "nodes");
  add(st.properties_set, "set", "property", "properties");
  add(st.relationships_created, "created", "relationship", "relationships");
  add(st.nodes_deleted, "deleted", "node", "nodes");
  add(st.relationships_deleted, "deleted", "relationship", "relationships");
  add(st.labels_removed, "removed", "label", "labels");
  add(st.indexes_added, "added", "index", "indexes");
  add(st.indexes_removed, "removed", "index", "indexes");
  return out.empty() ? "No changes" : out;
}

Result<std::pair<std::string, Value>> ParseParam(std::string_view assignment) {
  size_t eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return Status::InvalidArgument("parameter '" + std::string(assignment) + "' is not name=value");
  std::string name(assignment.substr(0, eq));
  std::string text(assignment.substr(eq + 1));
  // Literal forms: integer, float, true/false/null, 'quoted', else a bare string.
  Value v;
  char* end = nullptr;
  long long i = std::strtoll(text.c_str(), &end, 10);
  if (!text.empty() && *end == '\0') v = Value(static_cast<int64_t>(i));
  else {
    double d = std::strtod(text.c_str(), &end);
    if (!text.empty() && *end == '\0') v = Value(d);
    else if (text == "true" || text == "false") v = Value(text == "true");
    else if (text == "null") v = Value();
    else if (text.size() >= 2 && (text.front() == '\'' || text.front() == '"') && text.back() == text.front())
      v = Value(text.substr(1, text.size() - 2));
    else v = Value(text);
  }
  return std::make_pair(name, v);
}

}  // namespace newsgraph
