#include "graph/property.h"

#include <cstring>

#include "graph/coding.h"

namespace newsgraph {

namespace {
enum Tag : char { kNull = 0, kFalse = 1, kTrue = 2, kInt = 3, kDouble = 4, kString = 5, kList = 6, kDate = 7,
                 kDuration = 8, kLocalTime = 9, kTime = 10, kLocalDateTime = 11, kDateTime = 12 };
constexpr int kMaxDepth = 32;  // lists in lists; deeper input is corrupt

void PutZigzag(std::string* dst, int64_t i) {
  PutVarint64(dst, (static_cast<uint64_t>(i) << 1) ^ static_cast<uint64_t>(i >> 63));
}
bool GetZigzag(std::string_view* in, int64_t* i) {
  uint64_t z;
  if (!GetVarint64(in, &z)) return false;
  *i = static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
  return true;
}
}  // namespace

void EncodeValue(const PropertyValue& value, std::string* dst) {
  switch (value.v.index()) {
    case 0: dst->push_back(kNull); break;
    case 1: dst->push_back(std::get<bool>(value.v) ? kTrue : kFalse); break;
    case 2: {
      int64_t i = std::get<int64_t>(value.v);
      dst->push_back(kInt);
      PutZigzag(dst, i);
      break;
    }
    case 3: {
      double d = std::get<double>(value.v);
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      dst->push_back(kDouble);
      PutFixed64BE(dst, bits);
      break;
    }
    case 4: dst->push_back(kString); PutLengthPrefixed(dst, std::get<std::string>(value.v)); break;
    case 5: {
      const PropertyList& list = std::get<PropertyList>(value.v);
      dst->push_back(kList);
      PutVarint64(dst, list.size());
      for (const PropertyValue& item : list) EncodeValue(item, dst);
      break;
    }
    case 6: dst->push_back(kDate); PutZigzag(dst, std::get<Date>(value.v).days); break;
    case 7: {
      const Duration& d = std::get<Duration>(value.v);
      dst->push_back(kDuration);
      PutZigzag(dst, d.months);
      PutZigzag(dst, d.days);
      PutZigzag(dst, d.seconds);
      PutVarint64(dst, static_cast<uint64_t>(d.nanos));
      break;
    }
    case 8: dst->push_back(kLocalTime); PutVarint64(dst, static_cast<uint64_t>(std::get<LocalTime>(value.v).nanos)); break;
    case 9: {
      const Time& t = std::get<Time>(value.v);
      dst->push_back(kTime);
      PutVarint64(dst, static_cast<uint64_t>(t.nanos));
      PutZigzag(dst, t.offset);
      break;
    }
    case 10: {
      const LocalDateTime& t = std::get<LocalDateTime>(value.v);
      dst->push_back(kLocalDateTime);
      PutZigzag(dst, t.date.days);
      PutVarint64(dst, static_cast<uint64_t>(t.nanos));
      break;
    }
    case 11: {
      const DateTime& t = std::get<DateTime>(value.v);
      dst->push_back(kDateTime);
      PutZigzag(dst, t.date.days);
      PutVarint64(dst, static_cast<uint64_t>(t.nanos));
      PutZigzag(dst, t.offset);
      PutLengthPrefixed(dst, t.zone);
      break;
    }
  }
}

bool DecodeValue(std::string_view* in, PropertyValue* value, int depth) {
  if (in->empty() || depth > kMaxDepth) return false;
  char tag = (*in)[0];
  in->remove_prefix(1);
  switch (tag) {
    case kNull: value->v = std::monostate(); return true;
    case kFalse: value->v = false; return true;
    case kTrue: value->v = true; return true;
    case kInt: {
      int64_t i;
      if (!GetZigzag(in, &i)) return false;
      value->v = i;
      return true;
    }
    case kDate: {
      int64_t days;
      if (!GetZigzag(in, &days)) return false;
      value->v = Date{days};
      return true;
    }
    case kDuration: {
      Duration d;
      uint64_t nanos;
      if (!GetZigzag(in, &d.months) || !GetZigzag(in, &d.days) || !GetZigzag(in, &d.seconds) ||
          !GetVarint64(in, &nanos) || nanos >= static_cast<uint64_t>(kNanosPerSecond))
        return false;
      d.nanos = static_cast<int64_t>(nanos);
      value->v = d;
      return true;
    }
    case kLocalTime: {
      uint64_t nanos;
      if (!GetVarint64(in, &nanos) || nanos >= static_cast<uint64_t>(kNanosPerDay)) return false;
      value->v = LocalTime{static_cast<int64_t>(nanos)};
      return true;
    }
    case kTime: {
      uint64_t nanos;
      int64_t offset;
      if (!GetVarint64(in, &nanos) || nanos >= static_cast<uint64_t>(kNanosPerDay) || !GetZigzag(in, &offset) ||
          offset > kMaxOffset || offset < -kMaxOffset)
        return false;
      value->v = Time{static_cast<int64_t>(nanos), static_cast<int32_t>(offset)};
      return true;
    }
    case kLocalDateTime:
    case kDateTime: {
      int64_t days, offset = 0;
      uint64_t nanos;
      std::string zone;
      if (!GetZigzag(in, &days) || !GetVarint64(in, &nanos) || nanos >= static_cast<uint64_t>(kNanosPerDay)) return false;
      if (tag == kLocalDateTime) {
        value->v = LocalDateTime{Date{days}, static_cast<int64_t>(nanos)};
        return true;
      }
      if (!GetZigzag(in, &offset) || offset > kMaxOffset || offset < -kMaxOffset || !GetLengthPrefixed(in, &zone))
        return false;
      value->v = DateTime{Date{days}, static_cast<int64_t>(nanos), static_cast<int32_t>(offset), std::move(zone)};
      return true;
    }
    case kDouble: {
      uint64_t bits;
      if (!GetFixed64BE(in, &bits)) return false;
      double d;
      std::memcpy(&d, &bits, 8);
      value->v = d;
      return true;
    }
    case kString: {
      std::string s;
      if (!GetLengthPrefixed(in, &s)) return false;
      value->v = std::move(s);
      return true;
    }
    case kList: {
      uint64_t n;
      if (!GetVarint64(in, &n) || n > in->size()) return false;
      PropertyList list(n);
      for (PropertyValue& item : list)
        if (!DecodeValue(in, &item, depth + 1)) return false;
      value->v = std::move(list);
      return true;
    }
  }
  return false;
}

bool TemporalPropertyText(const PropertyValue& value, std::string* type, std::string* text) {
  switch (value.v.index()) {
    case 6: *type = "date"; *text = FormatIsoDate(std::get<Date>(value.v)); return true;
    case 7: *type = "duration"; *text = FormatDuration(std::get<Duration>(value.v)); return true;
    case 8: *type = "localtime"; *text = FormatLocalTime(std::get<LocalTime>(value.v)); return true;
    case 9: *type = "time"; *text = FormatTime(std::get<Time>(value.v)); return true;
    case 10: *type = "localdatetime"; *text = FormatLocalDateTime(std::get<LocalDateTime>(value.v)); return true;
    case 11: *type = "datetime"; *text = FormatDateTime(std::get<DateTime>(value.v)); return true;
  }
  return false;
}

bool TemporalPropertyFromText(std::string_view type, std::string_view text, PropertyValue* out) {
  if (type == "date") {
    Date d;
    if (!ParseIsoDate(text, &d)) return false;
    *out = d;
  } else if (type == "duration") {
    Duration d;
    if (!ParseDuration(text, &d)) return false;
    *out = d;
  } else if (type == "localtime") {
    LocalTime t;
    if (!ParseLocalTime(text, &t)) return false;
    *out = t;
  } else if (type == "time") {
    Time t;
    if (!ParseTime(text, &t)) return false;
    *out = t;
  } else if (type == "localdatetime") {
    LocalDateTime t;
    if (!ParseLocalDateTime(text, &t)) return false;
    *out = t;
  } else if (type == "datetime") {
    DateTime t;
    if (!ParseDateTime(text, &t)) return false;
    *out = std::move(t);
  } else {
    return false;
  }
  return true;
}

void EncodeProperties(const Properties& props, std::string* dst) {
  PutVarint64(dst, props.size());
  for (const auto& [key, value] : props) {
    PutLengthPrefixed(dst, key);
    EncodeValue(value, dst);
  }
}

bool DecodeProperties(std::string_view* in, Properties* props) {
  props->clear();
  uint64_t n;
  if (!GetVarint64(in, &n) || n > in->size()) return false;
  for (uint64_t i = 0; i < n; ++i) {
    std::string key;
    PropertyValue value;
    if (!GetLengthPrefixed(in, &key) || !DecodeValue(in, &value)) return false;
    (*props)[std::move(key)] = std::move(value);
  }
  return true;
}

}  // namespace newsgraph
