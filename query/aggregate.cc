// Aggregate functions, one running state per group: count, collect, sum,
// avg, min, max, percentileDisc, percentileCont (DISTINCT for each).

#include "query/aggregate.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "base/ascii.h"
#include "query/executor.h"

namespace newsgraph {

namespace {


}  // namespace

bool IsPercentile(const std::string& name) { return EqualsIgnoreCase(name, "percentileDisc") || EqualsIgnoreCase(name, "percentileCont"); }

Status UpdateAggregate(const Expr& agg, AggState* st, const Value& v) {
  if (agg.kind == Expr::Kind::kCountStar) {
    ++st->count;
    return Status::OK();
  }
  if (v.is_null()) return Status::OK();
  if (agg.distinct) {
    if (!st->seen) st->seen = std::make_unique<AggState::Seen>();
    bool fresh = v.type() == Value::kNode ? st->seen->nodes.insert(std::get<NodeValue>(v.v).id).second
                                          : st->seen->values.insert(v).second;
    if (!fresh) return Status::OK();
  }
  const std::string& f = agg.name;
  ++st->count;
  if (EqualsIgnoreCase(f, "collect")) {
    st->items.push_back(v);
  } else if (IsPercentile(f)) {
    if (!v.is_number()) return TypeError(agg, f + "() of a " + TypeName(v.type()));
    st->items.push_back(v);
  } else if (EqualsIgnoreCase(f, "sum") || EqualsIgnoreCase(f, "avg")) {
    if (!v.is_number()) return TypeError(agg, f + "() of a " + TypeName(v.type()));
    if (v.type() == Value::kInt && st->int_sum) {
      int64_t r;
      if (__builtin_add_overflow(st->isum, std::get<int64_t>(v.v), &r)) {
        // sum() is `+` over the rows: an integer overflow is an error, as
        // for `+`; avg() only needs the quotient and goes on in floating point.
        if (EqualsIgnoreCase(f, "sum")) return TypeError(agg, "integer overflow in sum()");
        st->int_sum = false;
        st->dsum = static_cast<double>(st->isum) + v.as_double();
      } else {
        st->isum = r;
      }
    } else {
      if (st->int_sum) st->dsum = static_cast<double>(st->isum);
      st->int_sum = false;
      st->dsum += v.as_double();
    }
  } else if (EqualsIgnoreCase(f, "min") || EqualsIgnoreCase(f, "max")) {
    bool want_min = EqualsIgnoreCase(f, "min");
    if (st->best.is_null()) st->best = v;
    else {
      int c = CompareForOrder(v, st->best);
      if (want_min ? c < 0 : c > 0) st->best = v;
    }
  }
  return Status::OK();
}

Value FinalAggregate(const Expr& agg, AggState* state) {
  const AggState& st = *state;
  if (agg.kind == Expr::Kind::kCountStar || EqualsIgnoreCase(agg.name, "count")) return Value(st.count);
  if (EqualsIgnoreCase(agg.name, "collect")) return Value(std::move(state->items));
  if (IsPercentile(agg.name)) {
    if (st.items.empty()) return Value();
    ValueList sorted = st.items;
    std::sort(sorted.begin(), sorted.end(), [](const Value& a, const Value& b) { return CompareForOrder(a, b) < 0; });
    double n = static_cast<double>(sorted.size()), p = st.percentile;
    if (EqualsIgnoreCase(agg.name, "percentileDisc")) {  // the value at rank ceil(p * n), 1-based
      size_t rank = static_cast<size_t>(std::ceil(p * n));
      return sorted[rank == 0 ? 0 : std::min(rank, sorted.size()) - 1];
    }
    double at = p * (n - 1);  // linear interpolation between neighbours
    size_t lo = static_cast<size_t>(std::floor(at)), hi = static_cast<size_t>(std::ceil(at));
    double a = sorted[lo].as_double(), b = sorted[hi].as_double();
    return Value(a + (b - a) * (at - static_cast<double>(lo)));
  }
  if (EqualsIgnoreCase(agg.name, "sum")) return st.int_sum ? Value(st.isum) : Value(st.dsum);
  if (EqualsIgnoreCase(agg.name, "avg")) {
    if (st.count == 0) return Value();
    return Value((st.int_sum ? static_cast<double>(st.isum) : st.dsum) / static_cast<double>(st.count));
  }
  return st.best;
}

}  // namespace newsgraph
