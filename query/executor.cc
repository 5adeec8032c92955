// The executor's shared services (limits, cached records), running a
// plan part by part (pipeline.h), and RunQuery.

#include "query/executor.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>


#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "query/parser.h"
#include "query/pipeline.h"
#include "query/planner.h"
#include "query/warnings.h"

namespace newsgraph {



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
      statement_time_nanos_(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count()),
      memory_checked_(start_),
      stack_floor_(StackFloor()) {
  if (!writer_) node_columns_ = graph_.BuiltNodePropertyColumns();
}

Status Executor::BuildNodeColumns() {
  if (writer_ || node_columns_) return Status::OK();
  Result<const NodeColumns*> built = graph_.NodePropertyColumns();
  if (!built.ok()) return built.status();
  node_columns_ = built.value();
  return Status::OK();
}

Status Executor::TimedOut() const {
  return Status::LimitExceeded("query stopped after " + std::to_string(static_cast<int>(limits_.timeout_seconds)) +
                               " s (raise --timeout, or bound the pattern)");
}

Status Executor::CheckLimits() {
  if (++memory_calls_ % 64 != 0) return Status::OK();
  if (limits_.cancel && limits_.cancel->load(std::memory_order_relaxed))
    return Status::LimitExceeded("query interrupted (Ctrl-C)");
  auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - start_).count() > limits_.timeout_seconds) return TimedOut();
  if (limits_.max_memory_mb == 0 || now - memory_checked_ < std::chrono::milliseconds(1)) return Status::OK();
  memory_checked_ = now;
  size_t resident = ResidentBytes();
  if (resident == 0) return Status::OK();  // unknown here
  // The baseline is taken at the first reading, about 1 ms in: a query that
  // ends sooner never reads /proc.
  if (resident_at_start_ == 0) resident_at_start_ = resident;
  if (resident > resident_at_start_ && resident - resident_at_start_ > (limits_.max_memory_mb << 20))
    return MemoryExceeded();
  return Status::OK();
}

Status Executor::MemoryExceeded() const {
  return Status::LimitExceeded("query stopped: it took more than " + std::to_string(limits_.max_memory_mb) +
                               " MiB of memory (raise --max-memory, or add LIMIT)");
}

Status Executor::Reserve(size_t bytes) {
  if (bytes < (size_t{1} << 20)) return CheckLimits();
  // A big allocation is checked now, unthrottled, with its size counted:
  // a loop making a few of them must not pass the limit between two checks.
  auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - start_).count() > limits_.timeout_seconds) return TimedOut();
  if (limits_.max_memory_mb == 0) return Status::OK();
  size_t budget = limits_.max_memory_mb << 20;
  if (bytes > budget) return MemoryExceeded();
  size_t resident = ResidentBytes();
  if (resident == 0) return Status::OK();  // unknown here
  if (resident_at_start_ == 0) resident_at_start_ = resident;
  memory_checked_ = now;
  size_t grown = resident > resident_at_start_ ? resident - resident_at_start_ : 0;
  return grown + bytes > budget ? MemoryExceeded() : Status::OK();
}

Status Executor::Tick(size_t steps) {
  steps_ += steps;
  if (reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < stack_floor_)
    return Status::LimitExceeded("query stopped: a variable-length pattern went too many hops deep for the stack "
                                 "(bound it: *1..100)");
  NG_RETURN_IF_ERROR(CheckLimits());
  if (steps_ > limits_.max_expansions)
    return Status::LimitExceeded("query stopped after " + std::to_string(limits_.max_expansions) +
                                 " expansion steps (raise --max-expansions, or bound the pattern: *1..3, LIMIT)");
  if ((steps_ & 1023) < steps || steps >= 1024) {
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (elapsed > limits_.timeout_seconds) return TimedOut();
  }
  return Status::OK();
}

Result<std::shared_ptr<const Node>> Executor::LoadNode(NodeId id) {
  if (!nodes_.empty()) {
    auto it = nodes_.find(id);
    if (it != nodes_.end()) return it->second;
  }
  Result<std::shared_ptr<const Node>> n = graph_.GetSharedNode(id);
  if (!n.ok()) {
    auto gone = deleted_nodes_.find(id);
    if (gone != deleted_nodes_.end()) return gone->second;
    return n.status();
  }
  // A reader's records stay in the graph's node cache while it has room
  // (the record then has a second owner); the rest, and a writer's, are
  // kept for this query.
  if (writer_ || n.value().use_count() == 1) nodes_.emplace(id, n.value());
  return n;
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
      if (r.data && !writer_) return Status::OK();  // a reader's record, bound with it
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

bool Executor::IsDeleted(const Value& v) const {
  if (v.type() == Value::kNode) return deleted_nodes_.count(std::get<NodeValue>(v.v).id) > 0;
  if (v.type() == Value::kRel) return deleted_edges_.count(std::get<RelValue>(v.v).id) > 0;
  return false;
}

Result<int64_t> Executor::EvalCount(const Expr& e, const char* what) {
  Row row;
  Result<Value> v = Eval(e, row);
  if (!v.ok()) return v.status();
  if (v->type() != Value::kInt || std::get<int64_t>(v->v) < 0)
    return Status::InvalidArgument(std::string(what) + " needs a non-negative integer, got " + ToLiteral(v.value()));
  return std::get<int64_t>(v->v);
}

Result<Value> Executor::EvalProjected(const Expr& e, Row& row, const std::vector<Value>& aggregates) {
  aggregates_ = &aggregates;
  Result<Value> v = Eval(e, row);
  aggregates_ = nullptr;
  return v;
}

Status Executor::ExecWrite(const PlanStep& step, std::vector<Row>* rows) {
  const Clause& c = *step.clause;
  const ClauseBinding& b = *step.binding;
  switch (step.op) {
    case PlanStep::Op::kCreate: return ExecCreate(c, b, rows);
    case PlanStep::Op::kMerge: return ExecMerge(c, b, rows);
    case PlanStep::Op::kDelete: return ExecDelete(c, b, rows);
    case PlanStep::Op::kSet:
    case PlanStep::Op::kRemove: return ExecSet(c, b, rows);
    default: return Status::Internal("not a writing clause");
  }
}

Status Executor::RunPart(const PlanPart& part, QueryResult* result, std::vector<std::string>* profile) {
  auto ops = BuildPipeline(this, part, &result->rows);
  if (!ops.ok()) return ops.status();
  NG_RETURN_IF_ERROR(RunPipeline(ops.value()));
  result->columns = part.columns;
  if (profile)
    for (const auto& op : ops.value())
      for (std::string& line : op->ProfileLines()) profile->push_back(std::move(line));
  return Status::OK();
}

Status Executor::Run(const PhysicalPlan& plan, QueryResult* result, std::vector<std::string>* profile) {
  if (plan.writes && !writer_)
    return Status::InvalidArgument("this query writes (CREATE, MERGE, SET, REMOVE or DELETE); it needs the "
                                   "database opened as a writer");
  NG_RETURN_IF_ERROR(RunPart(plan.parts[0], result, profile));
  for (size_t i = 1; i < plan.parts.size(); ++i) {
    QueryResult other;
    if (profile) profile->push_back(plan.parts[i].union_all ? "UnionAll" : "Union");
    NG_RETURN_IF_ERROR(RunPart(plan.parts[i], &other, profile));
    for (auto& r : other.rows) result->rows.push_back(std::move(r));
    if (!plan.parts[i].union_all) {
      std::unordered_set<std::vector<Value>, RowHash, RowEqual> seen;
      std::vector<Row> unique;
      for (Row& r : result->rows)
        if (seen.insert(r).second) unique.push_back(std::move(r));
      result->rows = std::move(unique);
    }
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

namespace {

// A parsed query through the rewrites, the binder and the planner. `query`
// owns the tree the plan points into.
Result<PhysicalPlan> Prepare(Query* query, const Graph& graph, const Params& params, std::vector<BoundPart>* parts,
                             std::vector<std::string>* warnings) {
  PlanQuery(query);
  NG_RETURN_IF_ERROR(BindQuery(query, parts));
  Result<std::vector<std::string>> found = UnknownNameWarnings(*query, graph);
  if (!found.ok()) return found.status();
  *warnings = std::move(found).value();
  PhysicalPlan plan = LogicalPlan(*query, *parts);
  ChoosePhysical(graph, params, &plan);
  return plan;
}

// EXPLAIN's result, or PROFILE's: one row per line.
QueryResult PlanResult(const std::vector<std::string>& lines) {
  QueryResult result;
  result.explain = true;
  result.columns = {"plan"};
  for (const std::string& line : lines) result.rows.push_back({Value(line)});
  return result;
}

// Runs `plan`; for PROFILE the result is the plan with rows and time per
// operator, then the number of result rows.
Status Execute(Executor* ex, const Query& q, const PhysicalPlan& plan, QueryResult* result) {
  if (!q.profile) return ex->Run(plan, result);
  std::vector<std::string> lines;
  QueryResult rows;
  NG_RETURN_IF_ERROR(ex->Run(plan, &rows, &lines));
  lines.push_back("Result: " + std::to_string(rows.rows.size()) + (rows.rows.size() == 1 ? " row" : " rows"));
  *result = PlanResult(lines);
  return Status::OK();
}

}  // namespace

Result<QueryResult> RunQuery(const Graph& graph, std::string_view text, const Params& params, const QueryLimits& limits) {
  Result<Query> q = ParseQuery(text);
  if (!q.ok()) return q.status();
  if (q->schema.kind != SchemaCommand::Kind::kNone) return RunSchema(nullptr, q.value());
  std::vector<BoundPart> parts;
  std::vector<std::string> warnings;
  Result<PhysicalPlan> plan = Prepare(&q.value(), graph, params, &parts, &warnings);
  if (!plan.ok()) return plan.status();
  QueryResult result;
  if (q->explain) {
    result = PlanResult(ExplainLines(plan.value()));
  } else {
    Executor ex(graph, nullptr, params, limits);
    NG_RETURN_IF_ERROR(Execute(&ex, q.value(), plan.value(), &result));
  }
  result.warnings = std::move(warnings);
  return result;
}

Result<QueryResult> RunQuery(Graph& graph, std::string_view text, const Params& params, const QueryLimits& limits) {
  Result<Query> q = ParseQuery(text);
  if (!q.ok()) return q.status();
  if (!Writes(q.value())) return RunQuery(static_cast<const Graph&>(graph), text, params, limits);
  if (q->schema.kind != SchemaCommand::Kind::kNone) return RunSchema(&graph, q.value());
  std::vector<BoundPart> parts;
  std::vector<std::string> warnings;
  Result<PhysicalPlan> plan = Prepare(&q.value(), graph, params, &parts, &warnings);
  if (!plan.ok()) return plan.status();
  if (q->explain) {  // nothing runs, nothing is written
    QueryResult result = PlanResult(ExplainLines(plan.value()));
    result.warnings = std::move(warnings);
    return result;
  }
  NG_RETURN_IF_ERROR(graph.BeginWrites());
  Executor ex(graph, &graph, params, limits);
  QueryResult result;
  Status s = Execute(&ex, q.value(), plan.value(), &result);
  if (!s.ok()) {
    graph.AbortWrites();
    return s;
  }
  NG_RETURN_IF_ERROR(graph.CommitWrites());
  result.wrote = true;
  result.stats = ex.stats();
  result.warnings = std::move(warnings);
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
