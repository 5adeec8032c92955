// The operators of WITH and RETURN (pipeline.h): Project and Aggregate
// make the columns; Sort, TopK, SkipLimit and Filter come after them.
//
// A projected row is its columns, followed by the input row when ORDER BY
// or WHERE may still read the variables before the projection
// (BoundProjection::keep_input); the step's last operator cuts it to the
// columns.

#include <algorithm>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "query/aggregate.h"
#include "query/pipeline_internal.h"

namespace newsgraph {

namespace {

// An operator of a WITH or RETURN, with its clause's projection.
class ProjectionStage : public Operator {
 public:
  ProjectionStage(Executor* ex, const PlanOp& op, const PlanStep& step)
      : Operator(ex, op), p_(step.clause->projection), b_(step.binding->projection) {}

 protected:
  const Projection& p_;
  const BoundProjection& b_;
};

// WITH/RETURN items without aggregates, and DISTINCT (whose set of rows
// seen is what it holds).
class ProjectOp : public ProjectionStage {
 public:
  using ProjectionStage::ProjectionStage;

 protected:
  Status DoPush(Batch& in) override {
    size_t n = p_.items.size();
    for (size_t i = 0; i < in.size; ++i) {
      Row& row = in.rows[i];
      row.resize(b_.in_width);
      Row& o = out_.Add();
      o.resize(n);
      for (size_t k = 0; k < n; ++k) {
        Result<Value> v = ex_->Eval(*p_.items[k].expr, row);
        if (!v.ok()) return v.status();
        o[k] = std::move(v).value();
      }
      if (b_.where_first) {  // WITH DISTINCT ... WHERE: filter before DISTINCT
        Row both = o;
        both.insert(both.end(), row.begin(), row.end());
        both.resize(b_.where_width);
        Result<Value> keep = ex_->Eval(*p_.where, both);
        if (!keep.ok()) return keep.status();
        if (keep->type() != Value::kBool || !std::get<bool>(keep->v)) {
          --out_.size;
          continue;
        }
      }
      if (p_.distinct) {
        if (!seen_.insert(o).second) {
          --out_.size;
          continue;
        }
        NG_RETURN_IF_ERROR(HoldRows(*ex_, seen_.size()));
      }
      if (b_.keep_input) o.insert(o.end(), std::make_move_iterator(row.begin()), std::make_move_iterator(row.end()));
      NG_RETURN_IF_ERROR(ex_->CheckLimits());
      if (out_.full()) NG_RETURN_IF_ERROR(Emit(out_));
    }
    return Status::OK();
  }
  Status DoFinish() override { return Emit(out_); }

 private:
  Batch out_;
  std::unordered_set<std::vector<Value>, RowHash, RowEqual> seen_;
};

// Hash aggregation: one entry per group (its key, one state per
// aggregate, and the group's first row only when an item around the
// aggregates needs it), so what it holds follows the groups, not the rows.
// The groups go on in the order first seen.
class AggregateOp : public ProjectionStage, public GroupSink {
 public:
  AggregateOp(Executor* ex, const PlanOp& op, const PlanStep& step) : ProjectionStage(ex, op, step), step_(step) {
    for (size_t k = 0, ki = 0; k < p_.items.size(); ++k) {
      bool key = ki < b_.key_items.size() && b_.key_items[ki] == k;
      ki += key;
      if (!key && p_.items[k].expr->aggregate < 0) keep_first_ = true;  // e.g. a.name + count(*)
    }
  }

  Status AddRow(Row& row) override {
    const std::vector<const Expr*>& aggs = b_.aggregates;
    row.resize(b_.in_width);
    key_.clear();
    for (size_t k : b_.key_items) {
      Result<Value> v = ex_->Eval(*p_.items[k].expr, row);
      if (!v.ok()) return v.status();
      key_.push_back(std::move(v).value());
    }
    auto it = groups_.find(key_);
    bool fresh = it == groups_.end();
    if (fresh) {
      it = groups_.emplace(key_, Group{Row(), std::vector<AggState>(aggs.size())}).first;
      NG_RETURN_IF_ERROR(Added(&*it));
    }
    Group& g = it->second;
    for (size_t a = 0; a < aggs.size(); ++a) NG_RETURN_IF_ERROR(Update(*aggs[a], row, &g.states[a]));
    if (fresh && keep_first_) g.first = std::move(row);
    return ex_->CheckLimits();
  }

  Status AddGroup(std::vector<Value> key, std::vector<AggState> states) override {
    auto [it, fresh] = groups_.emplace(std::move(key), Group{Row(), std::move(states)});
    if (!fresh) return Status::Internal("a columnar source gave a group twice");
    return Added(&*it);
  }

  void Reserve(size_t groups) override { groups_.reserve(groups); }

 protected:
  Status DoPush(Batch& in) override {
    if (op_.source) return Status::OK();  // the one empty row that starts the part: the source makes the rows
    for (size_t i = 0; i < in.size; ++i) NG_RETURN_IF_ERROR(AddRow(in.rows[i]));
    return Status::OK();
  }

  Status DoFinish() override {
    if (op_.source) NG_RETURN_IF_ERROR(ColumnarGroups(ex_, *op_.source, step_, this));
    const std::vector<const Expr*>& aggs = b_.aggregates;
    if (order_.empty() && b_.key_items.empty())  // no rows, no keys: one group of nothing
      order_.push_back(&*groups_.emplace(std::vector<Value>(), Group{Row(), std::vector<AggState>(aggs.size())}).first);
    std::unordered_set<std::vector<Value>, RowHash, RowEqual> seen;  // DISTINCT
    Batch out;
    size_t n = p_.items.size();
    for (auto* entry : order_) {
      const std::vector<Value>& key = entry->first;
      Group& g = entry->second;
      std::vector<Value> results;
      for (size_t a = 0; a < aggs.size(); ++a) results.push_back(FinalAggregate(*aggs[a], &g.states[a]));
      Row& o = out.Add();
      o.resize(n);
      for (size_t k = 0, ki = 0; k < n; ++k) {
        if (ki < b_.key_items.size() && b_.key_items[ki] == k) {
          o[k] = key[ki++];
          continue;
        }
        g.first.resize(b_.in_width);  // all null unless kept: only aggregates read it then
        Result<Value> v = ex_->EvalProjected(*p_.items[k].expr, g.first, results);
        if (!v.ok()) return v.status();
        o[k] = std::move(v).value();
      }
      g = Group();  // its memory goes as its row does
      if (p_.distinct && !seen.insert(o).second) {
        --out.size;
        continue;
      }
      NG_RETURN_IF_ERROR(ex_->CheckLimits());
      if (out.full()) NG_RETURN_IF_ERROR(Emit(out));
    }
    order_.clear();
    groups_.clear();
    return Emit(out);
  }

 private:
  struct Group {
    Row first;
    std::vector<AggState> states;
  };
  using Groups = std::unordered_map<std::vector<Value>, Group, RowHash, RowEqual>;

  // Feeds one row's argument to aggregate `agg`.
  Status Update(const Expr& agg, Row& row, AggState* st) {
    Value v;
    if (agg.kind != Expr::Kind::kCountStar) {
      if (IsPercentile(agg.name)) {
        Result<Value> p = ex_->Eval(*agg.args[1], row);
        if (!p.ok()) return p.status();
        if (!p->is_number() || p->as_double() < 0 || p->as_double() > 1)
          return Status::InvalidArgument(agg.name + "() needs a percentile between 0.0 and 1.0, got " +
                                         ToLiteral(p.value()));
        st->percentile = p->as_double();
      }
      Result<Value> r = ex_->Eval(*agg.args[0], row);
      if (!r.ok()) return r.status();
      v = std::move(r).value();
    }
    NG_RETURN_IF_ERROR(UpdateAggregate(agg, st, v));
    if (st->items.size() > ex_->limits().max_rows)
      return Status::LimitExceeded("query stopped: collect() grew past " + std::to_string(ex_->limits().max_rows) +
                                   " items");
    return Status::OK();
  }

  Status Added(Groups::value_type* group) {
    order_.push_back(group);
    if (order_.size() > ex_->limits().max_rows)
      return Status::LimitExceeded("query stopped: more than " + std::to_string(ex_->limits().max_rows) + " groups");
    return Status::OK();
  }

  const PlanStep& step_;
  bool keep_first_ = false;  // some item reads the row besides its aggregates and keys
  std::vector<Value> key_;
  Groups groups_;  // node-based: an entry stays where it is
  std::vector<Groups::value_type*> order_;  // first seen first
};

// ORDER BY's keys of a projected row.
Status SortKey(Executor& ex, const Projection& p, const BoundProjection& b, Row& row, std::vector<Value>* key) {
  key->clear();
  for (size_t i = 0; i < p.order.size(); ++i) {
    if (b.sort_column[i] >= 0) {
      key->push_back(row[b.sort_column[i]]);
      continue;
    }
    row.resize(b.sort_width);
    Result<Value> v = ex.Eval(*p.order[i].expr, row);
    if (!v.ok()) return v.status();
    key->push_back(std::move(v).value());
  }
  return Status::OK();
}

// A row with its sort key and arrival number (ties keep arrival order).
struct Keyed {
  std::vector<Value> key;
  size_t seq;
  Row row;
};

// Whether `a` comes before `b` in ORDER BY's order.
struct OrderBefore {
  const Projection* p;
  bool operator()(const Keyed& a, const Keyed& b) const {
    for (size_t i = 0; i < p->order.size(); ++i) {
      int c = CompareForOrder(a.key[i], b.key[i]);
      if (c != 0) return p->order[i].descending ? c > 0 : c < 0;
    }
    return a.seq < b.seq;
  }
};

// ORDER BY without LIMIT: every row, sorted at the end; then SKIP.
class SortOp : public ProjectionStage {
 public:
  using ProjectionStage::ProjectionStage;

 protected:
  Status DoPush(Batch& in) override {
    for (size_t i = 0; i < in.size; ++i) {
      Keyed k{{}, rows_.size(), std::move(in.rows[i])};
      NG_RETURN_IF_ERROR(SortKey(*ex_, p_, b_, k.row, &k.key));
      rows_.push_back(std::move(k));
      NG_RETURN_IF_ERROR(HoldRows(*ex_, rows_.size()));
    }
    return Status::OK();
  }
  Status DoFinish() override {
    std::sort(rows_.begin(), rows_.end(), OrderBefore{&p_});
    std::vector<Row> sorted;
    sorted.reserve(rows_.size());
    for (Keyed& k : rows_) sorted.push_back(std::move(k.row));
    rows_.clear();
    return EmitAll(&sorted, [this](Batch& b) { return Emit(b); });
  }

 private:
  std::vector<Keyed> rows_;
};

// ORDER BY ... [SKIP s] LIMIT k: the first s + k rows in a bounded heap
// (its top the last of them), sorted at the end; the first s dropped.
class TopKOp : public ProjectionStage {
 public:
  TopKOp(Executor* ex, const PlanOp& op, const PlanStep& step, size_t skip, size_t limit)
      : ProjectionStage(ex, op, step),
        skip_(skip),
        keep_(limit > SIZE_MAX - skip ? SIZE_MAX : skip + limit),
        heap_(OrderBefore{&p_}) {}

 protected:
  Status DoPush(Batch& in) override {
    if (keep_ == 0) return Status::Stopped();
    for (size_t i = 0; i < in.size; ++i) {
      Keyed k{{}, seq_++, Row()};
      NG_RETURN_IF_ERROR(SortKey(*ex_, p_, b_, in.rows[i], &k.key));
      if (heap_.size() == keep_) {
        if (!OrderBefore{&p_}(k, heap_.top())) continue;
        heap_.pop();
      }
      k.row = std::move(in.rows[i]);
      heap_.push(std::move(k));
      NG_RETURN_IF_ERROR(HoldRows(*ex_, heap_.size()));
    }
    return Status::OK();
  }
  Status DoFinish() override {
    std::vector<Row> rows(heap_.size());
    for (size_t i = heap_.size(); i > 0; --i) {
      rows[i - 1] = std::move(const_cast<Keyed&>(heap_.top()).row);  // popped next: moving out is safe
      heap_.pop();
    }
    if (skip_ >= rows.size()) return Status::OK();
    rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(skip_));
    return EmitAll(&rows, [this](Batch& b) { return Emit(b); });
  }

 private:
  size_t skip_, keep_;
  size_t seq_ = 0;
  std::priority_queue<Keyed, std::vector<Keyed>, OrderBefore> heap_;
};

// SKIP/LIMIT without ORDER BY: passes rows on and stops its input once
// it has passed the last.
class SkipLimitOp : public Operator {
 public:
  SkipLimitOp(Executor* ex, const PlanOp& op, size_t skip, size_t limit)
      : Operator(ex, op), skip_(skip), limit_(limit) {}

 protected:
  Status DoPush(Batch& in) override {
    size_t kept = 0;
    for (size_t i = 0; i < in.size && passed_ < limit_; ++i) {
      if (skip_ > 0) {
        --skip_;
        continue;
      }
      if (kept != i) std::swap(in.rows[kept], in.rows[i]);
      ++kept;
      ++passed_;
    }
    in.size = kept;
    Status s = Emit(in);
    if (!s.ok()) return s;
    return passed_ >= limit_ ? Status::Stopped() : Status::OK();
  }

 private:
  size_t skip_, limit_;
  size_t passed_ = 0;
};

// WITH ... WHERE, after the projection: keeps the rows it holds for.
class FilterOp : public ProjectionStage {
 public:
  using ProjectionStage::ProjectionStage;

 protected:
  Status DoPush(Batch& in) override {
    size_t kept = 0;
    for (size_t i = 0; i < in.size; ++i) {
      Row& row = in.rows[i];
      row.resize(b_.where_width);
      Result<Value> keep = ex_->Eval(*p_.where, row);
      if (!keep.ok()) return keep.status();
      if (keep->type() != Value::kBool || !std::get<bool>(keep->v)) continue;
      if (kept != i) std::swap(in.rows[kept], row);
      ++kept;
    }
    in.size = kept;
    return Emit(in);
  }
};

}  // namespace

Result<std::unique_ptr<Operator>> MakeProjectionOp(Executor* ex, const PlanOp& op, const PlanStep& step) {
  const Projection& p = step.clause->projection;
  size_t skip = 0, limit = SIZE_MAX;
  if (op.kind == PlanOp::Kind::kTopK || op.kind == PlanOp::Kind::kSkipLimit) {
    if (p.skip) {
      Result<int64_t> s = ex->EvalCount(*p.skip, "SKIP");
      if (!s.ok()) return s.status();
      skip = static_cast<size_t>(s.value());
    }
    if (p.limit) {
      Result<int64_t> l = ex->EvalCount(*p.limit, "LIMIT");
      if (!l.ok()) return l.status();
      limit = static_cast<size_t>(l.value());
    }
  }
  switch (op.kind) {
    case PlanOp::Kind::kProject: return std::unique_ptr<Operator>(new ProjectOp(ex, op, step));
    case PlanOp::Kind::kAggregate: return std::unique_ptr<Operator>(new AggregateOp(ex, op, step));
    case PlanOp::Kind::kSort: return std::unique_ptr<Operator>(new SortOp(ex, op, step));
    case PlanOp::Kind::kTopK: return std::unique_ptr<Operator>(new TopKOp(ex, op, step, skip, limit));
    case PlanOp::Kind::kSkipLimit: return std::unique_ptr<Operator>(new SkipLimitOp(ex, op, skip, limit));
    case PlanOp::Kind::kFilter: return std::unique_ptr<Operator>(new FilterOp(ex, op, step));
    default: return Status::Internal("not an operator of WITH or RETURN");
  }
}

}  // namespace newsgraph
