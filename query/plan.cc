// The logical and physical plan (plan.h).

#include "query/plan.h"

#include "query/match_internal.h"

namespace newsgraph {

namespace {

PlanStep::Op OpOf(const Clause& c) {
  switch (c.kind) {
    case Clause::Kind::kMatch: return c.optional ? PlanStep::Op::kOptionalMatch : PlanStep::Op::kMatch;
    case Clause::Kind::kWith: return PlanStep::Op::kProject;
    case Clause::Kind::kReturn: return PlanStep::Op::kReturn;
    case Clause::Kind::kUnwind: return PlanStep::Op::kUnwind;
    case Clause::Kind::kCall: return PlanStep::Op::kCall;
    case Clause::Kind::kCreate: return PlanStep::Op::kCreate;
    case Clause::Kind::kMerge: return PlanStep::Op::kMerge;
    case Clause::Kind::kSet: return PlanStep::Op::kSet;
    case Clause::Kind::kRemove: return PlanStep::Op::kRemove;
    case Clause::Kind::kDelete: return PlanStep::Op::kDelete;
  }
  return PlanStep::Op::kMatch;
}

// The value of a SKIP/LIMIT known before running (a literal or a given
// parameter that is a non-negative integer); -1 otherwise.
int64_t KnownCount(const Expr* e, const Params& params) {
  if (!e) return -1;
  const Value* v = nullptr;
  if (e->kind == Expr::Kind::kLiteral) v = &e->value;
  if (e->kind == Expr::Kind::kParam) {
    auto it = params.find(e->name);
    if (it != params.end()) v = &it->second;
  }
  if (!v || v->type() != Value::kInt || std::get<int64_t>(v->v) < 0) return -1;
  return std::get<int64_t>(v->v);
}

// "SKIP 1 LIMIT 2", the counts as known before running (else "SKIP"/"LIMIT" alone).
std::string SkipLimitText(const Projection& p, const Params& params) {
  auto one = [&](const char* word, const Expr* e) {
    if (!e) return std::string();
    int64_t n = KnownCount(e, params);
    return std::string(word) + (n >= 0 ? " " + std::to_string(n) : std::string());
  };
  std::string skip = one("SKIP", p.skip.get()), limit = one("LIMIT", p.limit.get());
  return skip + (skip.empty() || limit.empty() ? "" : " ") + limit;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The operators of a WITH or RETURN: Project or Aggregate, then Sort or
// TopK (ORDER BY), Limit (SKIP/LIMIT without ORDER BY), Filter (a WITH's
// WHERE, unless DISTINCT filters first: then Project does).
std::vector<PlanOp> ProjectionOps(const PlanStep& step, const Params& params) {
  const Projection& p = step.clause->projection;
  const BoundProjection& b = step.binding->projection;
  std::string head = std::string(step.op == PlanStep::Op::kReturn ? "Return" : "With") + (p.distinct ? " DISTINCT" : "");
  std::vector<PlanOp> ops;
  if (b.grouping) {
    std::vector<std::string> keys, values;
    for (size_t k = 0, ki = 0; k < b.columns.size(); ++k) {
      bool key = ki < b.key_items.size() && b.key_items[ki] == k;
      ki += key;
      (key ? keys : values).push_back(b.columns[k]);
    }
    ops.push_back({PlanOp::Kind::kAggregate,
                   {head + ": Aggregate(" + Join(values) + (keys.empty() ? "" : " BY " + Join(keys)) + ")"}});
  } else {
    ops.push_back({PlanOp::Kind::kProject, {head + ": Project(" + Join(b.columns) + ")"}});
  }
  if (!p.order.empty()) {
    std::vector<std::string> keys;
    for (size_t i = 0; i < p.order.size(); ++i)
      keys.push_back((b.sort_column[i] >= 0 ? b.columns[b.sort_column[i]] : "expression " + std::to_string(i + 1)) +
                     (p.order[i].descending ? " DESC" : ""));
    if (p.limit)
      ops.push_back({PlanOp::Kind::kTopK, {"TopK: " + Join(keys) + " " + SkipLimitText(p, params)}});
    else ops.push_back({PlanOp::Kind::kSort, {"Sort: " + Join(keys)}});
  }
  bool top_k = !p.order.empty() && p.limit;  // TopK skips too
  if ((p.skip || p.limit) && !top_k) ops.push_back({PlanOp::Kind::kSkipLimit, {"Limit: " + SkipLimitText(p, params)}});
  if (p.where && !b.where_first) ops.push_back({PlanOp::Kind::kFilter, {"Filter: WHERE"}});
  return ops;
}

}  // namespace

PhysicalPlan LogicalPlan(const Query& query, const std::vector<BoundPart>& parts) {
  PhysicalPlan plan;
  for (size_t pi = 0; pi < parts.size(); ++pi) {
    const BoundPart& bound = parts[pi];
    PlanPart part;
    part.columns = bound.columns;
    part.union_all = pi > 0 && query.unions[pi - 1].first;
    for (size_t i = 0; i < bound.clauses->size(); ++i) {
      PlanStep step;
      step.clause = &(*bound.clauses)[i];
      step.binding = &bound.bindings[i];
      step.op = OpOf(*step.clause);
      plan.writes |= step.clause->kind >= Clause::Kind::kCreate;
      part.steps.push_back(std::move(step));
    }
    plan.parts.push_back(std::move(part));
  }
  return plan;
}

void ChoosePhysical(const Graph& graph, const Params& params, PhysicalPlan* plan) {
  static const char* kWriteNames[] = {"Create", "Merge", "Set", "Remove", "Delete"};
  for (PlanPart& part : plan->parts) {
    for (PlanStep& step : part.steps) {
      const Clause& c = *step.clause;
      step.ops.clear();
      switch (step.op) {
        case PlanStep::Op::kMatch:
        case PlanStep::Op::kOptionalMatch: {
          PlanOp match{PlanOp::Kind::kMatch, {}};
          std::vector<int> earlier;  // a pattern's variables are bound for the patterns after it
          for (const PathPattern& p : c.patterns) {
            match.lines.push_back(std::string(c.optional ? "OptionalMatch: " : "Match: ") +
                                  DescribeAccess(p, Bindings::Before(step.binding->before, earlier), graph));
            for (const NodePattern& n : p.nodes) earlier.push_back(n.slot);
            for (const RelPattern& r : p.rels) earlier.push_back(r.slot);
          }
          if (c.where) match.lines.push_back("Filter: WHERE");
          step.ops.push_back(std::move(match));
          break;
        }
        case PlanStep::Op::kProject:
        case PlanStep::Op::kReturn: step.ops = ProjectionOps(step, params); break;
        case PlanStep::Op::kUnwind: step.ops.push_back({PlanOp::Kind::kUnwind, {"Unwind: " + c.alias}}); break;
        case PlanStep::Op::kCall: {
          std::vector<std::string> yields;
          for (const YieldItem& y : c.call.yields)
            yields.push_back(y.output_name + (y.variable == y.output_name ? "" : " AS " + y.variable));
          PlanOp call{PlanOp::Kind::kCall,
                      {"ProcedureCall: " + c.call.text + (yields.empty() ? "" : " YIELD " + Join(yields))}};
          if (c.where) call.lines.push_back("Filter: WHERE");
          step.ops.push_back(std::move(call));
          break;
        }
        default:
          step.ops.push_back(
              {PlanOp::Kind::kWrite,
               {std::string(kWriteNames[static_cast<int>(c.kind) - static_cast<int>(Clause::Kind::kCreate)]) +
                (c.detach ? " (detach)" : "")}});
      }
    }
    std::vector<const PlanOp*> later;  // the operators after each step's
    for (size_t i = part.steps.size(); i-- > 0;) {
      PlanStep& step = part.steps[i];
      if (!step.ops.empty() && step.ops[0].kind == PlanOp::Kind::kMatch)
        step.ops[0].reads_edges = ReadsManyEdges(*step.clause, *step.binding, graph, later);
      for (size_t k = step.ops.size(); k-- > 0;) later.insert(later.begin(), &step.ops[k]);
    }
    // A MATCH whose aggregate the columns answer runs inside that
    // Aggregate, which shows the MATCH's line first.
    std::vector<PlanStep>& steps = part.steps;
    if (steps.size() > 1 && (steps[1].op == PlanStep::Op::kProject || steps[1].op == PlanStep::Op::kReturn) &&
        steps[1].ops[0].kind == PlanOp::Kind::kAggregate && AnswersFromColumns(steps[0], steps[1])) {
      PlanOp& aggregate = steps[1].ops[0];
      aggregate.source = &steps[0];
      std::string line = steps[0].ops[0].lines[0];
      aggregate.lines.insert(aggregate.lines.begin(), "Match: Columnar(" + line.substr(line.find(": ") + 2) + ")");
      // and its WHERE (node-only shapes: answered from the node columns)
      aggregate.lines.insert(aggregate.lines.begin() + 1, steps[0].ops[0].lines.begin() + 1, steps[0].ops[0].lines.end());
      steps[0].ops.clear();
    }
  }
}

bool ReadsManyEdges(const Clause& match, const ClauseBinding& binding, const Graph& graph,
                    const std::vector<const PlanOp*>& later) {
  for (const PlanOp* op : later) {
    if (op->kind == PlanOp::Kind::kSkipLimit) return false;
    if (op->kind == PlanOp::Kind::kAggregate || op->kind == PlanOp::Kind::kSort || op->kind == PlanOp::Kind::kTopK)
      break;
  }
  std::vector<int> earlier;  // as ChoosePhysical's lines: a pattern's variables are bound for the next
  for (const PathPattern& p : match.patterns) {
    Bindings bound = Bindings::Before(binding.before, earlier);
    const NodePattern& anchor = p.nodes[ChooseAnchor(p, bound, graph)];
    if (!p.rels.empty() && anchor.properties.entries.empty() && AnchorOf(anchor, bound, graph) >= AnchorKind::kLabelScan)
      return true;
    for (const NodePattern& n : p.nodes) earlier.push_back(n.slot);
    for (const RelPattern& r : p.rels) earlier.push_back(r.slot);
  }
  return false;
}

std::vector<std::string> ExplainLines(const PhysicalPlan& plan) {
  std::vector<std::string> lines;
  for (size_t pi = 0; pi < plan.parts.size(); ++pi) {
    if (pi > 0) lines.push_back(plan.parts[pi].union_all ? "UnionAll" : "Union");
    for (const PlanStep& step : plan.parts[pi].steps)
      for (const PlanOp& op : step.ops) lines.insert(lines.end(), op.lines.begin(), op.lines.end());
  }
  return lines;
}

}  // namespace newsgraph
