// Internal: the operators a physical plan (plan.h PlanOp) runs as, and
// running one UNION part through them.
//
// A part is a chain of operators. The first is handed one empty row; each
// passes batches of at most kBatchRows rows to the next (Push), and at the
// end of its input flushes what it holds (Finish). Streaming operators
// (Match, Unwind, Project, Limit, Filter) hold one batch at most (and a
// DISTINCT Project the rows it has seen); the others hold what their
// result needs and no more: Aggregate one entry per group, TopK SKIP +
// LIMIT rows, Sort and a writing clause every row. So a count or sum over
// all edges holds one group, never the edges' rows.
//
// The chain is driven from its source (push, not pull): the matcher
// enumerates matches by recursion (match_internal.h) and hands each to a
// callback, so a pull-based Match would have to buffer every match of one
// input row (all edges, for a scan). A consumer that needs no more rows
// (LIMIT) answers Status::Stopped(); the producer then stops (a Match ends
// its traversal) and only calls Finish.
//
// Limits (QueryLimits) apply to what is held: groups, sorted rows, rows of
// a writing clause and result rows against max_rows; time and memory are
// checked for every row made.
#ifndef NEWSGRAPH_QUERY_PIPELINE_H_
#define NEWSGRAPH_QUERY_PIPELINE_H_

#include <memory>
#include <string>
#include <vector>

#include "query/executor.h"
#include "query/plan.h"

namespace newsgraph {

constexpr size_t kBatchRows = 1024;

// Rows passed between operators. rows[0, size) are live; the Row objects
// past `size` are spare storage, reused to save allocations. A batch that
// is filled and emitted again and again holds 1 row, then 2, 4, ... up to
// kBatchRows: a LIMIT k downstream stops its producer after fewer than 2k
// rows, while a long stream still moves in full batches.
struct Batch {
  std::vector<Row> rows;
  size_t size = 0;
  size_t capacity = 1;  // full() from here; Operator::Emit doubles it
  Row& Add() {
    if (size == rows.size()) rows.emplace_back();
    return rows[size++];
  }
  bool full() const { return size >= capacity; }
};

class Operator {
 public:
  Operator(Executor* ex, const PlanOp& op) : ex_(ex), op_(op) {}
  virtual ~Operator() = default;
  Operator(const Operator&) = delete;  // holds rows and links
  Operator& operator=(const Operator&) = delete;

  // The operator rows go to (must outlive this one), and the width they
  // are cut to (0: as made).
  void Connect(Operator* next, size_t width) {
    next_ = next;
    width_ = width;
  }
  // Takes the rows of `in`, which is empty afterwards (its storage may be
  // reused). Stopped(): send no more rows; Finish must still follow.
  Status Push(Batch& in);
  // The input has ended: passes on what is held, then finishes the next
  // operator. Called once, unless Push failed.
  Status Finish();

  // PROFILE: the operator's EXPLAIN lines, with its rows out and its own
  // time (not that of the operators it pushed to) on the last.
  std::vector<std::string> ProfileLines() const;

 protected:
  virtual Status DoPush(Batch& in) = 0;
  virtual Status DoFinish() { return Status::OK(); }
  // Sends out's rows to the next operator; `out` is empty afterwards.
  // Stopped() when the next wants no more (stopped() is then true).
  Status Emit(Batch& out);
  bool stopped() const { return stopped_; }
  // The PROFILE text of the rows this operator saw before its output
  // (a Match's matches before its WHERE); "" when not shown.
  virtual std::string InnerRows() const { return ""; }

  Executor* ex_;
  const PlanOp& op_;

 private:
  Operator* next_ = nullptr;
  size_t width_ = 0;
  bool stopped_ = false;
  size_t rows_out_ = 0;
  double seconds_ = 0;  // in Push and Finish, the next operator's time included
};

// The operators of `part`, connected in order; the last hands its rows to
// `result` (when the part ends in RETURN). Fails on a SKIP or LIMIT that
// is not a non-negative integer.
Result<std::vector<std::unique_ptr<Operator>>> BuildPipeline(Executor* ex, const PlanPart& part,
                                                              std::vector<Row>* result);
// Runs a built pipeline from one empty row.
Status RunPipeline(const std::vector<std::unique_ptr<Operator>>& ops);

// Row equality and hashing as DISTINCT, grouping and UNION compare rows
// (CompareForOrder: 1 = 1.0, null = null).
struct RowHash {
  size_t operator()(const std::vector<Value>& row) const;
};
struct RowEqual {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_PIPELINE_H_
