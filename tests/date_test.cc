#include "base/date.h"

#include <catch2/catch.hpp>

namespace newsgraph {

TEST_CASE("dates read and write as ISO 8601 and count days from 1970-01-01", "[date]") {
  Date d;
  REQUIRE(ParseIsoDate("1970-01-01", &d));
  CHECK(d.days == 0);
  REQUIRE(ParseIsoDate("2020-05-23", &d));
  CHECK(d.days == 18405);
  CHECK(FormatIsoDate(d) == "2020-05-23");
  REQUIRE(ParseIsoDate("2000-02-29", &d));
  CHECK(FormatIsoDate(Date{d.days + 1}) == "2000-03-01");
  REQUIRE(ParseIsoDate("1910-05-06", &d));
  CHECK(d.days < 0);
  CHECK(FormatIsoDate(d) == "1910-05-06");
  // A time of day is dropped.
  REQUIRE(ParseIsoDate("2019-05-01T12:30:00Z", &d));
  CHECK(FormatIsoDate(d) == "2019-05-01");
  REQUIRE(ParseIsoDate("2019-05-01 12:30", &d));
  REQUIRE(ParseIsoDate("2019-05-01T12:30:00.5+02:00", &d));
}

TEST_CASE("adding months keeps the day, or the month's last day; then days", "[date]") {
  auto plus = [](const char* from, int64_t months, int64_t days) {
    Date d, r;
    REQUIRE(ParseIsoDate(from, &d));
    REQUIRE(AddToDate(d, months, days, &r));
    return FormatIsoDate(r);
  };
  CHECK(plus("2020-01-31", 1, 0) == "2020-02-29");
  CHECK(plus("2019-01-31", 1, 0) == "2019-02-28");
  CHECK(plus("1910-05-06", 1, 2) == "1910-06-08");
  CHECK(plus("2020-03-31", -1, 0) == "2020-02-29");
  CHECK(plus("2020-01-15", -13, 0) == "2018-12-15");
  CHECK(plus("2020-12-31", 0, 1) == "2021-01-01");
  CHECK(plus("0001-01-01", -1, 0) == "0000-12-01");  // year 0 exists in ISO 8601
  Date r;
  CHECK_FALSE(AddToDate(FromCivil({kMaxYear, 12, 31}), 0, 1, &r));
  CHECK_FALSE(AddToDate(Date{0}, int64_t{1} << 60, 0, &r));
}

TEST_CASE("days that do not exist and other text are not dates", "[date]") {
  Date d{42};
  for (const char* bad : {"2019-02-29", "2019-13-01", "2019-00-10", "2019-04-31", "19-05-01", "2019/05/01",
                          "May 1, 2019", "", "2019-05-01x", "2019-05-01T25:00", "2019-05-1"}) {
    INFO(bad);
    CHECK_FALSE(ParseIsoDate(bad, &d));
  }
  CHECK(d.days == 42);  // untouched
}

TEST_CASE("civil dates round-trip over the whole range", "[date]") {
  for (int64_t days = FromCivil({kMinYear, 1, 1}).days; days <= FromCivil({kMaxYear, 12, 31}).days; days += 97) {
    CivilDate c = ToCivil(Date{days});
    REQUIRE(ValidCivil(c));
    REQUIRE(FromCivil(c).days == days);
  }
  CHECK(FormatIsoDate(FromCivil({-44, 3, 15})) == "-0044-03-15");
}

}  // namespace newsgraph
