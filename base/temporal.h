// Cypher's temporal values beside the plain Date (base/date.h): times of
// day, date-times, and durations; how they are read from and written as
// ISO 8601 text, compared, moved by a duration and measured between. The
// query language (query/temporal.cc), the store (graph/property.h) and
// the exports all use these, so each rule lives here once.
//
//   DateTime t;
//   if (ParseDateTime("2015-07-21T21:40:32.142+01:00", &t)) FormatDateTime(t);
//
// Time zones are offsets in seconds east of UTC. A DateTime may also carry
// a zone name (Europe/Stockholm); the offset is then the zone's at that
// instant, looked up in the system's tz database (base/timezone.h).
#ifndef NEWSGRAPH_BASE_TEMPORAL_H_
#define NEWSGRAPH_BASE_TEMPORAL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/date.h"

namespace newsgraph {

inline constexpr int64_t kNanosPerSecond = 1000000000, kSecondsPerDay = 86400;
inline constexpr int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;
inline constexpr int32_t kMaxOffset = 18 * 3600;  // +-18:00, as ISO 8601 and Cypher allow

// A time of day without a zone: nanoseconds since midnight, 0..kNanosPerDay-1.
struct LocalTime {
  int64_t nanos = 0;
  bool operator==(const LocalTime& o) const { return nanos == o.nanos; }
};

// A time of day at an offset from UTC.
struct Time {
  int64_t nanos = 0;   // local, since midnight
  int32_t offset = 0;  // seconds east of UTC
  bool operator==(const Time& o) const { return nanos == o.nanos && offset == o.offset; }
  // Nanoseconds since midnight UTC (may leave 0..day): what orders times.
  int64_t UtcNanos() const { return nanos - offset * kNanosPerSecond; }
};

struct LocalDateTime {
  Date date;
  int64_t nanos = 0;  // since the date's midnight
  bool operator==(const LocalDateTime& o) const { return date == o.date && nanos == o.nanos; }
};

// A local date and time at `offset`; `zone` is empty or a tz database name
// whose offset at that instant `offset` is.
struct DateTime {
  Date date;
  int64_t nanos = 0;
  int32_t offset = 0;
  std::string zone;
  bool operator==(const DateTime& o) const {
    return date == o.date && nanos == o.nanos && offset == o.offset && zone == o.zone;
  }
  // Seconds since 1970-01-01T00:00Z, and the nanoseconds of that second.
  int64_t EpochSeconds() const { return date.days * kSecondsPerDay + nanos / kNanosPerSecond - offset; }
  int64_t Nanos() const { return nanos % kNanosPerSecond; }
};

// months, days, seconds and nanoseconds, kept apart as Cypher does (a
// month has no fixed number of days, nor a day of seconds across a
// daylight saving change). 0 <= nanos < 1e9; seconds carry the sign.
struct Duration {
  int64_t months = 0, days = 0, seconds = 0, nanos = 0;
  bool operator==(const Duration& o) const {
    return months == o.months && days == o.days && seconds == o.seconds && nanos == o.nanos;
  }
};

// A duration from parts that may carry fractions (a fractional month
// spills into days at 30.436875 days per month, a fractional day into
// seconds at 86400); false on overflow.
bool MakeDuration(double months, double days, double seconds, double nanos, Duration* out);
// months, days, seconds and nanos exactly (seconds and nanos normalised).
bool MakeDurationExact(int64_t months, int64_t days, int64_t seconds, int64_t nanos, Duration* out);

// ---- text. The parsers accept the ISO 8601 forms Cypher reads (extended
// and basic: 2015-07-21 and 20150721, week dates 2015-W30-2, ordinal dates
// 2015-202, years alone; times of 21, 2140, 21:40:32.142; offsets Z, +01,
// +0100, +01:00; a zone in brackets) and refuse anything else.
bool ParseDateText(std::string_view s, Date* out);
bool ParseLocalTime(std::string_view s, LocalTime* out);
bool ParseTime(std::string_view s, Time* out);  // no offset: UTC
bool ParseLocalDateTime(std::string_view s, LocalDateTime* out);
// The offset or zone may be missing (UTC). `zone_error` receives why a
// zone name could not be used, when that is what failed.
bool ParseDateTime(std::string_view s, DateTime* out, std::string* zone_error = nullptr);
// PnYnMnWnDTnHnMnS (fractions allowed in any unit) or the alternative
// form P2012-02-02T14:37:21.545.
bool ParseDuration(std::string_view s, Duration* out);

// Cypher's text: seconds and fractions only when not zero (21:40,
// 21:40:32.142), offsets as Z or +01:00 (+00:53:28 with seconds), a zone
// name in brackets after it; durations as P1Y2M3DT4H5M6.5S (PT0S when zero).
std::string FormatLocalTime(LocalTime t);
std::string FormatOffset(int32_t offset);
std::string FormatTime(const Time& t);
std::string FormatLocalDateTime(const LocalDateTime& t);
std::string FormatDateTime(const DateTime& t);
std::string FormatDuration(const Duration& d);

// ---- calendar helpers
// ISO week: the week-based year and week (1..53) of a date, Monday = 1.
void IsoWeek(Date d, int64_t* week_year, int* week);
// The Monday of week 1 of an ISO week-based year.
Date IsoWeekOneMonday(int64_t week_year);
int DayOfWeek(Date d);  // 1 Monday .. 7 Sunday

// A DateTime at the instant `epoch_seconds`/`nanos` in `zone` (empty:
// `offset`); false when the zone is unknown (`error` says why).
bool DateTimeAtInstant(int64_t epoch_seconds, int64_t nanos, int32_t offset, const std::string& zone, DateTime* out,
                       std::string* error);
// Fixes `t.offset` from `t.zone` for its local date and time (the earlier
// offset where a local time occurs twice); false when the zone is unknown.
bool ResolveZone(DateTime* t, std::string* error);

// ---- arithmetic: false when the result leaves the year range.
// Months first (clamped to the month's last day), then days, then time.
bool AddDuration(const Duration& d, LocalDateTime* t);
bool AddDuration(const Duration& d, DateTime* t, std::string* error);
// Time of day wraps around midnight; months and days do not apply.
LocalTime AddDuration(const Duration& d, LocalTime t);
bool AddDurations(const Duration& a, const Duration& b, Duration* out);
// a * factor, or a / factor when `divide` (fractions spill down as
// MakeDuration does).
bool ScaleDuration(const Duration& a, double factor, bool divide, Duration* out);

// duration.between(a, b) of two local date-times, as Cypher computes it:
// whole months, then days, then the rest; `unit` picks inMonths, inDays,
// inSeconds or everything (kAll).
enum class BetweenUnit { kAll, kMonths, kDays, kSeconds };
Duration Between(const LocalDateTime& a, const LocalDateTime& b, BetweenUnit unit);

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_TEMPORAL_H_
