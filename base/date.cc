#include "base/date.h"

#include <cstdio>

namespace newsgraph {

namespace {
bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}
bool Digits(std::string_view s, size_t from, size_t n, int64_t* out) {
  if (s.size() < from + n) return false;
  int64_t v = 0;
  for (size_t i = from; i < from + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}
}  // namespace

bool ValidCivil(const CivilDate& c) {
  return c.year >= kMinYear && c.year <= kMaxYear && c.month >= 1 && c.month <= 12 && c.day >= 1 &&
         c.day <= DaysInMonth(c.year, c.month);
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain):
// eras of 400 years, March-based years so February ends each year.
Date FromCivil(const CivilDate& c) {
  int64_t y = c.year - (c.month <= 2);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (c.month + (c.month > 2 ? -3 : 9)) + 2) / 5 + c.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date{era * 146097 + doe - 719468};
}

CivilDate ToCivil(Date d) {
  int64_t z = d.days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  CivilDate c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2);
  return c;
}

bool AddToDate(Date d, int64_t months, int64_t days, Date* out) {
  constexpr int64_t kMaxMonths = (kMaxYear - kMinYear + 1) * 12, kMaxDays = kMaxMonths * 31;
  if (months > kMaxMonths || months < -kMaxMonths || days > kMaxDays || days < -kMaxDays) return false;
  CivilDate c = ToCivil(d);
  int64_t month_index = c.year * 12 + (c.month - 1) + months;  // floor division below: negative years too
  int64_t year = month_index >= 0 ? month_index / 12 : -((-month_index + 11) / 12);
  CivilDate moved{year, static_cast<int>(month_index - year * 12 + 1), 1};
  if (moved.year < kMinYear || moved.year > kMaxYear) return false;
  moved.day = c.day;
  while (!ValidCivil(moved)) --moved.day;  // 31 -> 30 -> 29 -> 28
  Date r{FromCivil(moved).days + days};
  CivilDate end = ToCivil(r);
  if (end.year < kMinYear || end.year > kMaxYear) return false;
  *out = r;
  return true;
}

bool ParseIsoDate(std::string_view s, Date* out) {
  CivilDate c;
  int64_t month, day;
  if (!Digits(s, 0, 4, &c.year) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &month) || s[7] != '-' ||
      !Digits(s, 8, 2, &day))
    return false;
  c.month = static_cast<int>(month);
  c.day = static_cast<int>(day);
  if (!ValidCivil(c)) return false;
  if (s.size() > 10) {
    // A time of day: T or a space, then HH:MM, then anything of a time
    // (seconds, fraction, Z or an offset).
    int64_t hh, mm;
    if ((s[10] != 'T' && s[10] != ' ') || !Digits(s, 11, 2, &hh) || s.size() < 16 || s[13] != ':' ||
        !Digits(s, 14, 2, &mm) || hh > 23 || mm > 59)
      return false;
    for (char ch : s.substr(16))
      if (!((ch >= '0' && ch <= '9') || ch == ':' || ch == '.' || ch == 'Z' || ch == '+' || ch == '-')) return false;
  }
  *out = FromCivil(c);
  return true;
}

std::string FormatIsoDate(Date d) {
  CivilDate c = ToCivil(d);
  char buf[32];
  if (c.year >= 0 && c.year <= 9999)
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month, c.day);
  else
    std::snprintf(buf, sizeof buf, "%+05lld-%02d-%02d", static_cast<long long>(c.year), c.month, c.day);
  return buf;
}

}  // namespace newsgraph
