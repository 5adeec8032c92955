#include "base/timezone.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "base/file.h"

namespace newsgraph {

namespace {

struct Zone {
  std::vector<int64_t> transitions;  // UTC seconds, ascending
  std::vector<int32_t> offsets;      // offsets[i] holds from transitions[i]
  int32_t initial = 0;               // before the first transition
};

uint64_t BigEndian(const std::string& s, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = v << 8 | static_cast<unsigned char>(s[at + i]);
  return v;
}

// TZif (RFC 8536): a version-1 block with 32-bit times, then (version 2
// and later) the same header and block with 64-bit times, which is read.
bool ParseTzif(const std::string& s, Zone* z) {
  auto header = [&](size_t at, uint64_t counts[6]) {
    if (s.size() < at + 44 || s.compare(at, 4, "TZif") != 0) return false;
    for (int i = 0; i < 6; ++i) counts[i] = BigEndian(s, at + 20 + 4 * i, 4);
    return true;
  };
  uint64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  if (!header(0, c) || s[4] < '2') return false;
  size_t v1 = c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
  size_t at = 44 + v1;
  if (!header(at, c)) return false;
  at += 44;
  uint64_t timecnt = c[3], typecnt = c[4];
  if (typecnt == 0 || s.size() < at + timecnt * 9 + typecnt * 6) return false;
  size_t types = at + timecnt * 9;
  auto type_offset = [&](uint64_t t) { return static_cast<int32_t>(static_cast<uint32_t>(BigEndian(s, types + t * 6, 4))); };
  for (uint64_t i = 0; i < timecnt; ++i) {
    uint64_t type = static_cast<unsigned char>(s[at + timecnt * 8 + i]);
    if (type >= typecnt) return false;
    z->transitions.push_back(static_cast<int64_t>(BigEndian(s, at + i * 8, 8)));
    z->offsets.push_back(type_offset(type));
  }
  z->initial = type_offset(0);
  return true;
}

bool ValidName(const std::string& zone) {
  if (zone.empty() || zone.size() > 64 || zone[0] == '/' || zone.find("..") != std::string::npos) return false;
  return std::all_of(zone.begin(), zone.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
           c == '-' || c == '+';
  });
}

// The zone, loaded once; null with `error` set when it cannot be.
const Zone* Load(const std::string& zone, std::string* error) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Zone>> zones;  // null: unknown
  std::lock_guard<std::mutex> lock(mu);
  auto it = zones.find(zone);
  if (it == zones.end()) {
    std::unique_ptr<Zone> z;
    if (ValidName(zone)) {
      const char* dir = std::getenv("TZDIR");
      std::string bytes;
      Status read = ReadWholeFile(std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + zone, 1 << 20,
                                  "time zone", &bytes);
      z = std::make_unique<Zone>();
      if (!read.ok() || !ParseTzif(bytes, z.get())) z.reset();
    }
    it = zones.emplace(zone, std::move(z)).first;
  }
  if (!it->second && error) *error = "unknown time zone '" + zone + "' (not in the system's tz database)";
  return it->second.get();
}

int32_t OffsetAt(const Zone& z, int64_t utc) {
  auto it = std::upper_bound(z.transitions.begin(), z.transitions.end(), utc);
  if (it == z.transitions.begin()) return z.initial;
  return z.offsets[it - z.transitions.begin() - 1];
}

}  // namespace

bool ZoneOffsetAtInstant(const std::string& zone, int64_t utc_seconds, int32_t* offset, std::string* error) {
  const Zone* z = Load(zone, error);
  if (!z) return false;
  *offset = OffsetAt(*z, utc_seconds);
  return true;
}

bool ZoneOffsetForLocal(const std::string& zone, int64_t local_seconds, int32_t* offset, std::string* error) {
  const Zone* z = Load(zone, error);
  if (!z) return false;
  // Try the offsets in force a day either side: the earliest that maps
  // the local time back onto itself wins; none (a gap): the one before.
  int32_t before = OffsetAt(*z, local_seconds - 86400), after = OffsetAt(*z, local_seconds + 86400);
  for (int32_t candidate : {std::max(before, after), std::min(before, after)}) {
    if (OffsetAt(*z, local_seconds - candidate) == candidate) {
      *offset = candidate;
      return true;
    }
  }
  *offset = before;
  return true;
}

}  // namespace newsgraph
