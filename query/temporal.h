// The query language's temporal values (date, localtime, time,
// localdatetime, datetime, duration: base/temporal.h holds the types and
// their calendar rules): their order, text, fields (d.year, t.hour,
// dt.epochSeconds, dur.minutes), arithmetic, and the functions that make
// them (date(...), datetime.truncate(...), duration.between(...)), which
// functions.cc's table lists.
#ifndef NEWSGRAPH_QUERY_TEMPORAL_H_
#define NEWSGRAPH_QUERY_TEMPORAL_H_

#include <array>
#include <string>

#include "base/status.h"
#include "query/functions.h"
#include "query/value.h"

namespace newsgraph {

// REQUIRES: v.is_temporal(). A key that orders and equates values of one
// temporal type as Cypher does: times and datetimes by their instant,
// durations part by part (months, days, seconds, nanoseconds).
std::array<int64_t, 4> TemporalKey(const Value& v);

// REQUIRES: v.is_temporal(). ISO 8601 text: 2015-07-21T21:40:32.142+01:00.
std::string TemporalText(const Value& v);

// v.name for a temporal value v (any case): true with the field, false
// when the type has no such field.
bool TemporalField(const Value& v, const std::string& name, Value* out);
// The fields a type has, for an error message.
const char* TemporalFieldNames(Value::Type t);

// a op b for + - * / where a temporal value takes part: temporal ± duration,
// duration ± duration, duration * / number. `*handled` false when no
// temporal rule applies (the caller reports the type error).
Result<Value> TemporalArithmetic(const Expr& at, const std::string& op, const Value& a, const Value& b, bool* handled);

// The functions, for functions.cc's table: date, localtime, time,
// localdatetime, datetime and duration (from nothing: now; a string; a
// map; another temporal value), X.truncate(unit, value[, map]),
// datetime.fromepoch(seconds, nanos), datetime.fromepochmillis(ms),
// duration.between/inMonths/inDays/inSeconds(a, b).
Result<Value> TemporalOf(FunctionCall& c);
// X.transaction(), X.statement(), X.realtime() ([zone]): the statement's clock.
Result<Value> TemporalNow(FunctionCall& c);
Result<Value> DurationOf(FunctionCall& c);
Result<Value> TemporalTruncate(FunctionCall& c);
Result<Value> DateTimeFromEpoch(FunctionCall& c);
Result<Value> DurationBetween(FunctionCall& c);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_TEMPORAL_H_
