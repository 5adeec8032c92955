#include "graph/recovery.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <vector>

#include "base/file.h"

namespace newsgraph {

namespace fs = std::filesystem;

namespace {

// CRC-32C (Castagnoli), as RocksDB's log records carry it.
uint32_t Crc32c(uint32_t crc, const char* data, size_t n) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ static_cast<unsigned char>(data[i])) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

uint32_t Unmask(uint32_t masked) {
  uint32_t rot = masked - 0xa282ead8u;
  return (rot >> 17) | (rot << 15);
}

uint32_t Fixed32(const char* p) {
  return static_cast<uint32_t>(static_cast<unsigned char>(p[0])) |
         static_cast<uint32_t>(static_cast<unsigned char>(p[1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(p[2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(p[3])) << 24;
}

// The manifest CURRENT names ("" when CURRENT is unreadable).
std::string CurrentManifest(const std::string& dir) {
  std::string current;
  if (!ReadWholeFile(dir + "/CURRENT", 4096, "CURRENT", &current).ok()) return "";
  if (current.empty() || current.back() != '\n') return "";
  current.pop_back();
  if (current.rfind("MANIFEST-", 0) != 0 || current.find('/') != std::string::npos) return "";
  return current;
}

uint64_t ManifestNumber(const std::string& name) { return std::strtoull(name.c_str() + 9, nullptr, 10); }

std::string Name(const std::string& path) { return fs::path(path).filename().string(); }

}  // namespace

Status SyncPath(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(path + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::IOError(path + ": fsync: " + std::strerror(err));
  return Status::OK();
}

std::string RepairAdvice(const std::string& dir) {
  return ". Nothing was changed; copy what is readable into a new database with: newsgraph repair " + dir +
         " NEW_DIR";
}

Result<StoredState> ReadState(const std::string& dir) {
  StoredState state;
  std::string path = dir + "/" + kStateFile;
  std::error_code ec;
  if (!fs::exists(path, ec)) return state;
  std::string text;
  NG_RETURN_IF_ERROR(ReadWholeFile(path, 4096, "state file", &text));
  std::istringstream in(text);
  std::string line;
  bool header = false;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string word;
    words >> word;
    if (word == "newsgraph-state") {
      header = true;
    } else if (word == "created") {
      state.created = true;
    } else if (word == "flushed-logs-through") {
      if (!(words >> state.flushed_logs_through))
        return Status::Corruption(path + ": malformed line '" + line + "'" + RepairAdvice(dir));
    } else if (word == "manifest") {
      if (!(words >> state.manifest >> state.manifest_size) || state.manifest.rfind("MANIFEST-", 0) != 0)
        return Status::Corruption(path + ": malformed line '" + line + "'" + RepairAdvice(dir));
    }
  }
  if (!header) return Status::Corruption(path + ": not a newsgraph state file" + RepairAdvice(dir));
  return state;
}

uint64_t LastLogNumber(const std::string& dir) {
  uint64_t last = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".log")
      last = std::max<uint64_t>(last, std::strtoull(entry.path().stem().c_str(), nullptr, 10));
  return last;
}

Status RecordState(const std::string& dir, uint64_t flushed_logs_through) {
  std::string manifest = CurrentManifest(dir);
  std::error_code ec;
  uintmax_t size = manifest.empty() ? 0 : fs::file_size(fs::path(dir) / manifest, ec);
  if (ec) return Status::IOError(dir + "/" + manifest + ": " + ec.message());
  std::string text = "newsgraph-state 1\ncreated\n";
  if (!manifest.empty()) text += "manifest " + manifest + " " + std::to_string(size) + "\n";
  if (flushed_logs_through) text += "flushed-logs-through " + std::to_string(flushed_logs_through) + "\n";
  std::string path = dir + "/" + kStateFile, tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError(tmp + ": " + std::strerror(errno));
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  int err = errno;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    if (ok) err = errno;
    fs::remove(tmp, ec);
    return Status::IOError(path + ": " + std::strerror(err));
  }
  return SyncPath(dir);
}

Status CheckLogFile(const std::string& path, uint64_t torn_from) {
  std::string data;
  NG_RETURN_IF_ERROR(ReadWholeFile(path, SIZE_MAX, "log", &data));
  constexpr size_t kBlock = 32768, kHeader = 7, kRecyclableHeader = 11;
  const std::string name = Name(path);
  auto damaged = [&](size_t at, const std::string& what) {
    return Status::Corruption(name + ": " + what + " at byte " + std::to_string(at) + " of " +
                              std::to_string(data.size()));
  };
  bool in_record = false;  // between a FIRST fragment and its LAST
  size_t record_start = 0;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t left_in_block = kBlock - pos % kBlock;
    if (left_in_block < kHeader) {  // the block's trailer: zeros
      pos += left_in_block;
      continue;
    }
    if (data.size() - pos < kHeader) {
      if (in_record ? record_start < torn_from : pos < torn_from) return damaged(pos, "cut inside a record header");
      return Status::OK();
    }
    const char* h = data.data() + pos;
    uint32_t crc = Unmask(Fixed32(h));
    size_t length = static_cast<unsigned char>(h[4]) | static_cast<size_t>(static_cast<unsigned char>(h[5])) << 8;
    int type = static_cast<unsigned char>(h[6]);
    if (type == 0 && length == 0) {  // preallocated space: the reader skips the rest of the block
      pos += left_in_block;
      continue;
    }
    bool recyclable = (type >= 5 && type <= 8) || type == 11;
    size_t header = recyclable ? kRecyclableHeader : kHeader;
    if (type == 0 || type > 11) return damaged(pos, "unknown record type " + std::to_string(type));
    if (pos + header + length > data.size()) {
      if (in_record ? record_start < torn_from : pos < torn_from) return damaged(pos, "cut inside a record");
      return Status::OK();
    }
    if (header + length > left_in_block) return damaged(pos, "bad record length");
    uint32_t actual = Crc32c(0, h + 6, 1);
    if (recyclable) actual = Crc32c(actual, h + 7, 4);
    actual = Crc32c(actual, h + header, length);
    if (actual != crc) return damaged(pos, "a record fails its checksum");
    int kind = recyclable && type <= 8 ? type - 4 : type;  // 1 full, 2 first, 3 middle, 4 last
    if (kind == 1 || kind == 2) {
      if (in_record) return damaged(record_start, "a record without its end");
      in_record = kind == 2;
      record_start = pos;
    } else if (kind == 3 || kind == 4) {
      if (!in_record) return damaged(pos, "a record without its start");
      in_record = kind == 3;
    }
    pos += header + length;
  }
  if (in_record && record_start < torn_from) return damaged(record_start, "cut inside a record");
  return Status::OK();
}

Status CheckManifest(const std::string& dir) {
  std::string manifest = CurrentManifest(dir);
  if (manifest.empty()) return Status::Corruption("CURRENT is damaged (it names no manifest)");
  std::string path = dir + "/" + manifest;
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  if (ec) return Status::Corruption(manifest + " (named by CURRENT): " + ec.message());
  auto state = ReadState(dir);
  if (!state.ok()) return state.status();
  uint64_t torn_from = 0;
  if (!state->manifest.empty()) {
    uint64_t recorded = ManifestNumber(state->manifest), current = ManifestNumber(manifest);
    if (current == recorded) torn_from = state->manifest_size;
    if (current < recorded)
      return Status::Corruption("CURRENT names " + manifest + ", older than " + state->manifest +
                                " which the last writer closed with");
    if (current == recorded && size < state->manifest_size)
      return Status::Corruption(manifest + " is cut: " + std::to_string(size) + " bytes, " +
                                std::to_string(state->manifest_size) + " when the last writer closed it");
  }
  return CheckLogFile(path, torn_from);
}

Status CheckLogs(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> logs;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".log") logs.push_back(entry.path().string());
  std::sort(logs.begin(), logs.end());
  for (const std::string& log : logs) NG_RETURN_IF_ERROR(CheckLogFile(log, /*torn_from=*/0));
  return Status::OK();
}

bool NothingStored(const std::string& dir) {
  constexpr uintmax_t kCreationLogBytes = 4096;  // creating writes the format marker: ~40 bytes
  uintmax_t log_bytes = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string ext = entry.path().extension().string();
    if (ext == ".sst") return false;
    if (ext == ".log") log_bytes += entry.file_size(ec);
  }
  return !ec && log_bytes <= kCreationLogBytes;
}

}  // namespace newsgraph
