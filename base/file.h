// Whole-file reads, with POSIX calls: open, fstat, read to the end, close.
// (An ifstream cost three seeks and an 8 KiB buffer a file; ingest reads
// one file an article.)
//
//   std::string text;
//   Status s = ReadWholeFile(path, 64 << 20, "article", &text);
//   // "PATH: cannot open (No such file or directory)"
//   // "PATH: 70 MiB is larger than the article limit of 64 MiB"
#ifndef NEWSGRAPH_BASE_FILE_H_
#define NEWSGRAPH_BASE_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/status.h"

namespace newsgraph {

// Replaces *out with the contents of `path`. IOError naming the path and the
// system's reason when it cannot be opened or read; LimitExceeded naming
// the sizes and `what` the limit is for when the file holds more than
// `max_bytes` (*out is then empty; SIZE_MAX: no limit).
Status ReadWholeFile(const std::string& path, size_t max_bytes, const char* what, std::string* out);

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_FILE_H_
