// Status and Result<T>: how every newsgraph module reports failure.
//
// A Status is OK or carries a code and a message that names what failed and
// where ("rules/relations.rules:12: missing ')'"). Functions return them; no
// module throws across its boundary. Result<T> holds either a value or a
// non-OK Status.
#ifndef NEWSGRAPH_BASE_STATUS_H_
#define NEWSGRAPH_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace newsgraph {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // bad input from the user: a query, a rule, a file
    kNotFound,
    kCorruption,       // stored data or a file is damaged
    kIOError,
    kBusy,             // the database is in use by another writer
    kLimitExceeded,    // a query hit its row, time or memory limit
    kInternal,
    kStopped,          // not a failure: a consumer has what it needs (a LIMIT, an
                       // existence test) and its producer unwinds; the one who
                       // asked for the stop turns it back into OK
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status LimitExceeded(std::string msg) { return Status(Code::kLimitExceeded, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }
  static Status Stopped() { return Status(Code::kStopped, "stopped"); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "Invalid argument: <message>"; "OK" for success.
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>".
  Status WithContext(const std::string& context) const;

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Either a T or a non-OK Status. REQUIRES: value() only when ok().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace newsgraph

// Returns early from the calling function when `expr` is not OK.
#define NG_RETURN_IF_ERROR(expr)                     \
  do {                                               \
    ::newsgraph::Status ng_status_ = (expr);         \
    if (!ng_status_.ok()) return ng_status_;         \
  } while (0)

// Declares `lhs` from the Result `expr` (a Result<T> evaluated once), or
// returns its Status from the calling function when it is not OK:
//
//   NG_ASSIGN_OR_RETURN(Edge e, graph.GetEdge(id));
//   NG_ASSIGN_OR_RETURN(std::unique_ptr<Graph> g, Graph::Open(dir, options));
//
// A statement of its own (not the body of an unbraced if).
#define NG_ASSIGN_OR_RETURN(lhs, expr) NG_ASSIGN_OR_RETURN_IMPL_(NG_STATUS_CONCAT_(ng_result_, __LINE__), lhs, expr)
#define NG_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                              \
  if (!result.ok()) return result.status();          \
  lhs = std::move(result).value()
#define NG_STATUS_CONCAT_(a, b) NG_STATUS_CONCAT_INNER_(a, b)
#define NG_STATUS_CONCAT_INNER_(a, b) a##b

#endif  // NEWSGRAPH_BASE_STATUS_H_
