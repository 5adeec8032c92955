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
    case Clause::Kind::kCreate: return PlanStep::Op::kCreate;
    case Clause::Kind::kMerge: return PlanStep::Op::kMerge;
    case Clause::Kind::kSet: return PlanStep::Op::kSet;
    case Clause::Kind::kRemove: return PlanStep::Op::kRemove;
    case Clause::Kind::kDelete: return PlanStep::Op::kDelete;
  }
  return PlanStep::Op::kMatch;
}

bool IsMatch(PlanStep::Op op) { return op == PlanStep::Op::kMatch || op == PlanStep::Op::kOptionalMatch; }

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

// How many rows a MATCH may stop after when the projection after it takes
// only its first rows: no grouping, DISTINCT, ORDER BY or WHERE, and a
// known SKIP/LIMIT. 0: all are needed.
size_t RowsNeeded(const PlanStep& next, const Params& params) {
  if (next.op != PlanStep::Op::kProject && next.op != PlanStep::Op::kReturn) return 0;
  const Projection& p = next.clause->projection;
  if (!p.limit || p.distinct || !p.order.empty() || p.where || next.binding->projection.grouping) return 0;
  int64_t limit = KnownCount(p.limit.get(), params);
  int64_t skip = p.skip ? KnownCount(p.skip.get(), params) : 0;
  if (limit < 0 || skip < 0) return 0;
  return static_cast<size_t>(skip) + static_cast<size_t>(limit);
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
  for (PlanPart& part : plan->parts) {
    for (size_t i = 0; i < part.steps.size(); ++i) {
      PlanStep& step = part.steps[i];
      if (!IsMatch(step.op)) continue;
      step.access.clear();
      for (const PathPattern& p : step.clause->patterns)
        step.access.push_back(DescribeAccess(p, Bindings::Before(step.binding->before), graph));
      if (i + 1 < part.steps.size()) {
        size_t needed = RowsNeeded(part.steps[i + 1], params);
        step.stop_after = needed;
      }
    }
  }
}

std::vector<std::string> ExplainLines(const PhysicalPlan& plan) {
  static const char* kWriteNames[] = {"Create", "Merge", "Set", "Remove", "Delete"};
  std::vector<std::string> lines;
  for (size_t pi = 0; pi < plan.parts.size(); ++pi) {
    if (pi > 0) lines.push_back(plan.parts[pi].union_all ? "UnionAll" : "Union");
    for (const PlanStep& step : plan.parts[pi].steps) {
      const Clause& c = *step.clause;
      switch (step.op) {
        case PlanStep::Op::kMatch:
        case PlanStep::Op::kOptionalMatch:
          for (size_t k = 0; k < step.access.size(); ++k)
            lines.push_back(std::string(c.optional ? "OptionalMatch: " : "Match: ") + step.access[k] +
                            (k + 1 == step.access.size() && step.stop_after
                                 ? " (stops after " + std::to_string(step.stop_after) + " rows)"
                                 : ""));
          if (c.where) lines.push_back("Filter: WHERE");
          break;
        case PlanStep::Op::kProject:
        case PlanStep::Op::kReturn:
          lines.push_back(std::string(step.op == PlanStep::Op::kReturn ? "Return" : "With") +
                          (c.projection.distinct ? " DISTINCT" : "") + (c.projection.order.empty() ? "" : ", Sort") +
                          (c.projection.limit ? ", Limit" : ""));
          break;
        case PlanStep::Op::kUnwind: lines.push_back("Unwind: " + c.alias); break;
        default:
          lines.push_back(std::string(kWriteNames[static_cast<int>(c.kind) - static_cast<int>(Clause::Kind::kCreate)]) +
                          (c.detach ? " (detach)" : ""));
      }
    }
  }
  return lines;
}

}  // namespace newsgraph
