// The functions that make temporal values (query/temporal.h).
#include <cmath>
#include <ctime>

#include "base/ascii.h"
#include "query/bind.h"
#include "query/executor.h"
#include "query/temporal.h"

namespace newsgraph {

namespace {

using Call = FunctionCall;

// The parts of a temporal value, whichever type it is; what a map
// selects from and truncate cuts.
struct Parts {
  bool has_date = false, has_time = false, has_zone = false;
  Date date;
  int64_t nanos = 0;
  int32_t offset = 0;
  std::string zone;
};

Parts PartsOf(const Value& v) {
  Parts p;
  switch (v.type()) {
    case Value::kDate: p.has_date = true; p.date = std::get<Date>(v.v); break;
    case Value::kLocalTime: p.has_time = true; p.nanos = std::get<LocalTime>(v.v).nanos; break;
    case Value::kTime: {
      const Time& t = std::get<Time>(v.v);
      p.has_time = p.has_zone = true;
      p.nanos = t.nanos;
      p.offset = t.offset;
      break;
    }
    case Value::kLocalDateTime: {
      const LocalDateTime& t = std::get<LocalDateTime>(v.v);
      p.has_date = p.has_time = true;
      p.date = t.date;
      p.nanos = t.nanos;
      break;
    }
    case Value::kDateTime: {
      const DateTime& t = std::get<DateTime>(v.v);
      p.has_date = p.has_time = p.has_zone = true;
      p.date = t.date;
      p.nanos = t.nanos;
      p.offset = t.offset;
      p.zone = t.zone;
      break;
    }
    default: break;
  }
  return p;
}

Value::Type TargetType(const std::string& name) {
  std::string n = name.substr(0, name.find('.'));
  if (EqualsIgnoreCase(n, "date")) return Value::kDate;
  if (EqualsIgnoreCase(n, "localtime")) return Value::kLocalTime;
  if (EqualsIgnoreCase(n, "time")) return Value::kTime;
  if (EqualsIgnoreCase(n, "localdatetime")) return Value::kLocalDateTime;
  return Value::kDateTime;
}

bool HasDate(Value::Type t) { return t == Value::kDate || t == Value::kLocalDateTime || t == Value::kDateTime; }
bool HasTime(Value::Type t) { return t != Value::kDate; }
bool HasZone(Value::Type t) { return t == Value::kTime || t == Value::kDateTime; }

// The value of type `t` made of `p` (a missing date: 1970-01-01 is never
// used, callers check; a missing time: midnight; a missing zone: UTC).
Result<Value> Make(const Call& c, Value::Type t, const Parts& p) {
  switch (t) {
    case Value::kDate: return Value(p.date);
    case Value::kLocalTime: return Value(LocalTime{p.nanos});
    case Value::kTime: return Value(Time{p.nanos, p.offset});
    case Value::kLocalDateTime: return Value(LocalDateTime{p.date, p.nanos});
    default: {
      DateTime d{p.date, p.nanos, p.offset, p.zone};
      std::string error;
      if (!ResolveZone(&d, &error)) return Status::InvalidArgument(c.e.name + "(): " + error + " (" + Where(c.e) + ")");
      return Value(d);
    }
  }
}

Status Bad(const Call& c, const std::string& what) {
  return Status::InvalidArgument(c.e.name + "(): " + what + " (" + Where(c.e) + ")");
}

// An offset (+01:00, Z) or a zone name into `p`.
Status SetZone(const Call& c, const Value& v, Parts* p) {
  if (v.type() != Value::kString) return TypeError(c.e, c.e.name + "()'s timezone must be a string");
  const std::string& s = std::get<std::string>(v.v);
  Time probe;
  p->has_zone = true;
  p->zone.clear();
  if (!s.empty() && (s[0] == '+' || s[0] == '-' || s == "Z") && ParseTime("00" + s, &probe)) {
    p->offset = probe.offset;
    return Status::OK();
  }
  // A name: its offset now (a time of day has no date to look it up at).
  std::string error;
  int32_t offset;
  int64_t now = p->has_date ? p->date.days * kSecondsPerDay + p->nanos / kNanosPerSecond : std::time(nullptr);
  DateTime probe_dt;
  if (!DateTimeAtInstant(now, 0, 0, s, &probe_dt, &error)) return Bad(c, error);
  offset = probe_dt.offset;
  p->offset = offset;
  p->zone = s;
  return Status::OK();
}

// Moves `p` (which has a zone) to the zone in `zone_value`, keeping the instant.
Status ConvertZone(const Call& c, const Value& zone_value, Parts* p) {
  Parts target;
  target.has_date = p->has_date;
  target.date = p->date;
  NG_RETURN_IF_ERROR(SetZone(c, zone_value, &target));
  if (!p->has_date) {  // a time of day: shift by the offsets' difference
    int64_t n = (p->nanos + (target.offset - p->offset) * kNanosPerSecond) % kNanosPerDay;
    p->nanos = n < 0 ? n + kNanosPerDay : n;
  } else {
    DateTime moved;
    std::string error;
    if (!p->zone.empty()) {  // a named zone's offset on the (maybe new) date
      DateTime here{p->date, p->nanos, p->offset, p->zone};
      if (!ResolveZone(&here, &error)) return Bad(c, error);
      p->offset = here.offset;
    }
    int64_t epoch = p->date.days * kSecondsPerDay + p->nanos / kNanosPerSecond - p->offset;
    if (!DateTimeAtInstant(epoch, p->nanos % kNanosPerSecond, target.offset, target.zone, &moved, &error))
      return Bad(c, error);
    p->date = moved.date;
    p->nanos = moved.nanos;
    target.offset = moved.offset;
  }
  p->offset = target.offset;
  p->zone = target.zone;
  p->has_zone = true;
  return Status::OK();
}

Result<int64_t> IntField(const Call& c, const std::string& key, const Value& v) {
  if (v.type() != Value::kInt) return TypeError(c.e, c.e.name + "()'s " + key + " must be an integer, got " + TypeName(v.type()));
  return std::get<int64_t>(v.v);
}

// The map form: {year, month, day | week, dayOfWeek | quarter,
// dayOfQuarter | ordinalDay; hour, minute, second, millisecond,
// microsecond, nanosecond; timezone; date/time/datetime/localtime: a
// value to take the parts from; epochSeconds/epochMillis}. `p` holds
// parts to start from (truncate's); `convert` moves a selected zoned
// value to `timezone` rather than relabelling it.
Result<Value> FromMap(const Call& c, Value::Type t, const ValueMap& m, Parts p, bool convert) {
  std::map<std::string, const Value*> f;  // lower-case keys
  for (const auto& [key, v] : m) {
    std::string k = key;
    for (char& ch : k) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    f[k] = &v;
  }
  auto take = [&](const char* k) -> const Value* {
    auto it = f.find(k);
    if (it == f.end()) return nullptr;
    const Value* v = it->second;
    f.erase(it);
    return v;
  };
  // Selections.
  bool selected_zone = false;
  for (const char* k : {"datetime", "localdatetime", "date", "time", "localtime"}) {
    const Value* v = take(k);
    if (!v) continue;
    if (!v->is_temporal() || v->type() == Value::kDuration)
      return TypeError(c.e, c.e.name + "()'s " + k + " must be a temporal value, got " + TypeName(v->type()));
    Parts s = PartsOf(*v);
    bool want_date = std::string(k) != "time" && std::string(k) != "localtime";
    bool want_time = std::string(k) != "date";
    if (want_date && s.has_date) {
      p.has_date = true;
      p.date = s.date;
    }
    if (want_time && s.has_time) {
      p.has_time = true;
      p.nanos = s.nanos;
      if (s.has_zone) {
        p.has_zone = selected_zone = true;
        p.offset = s.offset;
        p.zone = s.zone;
      }
    }
  }
  // Epoch.
  if (const Value* v = take("epochseconds")) {
    NG_ASSIGN_OR_RETURN(int64_t secs, IntField(c, "epochSeconds", *v));
    DateTime d;
    std::string error;
    if (!DateTimeAtInstant(secs, 0, 0, "", &d, &error)) return Bad(c, error);
    p = PartsOf(Value(d));
  }
  if (const Value* v = take("epochmillis")) {
    NG_ASSIGN_OR_RETURN(int64_t ms, IntField(c, "epochMillis", *v));
    DateTime d;
    std::string error;
    int64_t secs = ms / 1000 - (ms % 1000 < 0), rest = ms - secs * 1000;
    if (!DateTimeAtInstant(secs, rest * 1000000, 0, "", &d, &error)) return Bad(c, error);
    p = PartsOf(Value(d));
  }
  // Date fields, in the form the keys name.
  const Value *year = take("year"), *month = take("month"), *day = take("day"), *week = take("week"),
              *dow = take("dayofweek"), *quarter = take("quarter"), *doq = take("dayofquarter"),
              *ordinal = take("ordinalday");
  bool date_fields = year || month || day || week || dow || quarter || doq || ordinal;
  if (date_fields && !HasDate(t)) return TypeError(c.e, c.e.name + "() takes no date fields");
  if (date_fields || (HasDate(t) && !p.has_date)) {
    if (!year && !p.has_date) return TypeError(c.e, c.e.name + "() needs a year");
    CivilDate base = p.has_date ? ToCivil(p.date) : CivilDate{0, 1, 1};
    int64_t y = base.year;
    if (year) {
      NG_ASSIGN_OR_RETURN(y, IntField(c, "year", *year));
    }
    Date out;
    bool ok = false;
    if (week || dow) {
      int64_t wy = y, w = 1, d = 1;
      if (p.has_date) {
        int iw;
        IsoWeek(p.date, &wy, &iw);
        w = iw;
        d = DayOfWeek(p.date);
        if (year) wy = y;
      }
      if (week) {
        NG_ASSIGN_OR_RETURN(w, IntField(c, "week", *week));
      }
      if (dow) {
        NG_ASSIGN_OR_RETURN(d, IntField(c, "dayOfWeek", *dow));
      }
      if (wy >= kMinYear && wy <= kMaxYear && w >= 1 && w <= 53 && d >= 1 && d <= 7) {
        out = Date{IsoWeekOneMonday(wy).days + (w - 1) * 7 + d - 1};
        int64_t check_year;
        int check_week;
        IsoWeek(out, &check_year, &check_week);
        ok = check_year == wy;
      }
    } else if (quarter || doq) {
      int64_t q = (base.month + 2) / 3, dq = 1;
      if (p.has_date) dq = p.date.days - FromCivil(CivilDate{base.year, static_cast<int>((q - 1) * 3 + 1), 1}).days + 1;
      if (quarter) {
        NG_ASSIGN_OR_RETURN(q, IntField(c, "quarter", *quarter));
      }
      if (doq) {
        NG_ASSIGN_OR_RETURN(dq, IntField(c, "dayOfQuarter", *doq));
      }
      if (q >= 1 && q <= 4 && dq >= 1 && dq <= 92 && y >= kMinYear && y <= kMaxYear) {
        Date start = FromCivil(CivilDate{y, static_cast<int>((q - 1) * 3 + 1), 1});
        out = Date{start.days + dq - 1};
        CivilDate e = ToCivil(out);
        ok = (e.month + 2) / 3 == q && e.year == y;
      }
    } else if (ordinal) {
      NG_ASSIGN_OR_RETURN(int64_t od, IntField(c, "ordinalDay", *ordinal));
      if (y >= kMinYear && y <= kMaxYear && od >= 1 && od <= 366) {
        out = Date{FromCivil(CivilDate{y, 1, 1}).days + od - 1};
        ok = ToCivil(out).year == y;
      }
    } else {
      int64_t mo = base.month, d = base.day;
      if (!p.has_date) mo = d = 1;
      if (month) {
        NG_ASSIGN_OR_RETURN(mo, IntField(c, "month", *month));
      }
      if (day) {
        NG_ASSIGN_OR_RETURN(d, IntField(c, "day", *day));
      }
      if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
        CivilDate civil{y, static_cast<int>(mo), static_cast<int>(d)};
        ok = ValidCivil(civil);
        if (ok) out = FromCivil(civil);
      }
    }
    if (!ok) return Bad(c, "no such date in " + ToLiteral(Value(m)));
    p.has_date = true;
    p.date = out;
  }
  // Time fields.
  static const struct { const char* key; int64_t max; int64_t scale; } kTime[] = {
      {"hour", 23, 3600 * kNanosPerSecond}, {"minute", 59, 60 * kNanosPerSecond}, {"second", 59, kNanosPerSecond}};
  static const struct { const char* key; int64_t max; int64_t scale; } kFraction[] = {
      {"millisecond", 999, 1000000}, {"microsecond", 999999, 1000}, {"nanosecond", 999999999, 1}};
  bool time_fields = false;
  int64_t units[3] = {p.nanos / (3600 * kNanosPerSecond), p.nanos / (60 * kNanosPerSecond) % 60,
                      p.nanos / kNanosPerSecond % 60};
  int64_t fraction = p.nanos % kNanosPerSecond;
  for (int i = 0; i < 3; ++i) {
    if (const Value* v = take(kTime[i].key)) {
      if (!HasTime(t)) return TypeError(c.e, c.e.name + "() takes no time fields");
      NG_ASSIGN_OR_RETURN(units[i], IntField(c, kTime[i].key, *v));
      if (units[i] < 0 || units[i] > kTime[i].max) return Bad(c, std::string(kTime[i].key) + " out of range");
      time_fields = true;
      if (i == 0 && !p.has_time) units[1] = units[2] = fraction = 0;
    }
  }
  // The largest sub-second unit given replaces the fraction from there
  // down when it fits there: {nanosecond: 2} on .645 gives .645000002.
  bool fraction_given = false;
  int64_t new_fraction = 0, kept_scale = kNanosPerSecond;
  for (const auto& part : kFraction) {
    if (const Value* v = take(part.key)) {
      if (!HasTime(t)) return TypeError(c.e, c.e.name + "() takes no time fields");
      NG_ASSIGN_OR_RETURN(int64_t n, IntField(c, part.key, *v));
      if (n < 0 || n > part.max) return Bad(c, std::string(part.key) + " out of range");
      new_fraction += n * part.scale;
      if (!fraction_given) kept_scale = part.scale * 1000;
      fraction_given = true;
    }
  }
  if (fraction_given) {
    if (new_fraction >= kNanosPerSecond) return Bad(c, "the fractions of a second add up to more than a second");
    fraction = new_fraction < kept_scale ? fraction / kept_scale * kept_scale + new_fraction : new_fraction;
  }
  if (time_fields || fraction_given) {
    p.has_time = true;
    p.nanos = ((units[0] * 60 + units[1]) * 60 + units[2]) * kNanosPerSecond + fraction;
  }
  // The zone.
  if (const Value* v = take("timezone")) {
    if (!HasZone(t)) return TypeError(c.e, c.e.name + "() takes no timezone");
    if (convert && selected_zone) NG_RETURN_IF_ERROR(ConvertZone(c, *v, &p));
    else NG_RETURN_IF_ERROR(SetZone(c, *v, &p));
  }
  if (!f.empty()) return TypeError(c.e, c.e.name + "() takes no key '" + f.begin()->first + "'");
  if (HasDate(t) && !p.has_date) return TypeError(c.e, c.e.name + "() needs a date");
  return Make(c, t, p);
}

Result<Value> FromString(const Call& c, Value::Type t, const std::string& s) {
  bool ok = false;
  std::string zone_error;
  Value out;
  switch (t) {
    case Value::kDate: {
      Date d;
      if ((ok = ParseDateText(s, &d))) out = Value(d);
      break;
    }
    case Value::kLocalTime: {
      LocalTime x;
      if ((ok = ParseLocalTime(s, &x))) out = Value(x);
      break;
    }
    case Value::kTime: {
      Time x;
      if ((ok = ParseTime(s, &x))) out = Value(x);
      break;
    }
    case Value::kLocalDateTime: {
      LocalDateTime x;
      if ((ok = ParseLocalDateTime(s, &x))) out = Value(x);
      break;
    }
    default: {
      DateTime x;
      if ((ok = ParseDateTime(s, &x, &zone_error))) out = Value(std::move(x));
    }
  }
  if (ok) return out;
  if (!zone_error.empty()) return Bad(c, zone_error);
  return Status::InvalidArgument(c.e.name + "(" + ToLiteral(Value(s)) + "): not a " + TypeName(t) +
                                 " in ISO 8601 form (" + Where(c.e) + ")");
}

// The statement's clock (Executor::statement_time_nanos) as a `t`, in UTC
// or in the zone `zone` names.
Result<Value> Now(const Call& c, Value::Type t, const Value* zone) {
  int64_t now = c.ex.statement_time_nanos();
  DateTime d;
  std::string error;
  if (!DateTimeAtInstant(now / kNanosPerSecond, now % kNanosPerSecond, 0, "", &d, &error)) return Bad(c, error);
  Parts p = PartsOf(Value(d));
  if (zone) NG_RETURN_IF_ERROR(ConvertZone(c, *zone, &p));
  return Make(c, t, p);
}

}  // namespace

Result<Value> TemporalOf(Call& c) {
  Value::Type t = TargetType(c.e.name);
  if (c.args.empty()) return Now(c, t, nullptr);
  const Value& x = c.args[0];
  if (x.type() == Value::kString) return FromString(c, t, std::get<std::string>(x.v));
  if (x.type() == Value::kMap) return FromMap(c, t, std::get<ValueMap>(x.v), Parts(), /*convert=*/true);
  if (x.is_temporal() && x.type() != Value::kDuration) {
    Parts p = PartsOf(x);
    if (HasDate(t) && !p.has_date) return TypeError(c.e, c.e.name + "() of a " + TypeName(x.type()) + " (it has no date)");
    if (t == Value::kTime && !p.has_zone) p.has_zone = true;  // a local time read as UTC
    return Make(c, t, p);
  }
  return TypeError(c.e, c.e.name + "() expects a string, a map or a temporal value, got " + TypeName(x.type()));
}

Result<Value> TemporalNow(Call& c) {
  return Now(c, TargetType(c.e.name), c.args.empty() ? nullptr : &c.args[0]);
}

Result<Value> DurationOf(Call& c) {
  const Value& x = c.args[0];
  if (x.type() == Value::kDuration) return x;
  if (x.type() == Value::kString) {
    Duration d;
    if (!ParseDuration(std::get<std::string>(x.v), &d))
      return Status::InvalidArgument("duration(" + ToLiteral(x) + "): not an ISO 8601 duration such as P1Y2M3DT4H5M6S (" +
                                     Where(c.e) + ")");
    return Value(d);
  }
  if (x.type() != Value::kMap)
    return TypeError(c.e, std::string("duration() expects a map or a string, got ") + TypeName(x.type()));
  static const struct { const char* key; int unit; double scale; } kParts[] = {
      {"years", 0, 12},     {"quarters", 0, 3},         {"months", 0, 1},         {"weeks", 1, 7},
      {"days", 1, 1},       {"hours", 2, 3600},         {"minutes", 2, 60},       {"seconds", 2, 1},
      {"milliseconds", 3, 1e6}, {"microseconds", 3, 1e3}, {"nanoseconds", 3, 1}};
  double units[4] = {0, 0, 0, 0};
  int64_t exact[4] = {0, 0, 0, 0};
  bool fractional = false;
  for (const auto& entry : std::get<ValueMap>(x.v)) {
    const std::string& key = entry.first;
    const Value& v = entry.second;
    const auto* part = std::find_if(std::begin(kParts), std::end(kParts),
                                    [&](const auto& p) { return EqualsIgnoreCase(key, p.key); });
    if (part == std::end(kParts))
      return TypeError(c.e, "duration() takes years, quarters, months, weeks, days, hours, minutes, seconds, "
                            "milliseconds, microseconds and nanoseconds, not '" + key + "'");
    if (v.is_null()) continue;
    if (!v.is_number()) return TypeError(c.e, "duration()'s " + key + " must be a number");
    units[part->unit] += v.as_double() * part->scale;
    if (v.type() == Value::kFloat) {
      fractional = true;
    } else {
      int64_t n = std::get<int64_t>(v.v);
      if (__builtin_mul_overflow(n, static_cast<int64_t>(part->scale), &n) ||
          __builtin_add_overflow(exact[part->unit], n, &exact[part->unit]))
        return TypeError(c.e, "duration() overflows");
    }
  }
  Duration d;
  bool ok = fractional ? MakeDuration(units[0], units[1], units[2], units[3], &d)
                       : MakeDurationExact(exact[0], exact[1], exact[2], exact[3], &d);
  if (!ok) return TypeError(c.e, "duration() overflows");
  return Value(d);
}

Result<Value> TemporalTruncate(Call& c) {
  Value::Type t = TargetType(c.e.name);
  if (c.args[0].type() != Value::kString) return TypeError(c.e, c.e.name + "()'s unit must be a string");
  const std::string& unit = std::get<std::string>(c.args[0].v);
  const Value& x = c.args[1];
  if (x.is_null()) return Value();
  if (!x.is_temporal() || x.type() == Value::kDuration)
    return TypeError(c.e, c.e.name + "() truncates a temporal value, got " + TypeName(x.type()));
  Parts p = PartsOf(x);
  if (HasDate(t) && !p.has_date) return TypeError(c.e, c.e.name + "() of a " + TypeName(x.type()) + " (it has no date)");
  CivilDate civil = ToCivil(p.date);
  auto is = [&](const char* u) { return EqualsIgnoreCase(unit, u); };
  auto floor_to = [](int64_t v, int64_t step) { return v >= 0 ? v / step * step : -((-v + step - 1) / step) * step; };
  static const struct { const char* unit; int64_t nanos; } kTimeUnits[] = {
      {"day", kNanosPerDay}, {"hour", 3600 * kNanosPerSecond}, {"minute", 60 * kNanosPerSecond},
      {"second", kNanosPerSecond}, {"millisecond", 1000000}, {"microsecond", 1000}};
  bool date_unit = true;
  if (is("millennium")) p.date = FromCivil(CivilDate{floor_to(civil.year, 1000), 1, 1});
  else if (is("century")) p.date = FromCivil(CivilDate{floor_to(civil.year, 100), 1, 1});
  else if (is("decade")) p.date = FromCivil(CivilDate{floor_to(civil.year, 10), 1, 1});
  else if (is("year")) p.date = FromCivil(CivilDate{civil.year, 1, 1});
  else if (is("weekYear")) {
    int64_t wy;
    int w;
    IsoWeek(p.date, &wy, &w);
    p.date = IsoWeekOneMonday(wy);
  } else if (is("quarter")) p.date = FromCivil(CivilDate{civil.year, (civil.month - 1) / 3 * 3 + 1, 1});
  else if (is("month")) p.date = FromCivil(CivilDate{civil.year, civil.month, 1});
  else if (is("week")) p.date = Date{p.date.days - (DayOfWeek(p.date) - 1)};
  else date_unit = false;
  if (date_unit) {
    if (!p.has_date) return Bad(c, "a " + std::string(TypeName(x.type())) + " has no '" + unit + "'");
    p.nanos = 0;
  } else {
    const auto* u = std::find_if(std::begin(kTimeUnits), std::end(kTimeUnits),
                                 [&](const auto& k) { return EqualsIgnoreCase(unit, k.unit); });
    if (u == std::end(kTimeUnits)) return Bad(c, "unknown unit '" + unit + "'");
    if (u->nanos == kNanosPerDay && !p.has_date) return Bad(c, "a " + std::string(TypeName(x.type())) + " has no 'day'");
    p.nanos = p.nanos / u->nanos * u->nanos;
  }
  p.has_time = true;
  if (t == Value::kDate) p.has_time = false;
  if (c.args.size() < 3 || c.args[2].is_null()) return Make(c, t, p);
  if (c.args[2].type() != Value::kMap) return TypeError(c.e, c.e.name + "()'s third argument must be a map");
  return FromMap(c, t, std::get<ValueMap>(c.args[2].v), p, /*convert=*/false);
}

Result<Value> DateTimeFromEpoch(Call& c) {
  for (const Value& a : c.args)
    if (a.type() != Value::kInt) return TypeError(c.e, c.e.name + "() expects integers, got " + TypeName(a.type()));
  int64_t secs = std::get<int64_t>(c.args[0].v), nanos = 0;
  if (EqualsIgnoreCase(c.e.name, "datetime.fromepochmillis")) {
    nanos = (secs % 1000 + 1000) % 1000 * 1000000;
    secs = secs / 1000 - (secs % 1000 < 0);
  } else if (c.args.size() > 1) {
    nanos = std::get<int64_t>(c.args[1].v);
    secs += nanos / kNanosPerSecond - (nanos % kNanosPerSecond < 0);
    nanos = (nanos % kNanosPerSecond + kNanosPerSecond) % kNanosPerSecond;
  }
  DateTime d;
  std::string error;
  if (!DateTimeAtInstant(secs, nanos, 0, "", &d, &error)) return Bad(c, error);
  return Value(d);
}

// The instant of `p` (which has a date and a zone), in nanoseconds.
__int128 InstantNanos(const Parts& p) {
  return (static_cast<__int128>(p.date.days) * kSecondsPerDay - p.offset) * kNanosPerSecond + p.nanos;
}

Result<Value> DurationBetween(Call& c) {
  const Value &a = c.args[0], &b = c.args[1];
  for (const Value* v : {&a, &b})
    if (!v->is_temporal() || v->type() == Value::kDuration)
      return TypeError(c.e, c.e.name + "() expects two temporal values, got " + TypeName(v->type()));
  Parts x = PartsOf(a), y = PartsOf(b);
  BetweenUnit unit = BetweenUnit::kAll;
  if (EqualsIgnoreCase(c.e.name, "duration.inMonths")) unit = BetweenUnit::kMonths;
  else if (EqualsIgnoreCase(c.e.name, "duration.inDays")) unit = BetweenUnit::kDays;
  else if (EqualsIgnoreCase(c.e.name, "duration.inSeconds")) unit = BetweenUnit::kSeconds;
  // A time of day without a date is on the other's date; then only the
  // time between them counts.
  bool time_only = !x.has_date || !y.has_date;
  if (!x.has_date) x.date = y.date;
  if (!y.has_date) y.date = x.date;
  // A local value is on the clock of the other's zone.
  if (x.has_zone != y.has_zone) {
    Parts& local = x.has_zone ? y : x;
    const Parts& zoned = x.has_zone ? x : y;
    DateTime t{local.date, local.nanos, zoned.offset, zoned.zone};
    std::string error;
    if (!ResolveZone(&t, &error)) return Bad(c, error);
    local.offset = t.offset;
    local.has_zone = true;
  }
  if (time_only && (unit == BetweenUnit::kMonths || unit == BetweenUnit::kDays)) return Value(Duration());
  if (time_only || unit == BetweenUnit::kSeconds) {
    __int128 diff = x.has_zone ? InstantNanos(y) - InstantNanos(x)
                               : (static_cast<__int128>(y.date.days) - x.date.days) * kNanosPerDay + y.nanos - x.nanos;
    Duration d;
    if (!MakeDurationExact(0, 0, static_cast<int64_t>(diff / kNanosPerSecond),
                           static_cast<int64_t>(diff % kNanosPerSecond), &d))
      return Bad(c, "the duration overflows");
    return Value(d);
  }
  if (x.has_zone) {  // b's instant on a's clock
    DateTime moved;
    std::string error;
    __int128 instant = InstantNanos(y);
    int64_t secs = static_cast<int64_t>(instant / kNanosPerSecond), nanos = static_cast<int64_t>(instant % kNanosPerSecond);
    if (nanos < 0) {
      nanos += kNanosPerSecond;
      secs -= 1;
    }
    if (!DateTimeAtInstant(secs, nanos, x.offset, "", &moved, &error)) return Bad(c, error);
    y.date = moved.date;
    y.nanos = moved.nanos;
  }
  return Value(Between(LocalDateTime{x.date, x.nanos}, LocalDateTime{y.date, y.nanos}, unit));
}

}  // namespace newsgraph
