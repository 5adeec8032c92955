// Calendar dates: the one definition of how newsgraph reads, writes and
// counts dates (article dates, edges' first_seen/last_seen, Cypher's
// date()). A Date is a day of the proleptic Gregorian calendar, counted
// from 1970-01-01; years -9999..9999.
//
//   Date d;
//   if (ParseIsoDate("2020-05-23", &d)) FormatIsoDate(d);   // "2020-05-23"
#ifndef NEWSGRAPH_BASE_DATE_H_
#define NEWSGRAPH_BASE_DATE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace newsgraph {

struct Date {
  int64_t days = 0;  // since 1970-01-01
  bool operator==(const Date& o) const { return days == o.days; }
  bool operator!=(const Date& o) const { return days != o.days; }
  bool operator<(const Date& o) const { return days < o.days; }
};

struct CivilDate {
  int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

inline constexpr int64_t kMinYear = -9999, kMaxYear = 9999;

// False when the day does not exist (2019-02-29) or the year is out of range.
bool ValidCivil(const CivilDate& c);
// REQUIRES: ValidCivil(c).
Date FromCivil(const CivilDate& c);
CivilDate ToCivil(Date d);

// d plus `months` (the same day, or the month's last day when the month is
// shorter: 2020-01-31 plus a month is 2020-02-29) plus `days`, as Cypher
// adds a duration to a date; false when the result leaves the year range.
bool AddToDate(Date d, int64_t months, int64_t days, Date* out);

// Reads YYYY-MM-DD, optionally followed by a time of day that is dropped
// ("T10:00:00Z", " 10:00", the ISO 8601 forms a feed writes). False for
// anything else, and for days that do not exist.
bool ParseIsoDate(std::string_view text, Date* out);
// YYYY-MM-DD (years outside 0..9999 as Cypher writes them: -0044-03-15).
std::string FormatIsoDate(Date d);

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_DATE_H_
