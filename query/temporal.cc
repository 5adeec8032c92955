#include "query/temporal.h"

#include <cmath>

#include "base/ascii.h"
#include "query/bind.h"

namespace newsgraph {

std::array<int64_t, 4> TemporalKey(const Value& v) {
  switch (v.type()) {
    case Value::kDate: return {std::get<Date>(v.v).days, 0, 0, 0};
    case Value::kLocalTime: return {std::get<LocalTime>(v.v).nanos, 0, 0, 0};
    case Value::kTime: return {std::get<Time>(v.v).UtcNanos(), 0, 0, 0};
    case Value::kLocalDateTime: {
      const LocalDateTime& t = std::get<LocalDateTime>(v.v);
      return {t.date.days, t.nanos, 0, 0};
    }
    case Value::kDateTime: {
      const DateTime& t = std::get<DateTime>(v.v);
      return {t.EpochSeconds(), t.Nanos(), 0, 0};
    }
    case Value::kDuration: {
      const Duration& d = std::get<Duration>(v.v);
      return {d.months, d.days, d.seconds, d.nanos};
    }
    default: return {0, 0, 0, 0};
  }
}

std::string TemporalText(const Value& v) {
  switch (v.type()) {
    case Value::kDate: return FormatIsoDate(std::get<Date>(v.v));
    case Value::kLocalTime: return FormatLocalTime(std::get<LocalTime>(v.v));
    case Value::kTime: return FormatTime(std::get<Time>(v.v));
    case Value::kLocalDateTime: return FormatLocalDateTime(std::get<LocalDateTime>(v.v));
    case Value::kDateTime: return FormatDateTime(std::get<DateTime>(v.v));
    case Value::kDuration: return FormatDuration(std::get<Duration>(v.v));
    default: return "";
  }
}

namespace {

bool DateFieldOf(Date d, const std::string& name, Value* out) {
  CivilDate c = ToCivil(d);
  auto is = [&](const char* field) { return EqualsIgnoreCase(name, field); };
  int64_t week_year;
  int week;
  IsoWeek(d, &week_year, &week);
  int64_t quarter_start = FromCivil(CivilDate{c.year, (c.month - 1) / 3 * 3 + 1, 1}).days;
  if (is("year")) *out = Value(c.year);
  else if (is("quarter")) *out = Value((c.month + 2) / 3);
  else if (is("month")) *out = Value(c.month);
  else if (is("week")) *out = Value(week);
  else if (is("weekYear")) *out = Value(week_year);
  else if (is("day")) *out = Value(c.day);
  else if (is("ordinalDay")) *out = Value(d.days - FromCivil({c.year, 1, 1}).days + 1);
  else if (is("dayOfWeek") || is("weekDay")) *out = Value(DayOfWeek(d));
  else if (is("dayOfQuarter")) *out = Value(d.days - quarter_start + 1);
  else return false;
  return true;
}

bool TimeFieldOf(int64_t nanos, const std::string& name, Value* out) {
  auto is = [&](const char* field) { return EqualsIgnoreCase(name, field); };
  int64_t secs = nanos / kNanosPerSecond, frac = nanos % kNanosPerSecond;
  if (is("hour")) *out = Value(secs / 3600);
  else if (is("minute")) *out = Value(secs / 60 % 60);
  else if (is("second")) *out = Value(secs % 60);
  else if (is("millisecond")) *out = Value(frac / 1000000);
  else if (is("microsecond")) *out = Value(frac / 1000);
  else if (is("nanosecond")) *out = Value(frac);
  else return false;
  return true;
}

bool ZoneFieldOf(int32_t offset, const std::string& zone, const std::string& name, Value* out) {
  auto is = [&](const char* field) { return EqualsIgnoreCase(name, field); };
  std::string text = offset == 0 ? "+00:00" : FormatOffset(offset);
  if (is("timezone")) *out = Value(zone.empty() ? text : zone);
  else if (is("offset")) *out = Value(text);
  else if (is("offsetMinutes")) *out = Value(static_cast<int64_t>(offset / 60));
  else if (is("offsetSeconds")) *out = Value(static_cast<int64_t>(offset));
  else return false;
  return true;
}

bool DurationFieldOf(const Duration& d, const std::string& name, Value* out) {
  auto is = [&](const char* field) { return EqualsIgnoreCase(name, field); };
  // Sub-second fields count the whole time part, as Cypher does; the
  // "Of" fields are what is left within the next larger unit. Seconds are
  // whole seconds rounded down, so nanosecondsOfSecond is never negative.
  int64_t total_seconds = d.seconds, nanos = d.nanos;
  if (is("years")) *out = Value(d.months / 12);
  else if (is("quarters")) *out = Value(d.months / 3);
  else if (is("months")) *out = Value(d.months);
  else if (is("weeks")) *out = Value(d.days / 7);
  else if (is("days")) *out = Value(d.days);
  else if (is("hours")) *out = Value(total_seconds / 3600);
  else if (is("minutes")) *out = Value(total_seconds / 60);
  else if (is("seconds")) *out = Value(total_seconds);
  else if (is("milliseconds")) *out = Value(total_seconds * 1000 + nanos / 1000000);
  else if (is("microseconds")) *out = Value(total_seconds * 1000000 + nanos / 1000);
  else if (is("nanoseconds")) *out = Value(total_seconds * kNanosPerSecond + nanos);
  else if (is("quartersOfYear")) *out = Value(d.months % 12 / 3);
  else if (is("monthsOfQuarter")) *out = Value(d.months % 3);
  else if (is("monthsOfYear")) *out = Value(d.months % 12);
  else if (is("daysOfWeek")) *out = Value(d.days % 7);
  else if (is("minutesOfHour")) *out = Value(total_seconds / 60 % 60);
  else if (is("secondsOfMinute")) *out = Value(total_seconds % 60);
  else if (is("millisecondsOfSecond")) *out = Value(nanos / 1000000);
  else if (is("microsecondsOfSecond")) *out = Value(nanos / 1000);
  else if (is("nanosecondsOfSecond")) *out = Value(nanos);
  else return false;
  return true;
}

}  // namespace

bool TemporalField(const Value& v, const std::string& name, Value* out) {
  switch (v.type()) {
    case Value::kDate: return DateFieldOf(std::get<Date>(v.v), name, out);
    case Value::kLocalTime: return TimeFieldOf(std::get<LocalTime>(v.v).nanos, name, out);
    case Value::kTime: {
      const Time& t = std::get<Time>(v.v);
      return TimeFieldOf(t.nanos, name, out) || ZoneFieldOf(t.offset, "", name, out);
    }
    case Value::kLocalDateTime: {
      const LocalDateTime& t = std::get<LocalDateTime>(v.v);
      return DateFieldOf(t.date, name, out) || TimeFieldOf(t.nanos, name, out);
    }
    case Value::kDateTime: {
      const DateTime& t = std::get<DateTime>(v.v);
      if (EqualsIgnoreCase(name, "epochSeconds")) {
        *out = Value(t.EpochSeconds());
        return true;
      }
      if (EqualsIgnoreCase(name, "epochMillis")) {
        *out = Value(t.EpochSeconds() * 1000 + t.Nanos() / 1000000);
        return true;
      }
      return DateFieldOf(t.date, name, out) || TimeFieldOf(t.nanos, name, out) ||
             ZoneFieldOf(t.offset, t.zone, name, out);
    }
    case Value::kDuration: return DurationFieldOf(std::get<Duration>(v.v), name, out);
    default: return false;
  }
}

const char* TemporalFieldNames(Value::Type t) {
  switch (t) {
    case Value::kDate: return "year, quarter, month, week, weekYear, day, ordinalDay, dayOfWeek, dayOfQuarter";
    case Value::kLocalTime: return "hour, minute, second, millisecond, microsecond, nanosecond";
    case Value::kTime: return "hour .. nanosecond, timezone, offset, offsetMinutes, offsetSeconds";
    case Value::kLocalDateTime: return "year .. dayOfQuarter, hour .. nanosecond";
    case Value::kDateTime: return "year .. nanosecond, timezone, offset, offsetMinutes, offsetSeconds, epochSeconds, epochMillis";
    default: return "years, quarters, months, weeks, days, hours, minutes, seconds, milliseconds, microseconds, nanoseconds, and the *Of* forms";
  }
}

Result<Value> TemporalArithmetic(const Expr& at, const std::string& op, const Value& a, const Value& b, bool* handled) {
  *handled = true;
  auto out_of_range = [&]() { return Status::InvalidArgument("temporal value out of range (" + Where(at) + ")"); };
  bool a_dur = a.type() == Value::kDuration, b_dur = b.type() == Value::kDuration;
  if ((op == "*" || op == "/") && (a_dur != b_dur) && (a_dur ? b : a).is_number()) {
    const Duration& d = std::get<Duration>((a_dur ? a : b).v);
    double f = (a_dur ? b : a).as_double();
    if (op == "/") {
      if (!a_dur) return TypeError(at, "cannot divide a number by a Duration");
      if (f == 0) return Status::InvalidArgument("division by zero at " + Where(at));
    }
    Duration r;
    if (!ScaleDuration(d, f, op == "/", &r)) return out_of_range();
    return Value(r);
  }
  if ((op == "+" || op == "-") && a_dur && b_dur) {
    Duration y = std::get<Duration>(b.v);
    if (op == "-") {
      if (!MakeDurationExact(-y.months, -y.days, -y.seconds, -y.nanos, &y)) return out_of_range();
    }
    Duration r;
    if (!AddDurations(std::get<Duration>(a.v), y, &r)) return out_of_range();
    return Value(r);
  }
  if ((op == "+" && (a_dur != b_dur)) || (op == "-" && b_dur && !a_dur)) {
    const Value& t = a_dur ? b : a;
    Duration d = std::get<Duration>((a_dur ? a : b).v);
    if (op == "-" && !MakeDurationExact(-d.months, -d.days, -d.seconds, -d.nanos, &d)) return out_of_range();
    switch (t.type()) {
      case Value::kDate: {
        // Whole days of the time part count; the rest of a day is dropped.
        LocalDateTime x{std::get<Date>(t.v), 0};
        Duration days_only{d.months, d.days + (d.seconds + (d.seconds < 0 && d.nanos > 0)) / kSecondsPerDay, 0, 0};
        if (!AddDuration(days_only, &x)) return out_of_range();
        return Value(x.date);
      }
      case Value::kLocalTime: return Value(AddDuration(d, std::get<LocalTime>(t.v)));
      case Value::kTime: {
        Time x = std::get<Time>(t.v);
        x.nanos = AddDuration(d, LocalTime{x.nanos}).nanos;
        return Value(x);
      }
      case Value::kLocalDateTime: {
        LocalDateTime x = std::get<LocalDateTime>(t.v);
        if (!AddDuration(d, &x)) return out_of_range();
        return Value(x);
      }
      case Value::kDateTime: {
        DateTime x = std::get<DateTime>(t.v);
        std::string error;
        if (!AddDuration(d, &x, &error)) {
          if (!error.empty()) return Status::InvalidArgument(error + " (" + Where(at) + ")");
          return out_of_range();
        }
        return Value(x);
      }
      default: break;
    }
  }
  *handled = false;
  return Value();
}

}  // namespace newsgraph
