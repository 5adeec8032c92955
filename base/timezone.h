// Named time zones (Europe/Stockholm) from the system's tz database: the
// TZif files under /usr/share/zoneinfo (or $TZDIR), read once per zone and
// kept for the life of the process. Thread-safe.
//
// The offsets come from the files' transition tables (Debian's "fat"
// files list them up to 2037); later instants keep the last offset, so a
// zone's daylight saving time after 2037 is not applied.
#ifndef NEWSGRAPH_BASE_TIMEZONE_H_
#define NEWSGRAPH_BASE_TIMEZONE_H_

#include <cstdint>
#include <string>

namespace newsgraph {

// The offset (seconds east of UTC) of `zone` at `utc_seconds` since the
// epoch. False, with `error` saying why, for an unknown zone or no tz
// database.
bool ZoneOffsetAtInstant(const std::string& zone, int64_t utc_seconds, int32_t* offset, std::string* error);

// The offset of `zone` at the local time `local_seconds` (seconds since
// 1970-01-01T00:00 on the zone's clocks). A local time that occurs twice
// (clocks set back) takes the earlier offset; one that does not occur
// (clocks set forward) the offset before the gap.
bool ZoneOffsetForLocal(const std::string& zone, int64_t local_seconds, int32_t* offset, std::string* error);

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_TIMEZONE_H_
