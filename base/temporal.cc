#include "base/temporal.h"

#include <cmath>
#include <cstdio>

#include "base/timezone.h"

namespace newsgraph {

namespace {

using int128 = __int128;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly n digits at *pos.
bool Digits(std::string_view s, size_t* pos, size_t n, int64_t* out) {
  if (s.size() < *pos + n) return false;
  int64_t v = 0;
  for (size_t i = *pos; i < *pos + n; ++i) {
    if (!IsDigit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

size_t DigitRun(std::string_view s, size_t pos) {
  size_t n = 0;
  while (pos + n < s.size() && IsDigit(s[pos + n])) ++n;
  return n;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool DateFromOrdinal(int64_t year, int64_t day, Date* out) {
  if (year < kMinYear || year > kMaxYear || day < 1) return false;
  Date first = FromCivil(CivilDate{year, 1, 1});
  Date next = year == kMaxYear ? Date{first.days + 365} : FromCivil(CivilDate{year + 1, 1, 1});
  if (first.days + day - 1 >= next.days) return false;
  *out = Date{first.days + day - 1};
  return true;
}

bool DateFromWeek(int64_t year, int64_t week, int64_t dow, Date* out) {
  if (year < kMinYear || year > kMaxYear || week < 1 || week > 53 || dow < 1 || dow > 7) return false;
  if (week == 53) {
    int64_t wy;
    int w;
    IsoWeek(Date{IsoWeekOneMonday(year).days + 52 * 7}, &wy, &w);
    if (wy != year) return false;
  }
  *out = Date{IsoWeekOneMonday(year).days + (week - 1) * 7 + dow - 1};
  return true;
}

// A fraction of a second after '.' or ',': up to 9 digits, as nanoseconds.
bool Fraction(std::string_view s, size_t* pos, int64_t* nanos) {
  *nanos = 0;
  if (*pos >= s.size() || (s[*pos] != '.' && s[*pos] != ',')) return true;
  ++*pos;
  size_t n = DigitRun(s, *pos);
  if (n == 0 || n > 9) return false;
  int64_t v = 0;
  for (size_t i = 0; i < 9; ++i) v = v * 10 + (i < n ? s[*pos + i] - '0' : 0);
  *pos += n;
  *nanos = v;
  return true;
}

// HH[:MM[:SS[.f]]] or HH[MM[SS[.f]]], up to the end of `s`.
bool TimeOfDay(std::string_view s, int64_t* nanos) {
  size_t pos = 0;
  int64_t h = 0, m = 0, sec = 0, frac = 0;
  if (!Digits(s, &pos, 2, &h)) return false;
  bool extended = pos < s.size() && s[pos] == ':';
  if (pos < s.size()) {
    if (extended) ++pos;
    if (!Digits(s, &pos, 2, &m)) return false;
    if (pos < s.size()) {
      if (extended) {
        if (s[pos] != ':') return false;
        ++pos;
      }
      if (!Digits(s, &pos, 2, &sec) || !Fraction(s, &pos, &frac)) return false;
    }
  }
  if (pos != s.size() || h > 23 || m > 59 || sec > 59) return false;
  *nanos = ((h * 60 + m) * 60 + sec) * kNanosPerSecond + frac;
  return true;
}

// Z, or +HH, +HHMM, +HH:MM, +HH:MM:SS (and -), the whole of `s`.
bool Offset(std::string_view s, int32_t* out) {
  if (s == "Z" || s == "z") {
    *out = 0;
    return true;
  }
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return false;
  size_t pos = 1;
  int64_t h = 0, m = 0, sec = 0;
  if (!Digits(s, &pos, 2, &h)) return false;
  if (pos < s.size()) {
    bool extended = s[pos] == ':';
    if (extended) ++pos;
    if (!Digits(s, &pos, 2, &m)) return false;
    if (pos < s.size()) {
      if (extended && s[pos] == ':') ++pos;
      if (!Digits(s, &pos, 2, &sec)) return false;
    }
  }
  if (pos != s.size() || m > 59 || sec > 59) return false;
  int64_t total = h * 3600 + m * 60 + sec;
  if (total > kMaxOffset) return false;
  *out = static_cast<int32_t>(s[0] == '-' ? -total : total);
  return true;
}

// Splits "time[offset]" where the offset starts at Z, + or -.
bool TimeWithOffset(std::string_view s, int64_t* nanos, int32_t* offset, bool* has_offset) {
  size_t at = s.find_first_of("Zz+-");
  *has_offset = at != std::string_view::npos;
  if (!*has_offset) {
    *offset = 0;
    return TimeOfDay(s, nanos);
  }
  return TimeOfDay(s.substr(0, at), nanos) && Offset(s.substr(at), offset);
}

std::string Two(int64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(v));
  return buf;
}

// .142, .142001, .142000001: groups of three digits, as Cypher prints.
std::string FractionText(int64_t nanos, bool groups) {
  if (nanos == 0) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%09lld", static_cast<long long>(nanos));
  std::string f(buf);
  if (groups) {
    while (f.size() > 3 && f.compare(f.size() - 3, 3, "000") == 0) f.resize(f.size() - 3);
  } else {
    while (f.back() == '0') f.pop_back();
  }
  return "." + f;
}

bool Fits(int128 v) { return v <= INT64_MAX && v >= INT64_MIN; }

}  // namespace

// ---- calendar

// 1970-01-01 was a Thursday (4).
int DayOfWeek(Date d) { return static_cast<int>(d.days + 3 - FloorDiv(d.days + 3, 7) * 7) + 1; }

Date IsoWeekOneMonday(int64_t week_year) {
  Date jan4 = FromCivil(CivilDate{week_year, 1, 4});
  return Date{jan4.days - (DayOfWeek(jan4) - 1)};
}

void IsoWeek(Date d, int64_t* week_year, int* week) {
  // The week-based year is the year of this week's Thursday.
  Date thursday{d.days - (DayOfWeek(d) - 1) + 3};
  int64_t y = ToCivil(thursday).year;
  *week_year = y;
  *week = static_cast<int>((d.days - IsoWeekOneMonday(y).days) / 7 + 1);
}

// ---- durations

bool MakeDurationExact(int64_t months, int64_t days, int64_t seconds, int64_t nanos, Duration* out) {
  int128 total = static_cast<int128>(seconds) * kNanosPerSecond + nanos;
  int128 s = total / kNanosPerSecond, n = total % kNanosPerSecond;
  if (n < 0) {
    n += kNanosPerSecond;
    s -= 1;
  }
  if (!Fits(s)) return false;
  *out = Duration{months, days, static_cast<int64_t>(s), static_cast<int64_t>(n)};
  return true;
}

bool MakeDuration(double months, double days, double seconds, double nanos, Duration* out) {
  constexpr double kDaysPerMonth = 30.436875, kLimit = 9.2e18;
  double whole_months = std::trunc(months);
  days += (months - whole_months) * kDaysPerMonth;
  double whole_days = std::trunc(days);
  seconds += (days - whole_days) * kSecondsPerDay;
  double whole_seconds = std::trunc(seconds);
  // Each to whole nanoseconds on its own, so that a spilled fraction's
  // rounding error does not tip a half nanosecond over.
  nanos = std::round((seconds - whole_seconds) * kNanosPerSecond) + std::nearbyint(nanos);
  for (double v : {whole_months, whole_days, whole_seconds, nanos})
    if (!std::isfinite(v) || std::fabs(v) > kLimit) return false;
  return MakeDurationExact(static_cast<int64_t>(whole_months), static_cast<int64_t>(whole_days),
                           static_cast<int64_t>(whole_seconds), static_cast<int64_t>(nanos), out);
}

bool AddDurations(const Duration& a, const Duration& b, Duration* out) {
  int64_t months, days, seconds;
  if (__builtin_add_overflow(a.months, b.months, &months) || __builtin_add_overflow(a.days, b.days, &days) ||
      __builtin_add_overflow(a.seconds, b.seconds, &seconds))
    return false;
  return MakeDurationExact(months, days, seconds, a.nanos + b.nanos, out);
}

bool ScaleDuration(const Duration& a, double f, bool divide, Duration* out) {
  auto scale = [&](double v) { return divide ? v / f : v * f; };
  return MakeDuration(scale(a.months), scale(a.days), scale(a.seconds), scale(a.nanos), out);
}

// ---- parsing

bool ParseDateText(std::string_view s, Date* out) {
  size_t pos = 0;
  int64_t year = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    size_t n = DigitRun(s, 1);
    if (n < 4 || n > 9) return false;
    pos = 1;
    if (!Digits(s, &pos, n, &year)) return false;
    if (s[0] == '-') year = -year;
  } else if (!Digits(s, &pos, 4, &year)) {
    return false;
  }
  if (pos == s.size()) return DateFromOrdinal(year, 1, out);
  bool extended = s[pos] == '-';
  if (extended) ++pos;
  if (pos < s.size() && s[pos] == 'W') {
    ++pos;
    int64_t week, dow = 1;
    if (!Digits(s, &pos, 2, &week)) return false;
    if (pos < s.size()) {
      if (extended && s[pos++] != '-') return false;
      if (!Digits(s, &pos, 1, &dow)) return false;
    }
    return pos == s.size() && DateFromWeek(year, week, dow, out);
  }
  size_t n = DigitRun(s, pos);
  int64_t month, day = 1;
  if (n == 3 && pos + 3 == s.size()) {
    if (!Digits(s, &pos, 3, &day)) return false;
    return DateFromOrdinal(year, day, out);
  }
  if (!Digits(s, &pos, 2, &month)) return false;
  if (pos < s.size()) {
    if (extended && s[pos++] != '-') return false;
    if (!Digits(s, &pos, 2, &day)) return false;
  }
  if (pos != s.size() || month < 1 || month > 12 || day < 1 || day > 31) return false;
  CivilDate c{year, static_cast<int>(month), static_cast<int>(day)};
  if (!ValidCivil(c)) return false;
  *out = FromCivil(c);
  return true;
}

bool ParseLocalTime(std::string_view s, LocalTime* out) { return TimeOfDay(s, &out->nanos); }

bool ParseTime(std::string_view s, Time* out) {
  bool has_offset;
  return TimeWithOffset(s, &out->nanos, &out->offset, &has_offset);
}

bool ParseLocalDateTime(std::string_view s, LocalDateTime* out) {
  size_t t = s.find('T');
  if (t == std::string_view::npos) {
    out->nanos = 0;
    return ParseDateText(s, &out->date);
  }
  return ParseDateText(s.substr(0, t), &out->date) && TimeOfDay(s.substr(t + 1), &out->nanos);
}

bool ParseDateTime(std::string_view s, DateTime* out, std::string* zone_error) {
  DateTime r;
  size_t bracket = s.find('[');
  if (bracket != std::string_view::npos) {
    if (s.back() != ']' || bracket + 2 >= s.size()) return false;
    r.zone = std::string(s.substr(bracket + 1, s.size() - bracket - 2));
    s = s.substr(0, bracket);
  }
  size_t t = s.find('T');
  bool has_offset = false;
  if (t == std::string_view::npos) {
    if (!ParseDateText(s, &r.date)) return false;
  } else if (!ParseDateText(s.substr(0, t), &r.date) ||
             !TimeWithOffset(s.substr(t + 1), &r.nanos, &r.offset, &has_offset)) {
    return false;
  }
  if (!r.zone.empty()) {
    int32_t stated = r.offset;
    std::string error;
    if (!ResolveZone(&r, &error)) {
      if (zone_error) *zone_error = error;
      return false;
    }
    if (has_offset && stated != r.offset) {
      if (zone_error) *zone_error = "the offset " + FormatOffset(stated) + " is not " + r.zone + "'s at that time";
      return false;
    }
  }
  *out = std::move(r);
  return true;
}

bool ParseDuration(std::string_view s, Duration* out) {
  if (s.size() < 2 || (s[0] != 'P' && s[0] != 'p')) return false;
  size_t pos = 1;
  // The alternative form: P2012-02-02T14:37:21.545 (years, months, days, time).
  if (s.size() > 5 && DigitRun(s, 1) == 4 && s[5] == '-') {
    LocalDateTime t;
    int64_t y, mo, d;
    if (!Digits(s, &pos, 4, &y) || s[pos++] != '-' || !Digits(s, &pos, 2, &mo) || pos >= s.size() ||
        s[pos++] != '-' || !Digits(s, &pos, 2, &d))
      return false;
    int64_t nanos = 0;
    if (pos < s.size() && (s[pos++] != 'T' || !TimeOfDay(s.substr(pos), &nanos))) return false;
    return MakeDurationExact(y * 12 + mo, d, nanos / kNanosPerSecond, nanos % kNanosPerSecond, out);
  }
  double months = 0, days = 0, seconds = 0;
  bool in_time = false, any = false;
  while (pos < s.size()) {
    if (s[pos] == 'T' || s[pos] == 't') {
      if (in_time) return false;
      in_time = true;
      ++pos;
      continue;
    }
    size_t start = pos;
    if (s[pos] == '-' || s[pos] == '+') ++pos;
    size_t n = DigitRun(s, pos);
    if (n == 0) return false;
    pos += n;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      size_t f = DigitRun(s, pos);
      if (f == 0) return false;
      pos += f;
    }
    if (pos >= s.size()) return false;
    std::string number(s.substr(start, pos - start));
    for (char& c : number) c = c == ',' ? '.' : c;
    double v = std::strtod(number.c_str(), nullptr);
    char unit = s[pos++];
    any = true;
    if (!in_time && unit == 'Y') months += v * 12;
    else if (!in_time && unit == 'M') months += v;
    else if (!in_time && unit == 'W') days += v * 7;
    else if (!in_time && unit == 'D') days += v;
    else if (in_time && unit == 'H') seconds += v * 3600;
    else if (in_time && unit == 'M') seconds += v * 60;
    else if (in_time && unit == 'S') seconds += v;
    else return false;
  }
  return any && MakeDuration(months, days, seconds, 0, out);
}

// ---- formatting

std::string FormatLocalTime(LocalTime t) {
  int64_t secs = t.nanos / kNanosPerSecond, frac = t.nanos % kNanosPerSecond;
  std::string out = Two(secs / 3600) + ":" + Two(secs / 60 % 60);
  if (secs % 60 != 0 || frac != 0) out += ":" + Two(secs % 60) + FractionText(frac, true);
  return out;
}

std::string FormatOffset(int32_t offset) {
  if (offset == 0) return "Z";
  int32_t a = offset < 0 ? -offset : offset;
  std::string out = std::string(offset < 0 ? "-" : "+") + Two(a / 3600) + ":" + Two(a / 60 % 60);
  if (a % 60 != 0) out += ":" + Two(a % 60);
  return out;
}

std::string FormatTime(const Time& t) { return FormatLocalTime(LocalTime{t.nanos}) + FormatOffset(t.offset); }

std::string FormatLocalDateTime(const LocalDateTime& t) {
  return FormatIsoDate(t.date) + "T" + FormatLocalTime(LocalTime{t.nanos});
}

std::string FormatDateTime(const DateTime& t) {
  std::string out = FormatLocalDateTime(LocalDateTime{t.date, t.nanos}) + FormatOffset(t.offset);
  if (!t.zone.empty()) out += "[" + t.zone + "]";
  return out;
}

std::string FormatDuration(const Duration& d) {
  std::string out = "P";
  if (d.months / 12 != 0) out += std::to_string(d.months / 12) + "Y";
  if (d.months % 12 != 0) out += std::to_string(d.months % 12) + "M";
  if (d.days != 0) out += std::to_string(d.days) + "D";
  int128 total = static_cast<int128>(d.seconds) * kNanosPerSecond + d.nanos;
  if (total != 0) {
    out += "T";
    constexpr int64_t kHour = 3600 * kNanosPerSecond, kMinute = 60 * kNanosPerSecond;
    int128 hours = total / kHour, minutes = total % kHour / kMinute, rest = total % kMinute;
    if (hours != 0) out += std::to_string(static_cast<int64_t>(hours)) + "H";
    if (minutes != 0) out += std::to_string(static_cast<int64_t>(minutes)) + "M";
    if (rest != 0) {
      int64_t r = static_cast<int64_t>(rest);
      if (r < 0) out += "-";
      int64_t a = r < 0 ? -r : r;
      out += std::to_string(a / kNanosPerSecond) + FractionText(a % kNanosPerSecond, false) + "S";
    }
  }
  if (out == "P") out = "PT0S";
  return out;
}

// ---- zones and arithmetic

bool DateTimeAtInstant(int64_t epoch_seconds, int64_t nanos, int32_t offset, const std::string& zone, DateTime* out,
                       std::string* error) {
  if (!zone.empty() && !ZoneOffsetAtInstant(zone, epoch_seconds, &offset, error)) return false;
  int64_t local = epoch_seconds + offset;
  int64_t days = FloorDiv(local, kSecondsPerDay);
  Date d{days};
  int64_t year = ToCivil(d).year;
  if (year < kMinYear || year > kMaxYear) {
    if (error) *error = "the date-time leaves the years -9999..9999";
    return false;
  }
  *out = DateTime{d, (local - days * kSecondsPerDay) * kNanosPerSecond + nanos, offset, zone};
  return true;
}

bool ResolveZone(DateTime* t, std::string* error) {
  if (t->zone.empty()) return true;
  int64_t local = t->date.days * kSecondsPerDay + t->nanos / kNanosPerSecond;
  int32_t offset;
  if (!ZoneOffsetForLocal(t->zone, local, &offset, error)) return false;
  // Again from the instant: a local time in a gap (clocks set forward)
  // moves forward by the gap, as java.time does.
  std::string zone = t->zone;
  return DateTimeAtInstant(local - offset, t->nanos % kNanosPerSecond, 0, zone, t, error);
}

bool AddDuration(const Duration& d, LocalDateTime* t) {
  Date moved;
  if (!AddToDate(t->date, d.months, d.days, &moved)) return false;
  int128 nanos = static_cast<int128>(t->nanos) + static_cast<int128>(d.seconds) * kNanosPerSecond + d.nanos;
  int128 days = nanos / kNanosPerDay;
  nanos %= kNanosPerDay;
  if (nanos < 0) {
    nanos += kNanosPerDay;
    days -= 1;
  }
  if (!Fits(days) || !AddToDate(moved, 0, static_cast<int64_t>(days), &moved)) return false;
  *t = LocalDateTime{moved, static_cast<int64_t>(nanos)};
  return true;
}

bool AddDuration(const Duration& d, DateTime* t, std::string* error) {
  LocalDateTime local{t->date, t->nanos};
  if (t->zone.empty()) {
    if (!AddDuration(d, &local)) return false;
    t->date = local.date;
    t->nanos = local.nanos;
    return true;
  }
  // In a named zone months and days move the local date; seconds move the instant.
  if (!AddDuration(Duration{d.months, d.days, 0, 0}, &local)) return false;
  DateTime moved{local.date, local.nanos, t->offset, t->zone};
  if (!ResolveZone(&moved, error)) return false;
  int128 instant = static_cast<int128>(moved.EpochSeconds()) * kNanosPerSecond + moved.Nanos() +
                   static_cast<int128>(d.seconds) * kNanosPerSecond + d.nanos;
  int128 secs = instant / kNanosPerSecond, n = instant % kNanosPerSecond;
  if (n < 0) {
    n += kNanosPerSecond;
    secs -= 1;
  }
  if (!Fits(secs)) return false;
  return DateTimeAtInstant(static_cast<int64_t>(secs), static_cast<int64_t>(n), 0, t->zone, t, error);
}

LocalTime AddDuration(const Duration& d, LocalTime t) {
  int128 n = (static_cast<int128>(t.nanos) + static_cast<int128>(d.seconds % kSecondsPerDay) * kNanosPerSecond +
              d.nanos) % kNanosPerDay;
  if (n < 0) n += kNanosPerDay;
  return LocalTime{static_cast<int64_t>(n)};
}

Duration Between(const LocalDateTime& a, const LocalDateTime& b, BetweenUnit unit) {
  int128 diff = (static_cast<int128>(b.date.days) - a.date.days) * kNanosPerDay + b.nanos - a.nanos;
  auto exact = [](int64_t months, int64_t days, int128 nanos) {
    Duration d;
    MakeDurationExact(months, days, static_cast<int64_t>(nanos / kNanosPerSecond),
                      static_cast<int64_t>(nanos % kNanosPerSecond), &d);
    return d;
  };
  if (unit == BetweenUnit::kSeconds) return exact(0, 0, diff);
  if (unit == BetweenUnit::kDays) return exact(0, static_cast<int64_t>(diff / kNanosPerDay), 0);
  // Whole months: the most months that, added to a, do not pass b.
  CivilDate ca = ToCivil(a.date), cb = ToCivil(b.date);
  int64_t months = (cb.year - ca.year) * 12 + (cb.month - ca.month);
  auto passes = [&](int64_t m) {
    LocalDateTime t = a;
    if (!AddDuration(Duration{m, 0, 0, 0}, &t)) return true;
    return diff >= 0 ? (b.date.days - t.date.days) * kNanosPerDay + b.nanos - t.nanos < 0
                     : (b.date.days - t.date.days) * kNanosPerDay + b.nanos - t.nanos > 0;
  };
  while (months != 0 && passes(months)) months += diff >= 0 ? -1 : 1;
  if (unit == BetweenUnit::kMonths) return Duration{months, 0, 0, 0};
  LocalDateTime mid = a;
  AddDuration(Duration{months, 0, 0, 0}, &mid);
  int128 rest = (static_cast<int128>(b.date.days) - mid.date.days) * kNanosPerDay + b.nanos - mid.nanos;
  int64_t days = static_cast<int64_t>(rest / kNanosPerDay);
  return exact(months, days, rest - static_cast<int128>(days) * kNanosPerDay);
}

}  // namespace newsgraph
