// base/temporal.h and base/timezone.h: ISO 8601 text read and written,
// week and ordinal dates, durations, zones; the stored encoding of the
// temporal property values (graph/property.h, tags 8-12) pinned byte for
// byte; a datetime with an offset through storage and JSON output.
#include "base/temporal.h"

#include <catch2/catch.hpp>

#include <sstream>

#include "base/timezone.h"
#include "graph/property.h"
#include "query/format.h"
#include "query/query.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

std::string DateText(const char* s) {
  Date d;
  if (!ParseDateText(s, &d)) return "refused";
  return FormatIsoDate(d);
}

std::string DurationText(const char* s) {
  Duration d;
  if (!ParseDuration(s, &d)) return "refused";
  return FormatDuration(d);
}

TEST_CASE("dates in every ISO 8601 form Cypher reads", "[temporal]") {
  CHECK(DateText("2015-07-21") == "2015-07-21");
  CHECK(DateText("20150721") == "2015-07-21");
  CHECK(DateText("2015-07") == "2015-07-01");
  CHECK(DateText("2015-W30-2") == "2015-07-21");
  CHECK(DateText("2015W302") == "2015-07-21");
  CHECK(DateText("2015-W30") == "2015-07-20");
  CHECK(DateText("2015-202") == "2015-07-21");
  CHECK(DateText("2015") == "2015-01-01");
  CHECK(DateText("1817-W01") == "1816-12-30");  // week 1 holds the year's first Thursday
  CHECK(DateText("2015-W53") == "2015-12-28");  // 2015 began on a Thursday: 53 weeks
  CHECK(DateText("2017-W53") == "refused");     // 52 weeks
  CHECK(DateText("2020-W53-7") == "2021-01-03");
  CHECK(DateText("2019-02-29") == "refused");
  CHECK(DateText("2015-366") == "refused");
  CHECK(DateText("2015-7-21") == "refused");
  int64_t week_year;
  int week;
  Date d;
  REQUIRE(ParseDateText("2021-01-03", &d));
  IsoWeek(d, &week_year, &week);
  CHECK(week_year == 2020);
  CHECK(week == 53);
  CHECK(DayOfWeek(d) == 7);
}

TEST_CASE("times, offsets and date-times read and written", "[temporal]") {
  LocalTime lt;
  REQUIRE(ParseLocalTime("214032.142", &lt));
  CHECK(FormatLocalTime(lt) == "21:40:32.142");
  REQUIRE(ParseLocalTime("21", &lt));
  CHECK(FormatLocalTime(lt) == "21:00");
  REQUIRE(ParseLocalTime("00:00:00.000000001", &lt));
  CHECK(FormatLocalTime(lt) == "00:00:00.000000001");
  CHECK_FALSE(ParseLocalTime("24:00", &lt));
  Time t;
  REQUIRE(ParseTime("2140-02", &t));
  CHECK(FormatTime(t) == "21:40-02:00");
  REQUIRE(ParseTime("21:40-00:00", &t));
  CHECK(FormatTime(t) == "21:40Z");
  CHECK_FALSE(ParseTime("21:40+19:00", &t));
  DateTime dt;
  REQUIRE(ParseDateTime("2015-W30-2T214032.142Z", &dt));
  CHECK(FormatDateTime(dt) == "2015-07-21T21:40:32.142Z");
  REQUIRE(ParseDateTime("2015-07-21T21:40:32.142+0100", &dt));
  CHECK(dt.EpochSeconds() == 1437511232);
  CHECK(FormatDateTime(dt) == "2015-07-21T21:40:32.142+01:00");
}

TEST_CASE("named zones from the tz database, or a message naming the zone", "[temporal]") {
  DateTime dt;
  std::string error;
  if (!ParseDateTime("2015-07-21T21:40[Europe/Stockholm]", &dt, &error)) {
    WARN("no tz database here: " << error);
    return;
  }
  CHECK(FormatDateTime(dt) == "2015-07-21T21:40+02:00[Europe/Stockholm]");
  REQUIRE(ParseDateTime("2015-01-21T21:40[Europe/Stockholm]", &dt, &error));
  CHECK(FormatDateTime(dt) == "2015-01-21T21:40+01:00[Europe/Stockholm]");
  REQUIRE(ParseDateTime("1890-07-21T21:40:32.142[Europe/Berlin]", &dt, &error));
  CHECK(FormatDateTime(dt) == "1890-07-21T21:40:32.142+00:53:28[Europe/Berlin]");  // local mean time
  // A stated offset that is not the zone's is refused.
  CHECK_FALSE(ParseDateTime("2015-07-21T21:40+05:00[Europe/Stockholm]", &dt, &error));
  CHECK_FALSE(ParseDateTime("2015-07-21T21:40[Nowhere/Atlantis]", &dt, &error));
  CHECK(error.find("unknown time zone 'Nowhere/Atlantis'") != std::string::npos);
  CHECK_FALSE(ParseDateTime("2015-07-21T21:40[../../etc/passwd]", &dt, &error));
  // Clocks set forward (2015-03-29 02:00 -> 03:00): 02:30 moves on by the gap.
  REQUIRE(ParseDateTime("2015-03-29T02:30[Europe/Stockholm]", &dt, &error));
  CHECK(FormatDateTime(dt) == "2015-03-29T03:30+02:00[Europe/Stockholm]");
}

TEST_CASE("durations: ISO text, fractions spilling down, arithmetic", "[temporal]") {
  CHECK(DurationText("P14DT16H12M") == "P14DT16H12M");
  CHECK(DurationText("P5M1.5D") == "P5M1DT12H");
  CHECK(DurationText("P0.75M") == "P22DT19H51M49.5S");
  CHECK(DurationText("P2.5W") == "P17DT12H");
  CHECK(DurationText("P12Y5M14DT16H12M70S") == "P12Y5M14DT16H13M10S");
  CHECK(DurationText("P2012-02-02T14:37:21.545") == "P2012Y2M2DT14H37M21.545S");
  CHECK(DurationText("PT-0.4S") == "PT-0.4S");
  CHECK(DurationText("P0D") == "PT0S");
  CHECK(DurationText("P1Q") == "refused");
  CHECK(DurationText("P") == "refused");
  Duration d, twice;
  REQUIRE(ParseDuration("PT-1M-0.001S", &d));
  CHECK(FormatDuration(d) == "PT-1M-0.001S");
  REQUIRE(ScaleDuration(d, 2, false, &twice));
  CHECK(FormatDuration(twice) == "PT-2M-0.002S");
  LocalDateTime a, b;
  REQUIRE(ParseLocalDateTime("2015-07-21T21:40:32.142", &a));
  REQUIRE(ParseLocalDateTime("2015-06-24", &b));
  CHECK(FormatDuration(Between(a, b, BetweenUnit::kAll)) == "P-27DT-21H-40M-32.142S");
  REQUIRE(ParseLocalDateTime("1984-10-11", &a));
  REQUIRE(ParseLocalDateTime("2015-06-24", &b));
  CHECK(FormatDuration(Between(a, b, BetweenUnit::kAll)) == "P30Y8M13D");
  CHECK(FormatDuration(Between(a, b, BetweenUnit::kDays)) == "P11213D");
}

TEST_CASE("temporal property values round-trip; their encoding is pinned", "[temporal][coding]") {
  DateTime dt;
  REQUIRE(ParseDateTime("2015-07-21T21:40:32.142+01:00", &dt));
  Duration dur;
  REQUIRE(ParseDuration("P1Y2DT3.5S", &dur));
  Properties props = {{"d", Date{-1}},
                      {"dur", dur},
                      {"lt", LocalTime{1}},
                      {"t", Time{0, -3600}},
                      {"ldt", LocalDateTime{Date{1}, 2}},
                      {"dt", dt},
                      {"list", PropertyList{dt, dt}}};
  std::string encoded;
  EncodeProperties(props, &encoded);
  std::string_view in(encoded);
  Properties decoded;
  REQUIRE(DecodeProperties(&in, &decoded));
  REQUIRE(decoded == props);
  auto bytes = [](const PropertyValue& v) {
    std::string out;
    EncodeValue(v, &out);
    return out;
  };
  CHECK(bytes(Date{-1}) == std::string("\x07\x01", 2));  // format 4's tag, unchanged
  CHECK(bytes(LocalTime{1}) == std::string("\x09\x01", 2));
  CHECK(bytes(Time{0, -3600}) == std::string("\x0a\x00\x9f\x38", 4));
  CHECK(bytes(LocalDateTime{Date{1}, 2}) == std::string("\x0b\x02\x02", 3));
  CHECK(bytes(Duration{1, -1, 2, 3}) == std::string("\x08\x02\x01\x04\x03", 5));
  CHECK(bytes(DateTime{Date{0}, 0, 60, "UTC"}) == std::string("\x0c\x00\x00\x78\x03UTC", 8));
  for (size_t cut = 0; cut < encoded.size(); ++cut) {
    std::string_view part(encoded.data(), cut);
    Properties ignored;
    REQUIRE_FALSE((DecodeProperties(&part, &ignored) && part.empty() && ignored == props));
  }
}

TEST_CASE("a datetime with an offset is stored, compared and written to JSON as it was given", "[temporal][query]") {
  testing::TempDir dir;
  auto graph = testing::SeedGraph(dir.path());
  REQUIRE(RunQuery(*graph, "CREATE (:Event {name: 'a', at: datetime('2019-05-01T09:30:00.5+02:00')})", {}, {}).ok());
  REQUIRE(RunQuery(*graph, "CREATE (:Event {name: 'b', at: datetime('2019-04-30T20:00Z')})", {}, {}).ok());
  auto r = RunQuery(*graph,
                    "MATCH (e:Event) WHERE e.at >= datetime('2019-04-30T21:00+01:00') "
                    "RETURN e.name AS name, e.at AS at, duration.between(e.at, datetime('2019-05-01T10:00+02:00')) AS left "
                    "ORDER BY name",
                    {}, {});
  REQUIRE(r.ok());
  std::ostringstream json;
  WriteResult(r.value(), OutputFormat::kJson, json);
  CHECK(json.str() ==
        "{\"name\":\"a\",\"at\":\"2019-05-01T09:30:00.500+02:00\",\"left\":\"PT29M59.5S\"}\n"
        "{\"name\":\"b\",\"at\":\"2019-04-30T20:00Z\",\"left\":\"PT12H\"}\n");
}

}  // namespace
}  // namespace newsgraph
