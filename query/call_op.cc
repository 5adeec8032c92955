// The CALL operator (pipeline.h): a procedure's rows for each input row.

#include "query/pipeline_internal.h"
#include "query/procedures.h"

namespace newsgraph {

namespace {

class CallOp : public Operator {
 public:
  CallOp(Executor* ex, const PlanOp& op, const PlanStep& step) : Operator(ex, op), step_(step) {}

 protected:
  Status DoPush(Batch& in) override {
    const Clause& c = *step_.clause;
    const ProcedureCallSpec& call = c.call;
    const ProcedureDef& def = *call.procedure;
    const ClauseBinding& b = *step_.binding;
    for (size_t i = 0; i < in.size; ++i) {
      Row& row = in.rows[i];
      row.resize(b.width);
      std::vector<Value> args;
      for (size_t k = 0; k < call.args.size(); ++k) {
        Result<Value> v = ex_->Eval(*call.args[k], row);
        if (!v.ok()) return v.status();
        const ProcedureField& want = def.args[k];
        if (!ProcTypeAccepts(want.type, v.value()))
          return TypeError(*call.args[k], "argument `" + want.name + "` of " + def.name + "() is " +
                                              ProcTypeName(want.type) + ", not " + TypeName(v->type()));
        if (want.type == ProcType::kFloat && v->type() == Value::kInt) v = Value(v->as_double());
        args.push_back(std::move(v).value());
      }
      std::function<Status(std::vector<Value>&)> emit = [&](std::vector<Value>& values) -> Status {
        if (values.size() != def.outputs.size())
          return Status::Internal(def.name + "() made a row of " + std::to_string(values.size()) + " values");
        if (def.outputs.empty()) return Status::OK();
        ++called_;
        NG_RETURN_IF_ERROR(ex_->CheckLimits());
        Row o = row;
        for (const YieldItem& y : call.yields) o[y.slot] = values[y.output];
        if (c.where) {
          Result<bool> keep = WhereHolds(*ex_, *c.where, o);
          if (!keep.ok()) return keep.status();
          if (!keep.value()) return Status::OK();
        }
        if (!call.standalone) return Put(std::move(o));
        Row columns;  // a standalone CALL's rows are its YIELD columns
        for (const YieldItem& y : call.yields) columns.push_back(std::move(o[y.slot]));
        return Put(std::move(columns));
      };
      ProcedureContext context{*ex_, args, emit};
      Status s = def.impl(context);
      if (stopped()) return Status::Stopped();
      NG_RETURN_IF_ERROR(s);
      // A void procedure leaves its row as it was.
      if (def.outputs.empty() && !call.standalone) NG_RETURN_IF_ERROR(Put(std::move(row)));
    }
    return Status::OK();
  }
  Status DoFinish() override { return Emit(out_); }
  std::string InnerRows() const override { return step_.clause->where ? std::to_string(called_) : ""; }

 private:
  Status Put(Row row) {
    out_.Add() = std::move(row);
    return out_.full() ? Emit(out_) : Status::OK();
  }

  const PlanStep& step_;
  size_t called_ = 0;  // rows the procedure made, before the WHERE
  Batch out_;
};

}  // namespace

std::unique_ptr<Operator> MakeCallOp(Executor* ex, const PlanOp& op, const PlanStep& step) {
  return std::make_unique<CallOp>(ex, op, step);
}

}  // namespace newsgraph
