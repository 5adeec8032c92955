// base/file.h: ReadWholeFile reads every byte of regular files, pipes and
// empty files, and refuses missing files, directories and files over the
// limit with the path and reason, leaving nothing half-read.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/stat.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <thread>

#include "base/file.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::TempDir;

std::string Write(const TempDir& dir, const std::string& name, const std::string& bytes) {
  std::string path = dir.Sub(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST_CASE("ReadWholeFile returns exactly the file's bytes", "[base][file]") {
  TempDir dir;
  std::string binary;
  for (int i = 0; i < 70000; ++i) binary.push_back(static_cast<char>(i * 7919 % 256));  // NULs included
  for (const std::string& bytes : {std::string(), std::string("x"), std::string("line\n"), binary}) {
    INFO("size " << bytes.size());
    std::string out = "left over";
    REQUIRE(ReadWholeFile(Write(dir, "f", bytes), SIZE_MAX, "test", &out).ok());
    CHECK(out == bytes);
  }
  std::string out;
  REQUIRE(ReadWholeFile(Write(dir, "limit", std::string(4096, 'a')), 4096, "test", &out).ok());  // at the limit
  CHECK(out.size() == 4096);
}

TEST_CASE("ReadWholeFile refuses what it cannot read, naming path and reason", "[base][file]") {
  TempDir dir;
  std::string out = "left over";
  Status missing = ReadWholeFile(dir.Sub("nope.txt"), SIZE_MAX, "test", &out);
  CHECK(missing.code() == Status::Code::kIOError);
  CHECK_THAT(missing.message(), Catch::Contains("nope.txt: cannot open (No such file or directory)"));
  CHECK(out.empty());
  Status directory = ReadWholeFile(dir.path(), SIZE_MAX, "test", &out);
  CHECK(directory.code() == Status::Code::kIOError);
  CHECK_THAT(directory.message(), Catch::Contains(dir.path() + ": read failed (Is a directory)"));
  out = "left over";
  Status big = ReadWholeFile(Write(dir, "big.txt", std::string((3 << 20) + 1, 'a')), 2 << 20, "article", &out);
  CHECK(big.code() == Status::Code::kLimitExceeded);
  CHECK_THAT(big.message(), Catch::Contains("big.txt: 3 MiB is larger than the article limit of 2 MiB"));
  CHECK(out.empty());
}

TEST_CASE("ReadWholeFile reads a pipe to its end and stops one over the limit", "[base][file]") {
  TempDir dir;
  std::string fifo = dir.Sub("fifo");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  const std::string sent(200000, 'p');  // more than a pipe buffer, no size known up front
  // The writer sees a broken pipe once the reader stops at the limit.
  struct IgnoreSigpipe {
    void (*was)(int) = signal(SIGPIPE, SIG_IGN);
    ~IgnoreSigpipe() { signal(SIGPIPE, was); }
  } ignore;
  for (size_t limit : {SIZE_MAX, size_t{100000}}) {
    std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << sent; });
    std::string out;
    Status s = ReadWholeFile(fifo, limit, "test", &out);
    if (limit == SIZE_MAX) {
      REQUIRE(s.ok());
      CHECK(out == sent);
    } else {
      CHECK(s.code() == Status::Code::kLimitExceeded);
      CHECK(out.empty());
    }
    writer.join();
  }
}

}  // namespace
}  // namespace newsgraph
