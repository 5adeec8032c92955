// The operators of a plan and the chain that runs them (pipeline.h).
// Projection, aggregation and ordering are in projection_ops.cc.

#include "query/pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>

#include "query/pipeline_internal.h"
#include "query/temporal.h"

namespace newsgraph {

size_t RowHash::operator()(const std::vector<Value>& row) const {
  // Values that CompareForOrder calls equal hash alike: numbers by their
  // double value (1 = 1.0), paths by their nodes.
  std::function<size_t(const Value&)> one = [&](const Value& v) -> size_t {
    auto mix = [](size_t h, size_t x) { return h ^ (x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)); };
    size_t h = static_cast<size_t>(v.type() == Value::kFloat ? Value::kInt : v.type());
    switch (v.type()) {
      case Value::kNull: return h;
      case Value::kBool: return mix(h, std::get<bool>(v.v));
      case Value::kInt:
      case Value::kFloat: {
        double d = v.as_double();
        return mix(h, std::isnan(d) ? 1 : std::hash<double>()(d == 0 ? 0.0 : d));
      }
      case Value::kString: return mix(h, std::hash<std::string>()(std::get<std::string>(v.v)));
      case Value::kNode: return mix(h, std::get<NodeValue>(v.v).id);
      case Value::kRel: return mix(h, std::get<RelValue>(v.v).id);
      case Value::kList:
        for (const Value& item : std::get<ValueList>(v.v)) h = mix(h, one(item));
        return h;
      case Value::kMap:
        for (const auto& [k, item] : std::get<ValueMap>(v.v)) h = mix(mix(h, std::hash<std::string>()(k)), one(item));
        return h;
      case Value::kPath:
        for (const NodeValue& n : std::get<PathValue>(v.v).nodes) h = mix(h, n.id);
        return h;
      case Value::kDate:
      case Value::kDuration:
      case Value::kLocalTime:
      case Value::kTime:
      case Value::kLocalDateTime:
      case Value::kDateTime:
        for (int64_t part : TemporalKey(v)) h = mix(h, static_cast<size_t>(part));
        return h;
    }
    return h;
  };
  size_t h = row.size();
  for (const Value& v : row) h = h * 31 + one(v);
  return h;
}

bool RowEqual::operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (CompareForOrder(a[i], b[i]) != 0) return false;
  return true;
}

// ---- Operator

namespace {

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Status Operator::Push(Batch& in) {
  auto start = std::chrono::steady_clock::now();
  Status s = stopped_ ? Status::Stopped() : DoPush(in);
  in.size = 0;
  seconds_ += Since(start);
  return s;
}

Status Operator::Finish() {
  auto start = std::chrono::steady_clock::now();
  Status s = DoFinish();
  if (s.ok() || s.code() == Status::Code::kStopped) s = next_ ? next_->Finish() : Status::OK();
  seconds_ += Since(start);
  return s;
}

Status Operator::Emit(Batch& out) {
  if (out.size == 0) return stopped_ ? Status::Stopped() : Status::OK();
  if (stopped_) {
    out.size = 0;
    return Status::Stopped();
  }
  rows_out_ += out.size;
  if (width_)
    for (size_t i = 0; i < out.size; ++i) out.rows[i].resize(width_);
  Status s = next_->Push(out);
  out.size = 0;
  out.capacity = std::min(out.capacity * 2, kBatchRows);
  if (s.code() == Status::Code::kStopped) stopped_ = true;
  return s;
}

std::vector<std::string> Operator::ProfileLines() const {
  std::vector<std::string> lines = op_.lines;
  if (lines.empty()) return lines;
  double self = seconds_ - (next_ ? next_->seconds_ : 0);
  char time[64];
  std::snprintf(time, sizeof(time), "%.3f ms", std::max(self, 0.0) * 1000);
  std::string inner = InnerRows();
  if (!inner.empty() && lines.size() >= 2) {
    // A Match's WHERE: the matches on the line before, the rows kept on the WHERE's.
    lines[lines.size() - 2] += "  (rows " + inner + ", " + time + ")";
    lines.back() += "  (rows " + std::to_string(rows_out_) + ")";
  } else {
    lines.back() += "  (rows " + std::to_string(rows_out_) + ", " + time + ")";
  }
  return lines;
}

// ---- Match, Unwind, writing clauses, the result

namespace {

// MATCH / OPTIONAL MATCH and its WHERE: the matches of each input row.
class MatchOp : public Operator {
 public:
  MatchOp(Executor* ex, const PlanOp& op, const PlanStep& step) : Operator(ex, op), step_(step) {}

 protected:
  Status DoPush(Batch& in) override {
    const Clause& c = *step_.clause;
    const ClauseBinding& b = *step_.binding;
    for (size_t i = 0; i < in.size; ++i) {
      Row& row = in.rows[i];
      row.resize(b.width);
      size_t produced = 0;
      auto emit = [&](Row& match) -> Status {
        ++matched_;
        if (c.where) {
          Result<bool> keep = WhereHolds(*ex_, *c.where, match);
          if (!keep.ok()) return keep.status();
          if (!keep.value()) return Status::OK();
        }
        Row& o = out_.Add();
        o = match;
        // A row of a counted tail carries its count; any other stands for one.
        if (b.count_slot >= 0 && o[b.count_slot].is_null()) o[b.count_slot] = Value(int64_t{1});
        ++produced;
        NG_RETURN_IF_ERROR(ex_->CheckLimits());
        return out_.full() ? Emit(out_) : Status::OK();  // Stopped ends the matching
      };
      // A variable bound to null before this clause (OPTIONAL MATCH) matches nothing.
      if (!HasNullBoundVariable(c.patterns, row, b.before))
        NG_RETURN_IF_ERROR(ex_->Match(c.patterns.data(), c.patterns.size(), b.count_slot, op_.reads_edges, row, emit));
      if (stopped()) return Status::Stopped();
      if (c.optional && produced == 0) {
        for (size_t k = b.before; k < b.width; ++k) row[k] = Value();
        out_.Add() = std::move(row);
        if (out_.full()) NG_RETURN_IF_ERROR(Emit(out_));
      }
    }
    return Status::OK();
  }
  Status DoFinish() override { return Emit(out_); }
  std::string InnerRows() const override { return step_.clause->where ? std::to_string(matched_) : ""; }

 private:
  const PlanStep& step_;
  Batch out_;
  size_t matched_ = 0;
};

class UnwindOp : public Operator {
 public:
  UnwindOp(Executor* ex, const PlanOp& op, const PlanStep& step) : Operator(ex, op), step_(step) {}

 protected:
  Status DoPush(Batch& in) override {
    int slot = step_.binding->unwind_slot;
    for (size_t i = 0; i < in.size; ++i) {
      Row& row = in.rows[i];
      row.resize(step_.binding->width);
      Result<Value> v = ex_->Eval(*step_.clause->unwind, row);
      if (!v.ok()) return v.status();
      if (v->is_null()) continue;
      if (v->type() != Value::kList) {
        row[slot] = std::move(v).value();
        out_.Add() = std::move(row);
        if (out_.full()) NG_RETURN_IF_ERROR(Emit(out_));
        continue;
      }
      for (Value& item : std::get<ValueList>(v->v)) {
        Row& o = out_.Add();
        o = row;
        o[slot] = std::move(item);
        NG_RETURN_IF_ERROR(ex_->CheckLimits());
        if (out_.full()) NG_RETURN_IF_ERROR(Emit(out_));
      }
    }
    return Status::OK();
  }
  Status DoFinish() override { return Emit(out_); }

 private:
  const PlanStep& step_;
  Batch out_;
};

// CREATE, MERGE, SET, REMOVE, DELETE: every input row first (a write must
// not change what the clauses before it still read), then the writes.
class WriteOp : public Operator {
 public:
  WriteOp(Executor* ex, const PlanOp& op, const PlanStep& step) : Operator(ex, op), step_(step) {}

 protected:
  Status DoPush(Batch& in) override {
    for (size_t i = 0; i < in.size; ++i) {
      rows_.push_back(std::move(in.rows[i]));
      NG_RETURN_IF_ERROR(HoldRows(*ex_, rows_.size()));
    }
    return Status::OK();
  }
  Status DoFinish() override {
    NG_RETURN_IF_ERROR(ex_->ExecWrite(step_, &rows_));
    return EmitAll(&rows_, [this](Batch& b) { return Emit(b); });
  }

 private:
  const PlanStep& step_;
  std::vector<Row> rows_;
};

// The end of the chain: the part's result rows (none without a RETURN).
class ResultOp : public Operator {
 public:
  ResultOp(Executor* ex, std::vector<Row>* rows) : Operator(ex, kNoLines), rows_(rows) {}

 protected:
  Status DoPush(Batch& in) override {
    if (!rows_) return Status::OK();
    for (size_t i = 0; i < in.size; ++i) {
      rows_->push_back(std::move(in.rows[i]));
      NG_RETURN_IF_ERROR(HoldRows(*ex_, rows_->size()));
    }
    return Status::OK();
  }

 private:
  static const PlanOp kNoLines;
  std::vector<Row>* rows_;
};
const PlanOp ResultOp::kNoLines{PlanOp::Kind::kProject, {}};

}  // namespace

Result<bool> WhereHolds(Executor& ex, const Expr& where, Row& row) {
  Result<Value> keep = ex.Eval(where, row);
  if (!keep.ok()) return keep.status();
  if (keep->type() != Value::kBool && !keep->is_null())
    return TypeError(where, std::string("WHERE needs a boolean, got ") + TypeName(keep->type()));
  return !keep->is_null() && std::get<bool>(keep->v);
}

Status HoldRows(Executor& ex, size_t held) {
  NG_RETURN_IF_ERROR(ex.CheckLimits());
  if (held > ex.limits().max_rows)
    return Status::LimitExceeded("query stopped: more than " + std::to_string(ex.limits().max_rows) +
                                 " rows (raise --max-rows, or add LIMIT)");
  return Status::OK();
}

Status EmitAll(std::vector<Row>* rows, const std::function<Status(Batch&)>& emit) {
  Batch out;
  for (Row& r : *rows) {
    out.Add() = std::move(r);
    if (out.full()) {
      Status s = emit(out);
      if (!s.ok()) return s;
    }
  }
  rows->clear();
  return emit(out);
}

Result<std::vector<std::unique_ptr<Operator>>> BuildPipeline(Executor* ex, const PlanPart& part,
                                                              std::vector<Row>* result) {
  std::vector<std::unique_ptr<Operator>> ops;
  std::vector<size_t> widths;  // per operator: what its rows are cut to
  for (const PlanStep& step : part.steps) {
    for (const PlanOp& op : step.ops) {
      std::unique_ptr<Operator> made;
      switch (op.kind) {
        case PlanOp::Kind::kMatch: made = std::make_unique<MatchOp>(ex, op, step); break;
        case PlanOp::Kind::kUnwind: made = std::make_unique<UnwindOp>(ex, op, step); break;
        case PlanOp::Kind::kWrite: made = std::make_unique<WriteOp>(ex, op, step); break;
        case PlanOp::Kind::kCall: made = MakeCallOp(ex, op, step); break;
        default: {
          Result<std::unique_ptr<Operator>> p = MakeProjectionOp(ex, op, step);
          if (!p.ok()) return p.status();
          made = std::move(p).value();
        }
      }
      ops.push_back(std::move(made));
      widths.push_back(0);
    }
    // A WITH or RETURN hands on its columns only.
    if (step.op == PlanStep::Op::kProject || step.op == PlanStep::Op::kReturn)
      widths.back() = step.binding->projection.columns.size();
  }
  const PlanStep& last = part.steps.back();
  bool returns = last.op == PlanStep::Op::kReturn || (last.op == PlanStep::Op::kCall && last.clause->call.standalone);
  ops.push_back(std::make_unique<ResultOp>(ex, returns ? result : nullptr));
  for (size_t i = 0; i + 1 < ops.size(); ++i) ops[i]->Connect(ops[i + 1].get(), widths[i]);
  return ops;
}

Status RunPipeline(const std::vector<std::unique_ptr<Operator>>& ops) {
  Batch start;
  start.Add();  // one empty row
  Status s = ops[0]->Push(start);
  if (!s.ok() && s.code() != Status::Code::kStopped) return s;
  s = ops[0]->Finish();
  return s.code() == Status::Code::kStopped ? Status::OK() : s;
}

}  // namespace newsgraph
