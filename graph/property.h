// Typed property values of nodes and edges, and their value encoding.
#ifndef NEWSGRAPH_GRAPH_PROPERTY_H_
#define NEWSGRAPH_GRAPH_PROPERTY_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/date.h"
#include "base/temporal.h"

namespace newsgraph {

struct PropertyValue;
using PropertyList = std::vector<PropertyValue>;

// null, bool, integer, float, string, a list of these, or a temporal value.
struct PropertyValue {
  std::variant<std::monostate, bool, int64_t, double, std::string, PropertyList, Date, Duration, LocalTime, Time,
               LocalDateTime, DateTime>
      v;

  PropertyValue() = default;
  PropertyValue(bool b) : v(b) {}                       // NOLINT
  PropertyValue(int64_t i) : v(i) {}                    // NOLINT
  PropertyValue(int i) : v(static_cast<int64_t>(i)) {}  // NOLINT
  PropertyValue(double d) : v(d) {}                     // NOLINT
  PropertyValue(std::string s) : v(std::move(s)) {}     // NOLINT
  PropertyValue(const char* s) : v(std::string(s)) {}   // NOLINT
  PropertyValue(PropertyList l) : v(std::move(l)) {}    // NOLINT
  PropertyValue(Date d) : v(d) {}                       // NOLINT
  PropertyValue(Duration d) : v(d) {}                   // NOLINT
  PropertyValue(LocalTime t) : v(t) {}                  // NOLINT
  PropertyValue(Time t) : v(t) {}                       // NOLINT
  PropertyValue(LocalDateTime t) : v(t) {}              // NOLINT
  PropertyValue(DateTime t) : v(std::move(t)) {}        // NOLINT

  bool is_null() const { return v.index() == 0; }
  const std::string* as_string() const { return std::get_if<std::string>(&v); }
  bool operator==(const PropertyValue& o) const { return v == o.v; }
  bool operator!=(const PropertyValue& o) const { return !(v == o.v); }
};

using Properties = std::map<std::string, PropertyValue>;

// Value encoding (frozen on-disk format):
//   properties := varint(count) (key:length-prefixed value)*
//   value      := tag(1) payload; tags 0 null, 1 false, 2 true,
//                 3 int (zigzag varint), 4 double (8 bytes BE of the bits),
//                 5 string (length-prefixed), 6 list (varint count, value*),
//                 7 date (zigzag varint of days since 1970-01-01; since
//                 format "newsgraph 4", keys.h);
//                 since format "newsgraph 5" (zz: zigzag varint):
//                 8 duration (zz months, zz days, zz seconds, varint nanos)
//                 9 localtime (varint nanoseconds since midnight)
//                 10 time (varint nanos, zz offset seconds)
//                 11 localdatetime (zz days, varint nanos)
//                 12 datetime (zz days, varint nanos, zz offset,
//                    zone name length-prefixed, "" for none)
// A temporal value's type name (date, duration, localtime, time,
// localdatetime, datetime) and ISO text, as the JSON export writes it
// ({"datetime": "2015-07-21T21:40+01:00"}); false for other values.
bool TemporalPropertyText(const PropertyValue& value, std::string* type, std::string* text);
// The inverse: false for an unknown type or text that is not one.
bool TemporalPropertyFromText(std::string_view type, std::string_view text, PropertyValue* out);

void EncodeProperties(const Properties& props, std::string* dst);
bool DecodeProperties(std::string_view* in, Properties* props);
void EncodeValue(const PropertyValue& value, std::string* dst);
bool DecodeValue(std::string_view* in, PropertyValue* value, int depth = 0);

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_PROPERTY_H_
