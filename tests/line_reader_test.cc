// base/line_reader.h: LineReader returns every line of a file with its
// number, across its read blocks, and steps over a line longer than its
// limit without keeping it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "base/line_reader.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::TempDir;
using testing::WriteFile;

struct Line {
  size_t number;
  std::string text;
  bool newline;
  bool too_long;
};

std::vector<Line> ReadAll(const std::string& path, size_t max_line_bytes) {
  LineReader in(path, max_line_bytes);
  std::vector<Line> lines;
  while (in.Next()) lines.push_back({in.line_number(), std::string(in.line()), in.had_newline(), in.too_long()});
  REQUIRE(in.status().ok());
  return lines;
}

TEST_CASE("LineReader returns each line with its number, '\\r' kept, the last without '\\n'", "[base][lines]") {
  TempDir dir;
  WriteFile(dir.Sub("f"), "one\r\n\ntwo words\nlast");
  auto lines = ReadAll(dir.Sub("f"), 100);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].text == "one\r");
  CHECK(lines[1].text.empty());
  CHECK(lines[2].text == "two words");
  CHECK(lines[2].number == 3);
  CHECK(lines[3].text == "last");
  CHECK_FALSE(lines[3].newline);
  CHECK(lines[2].newline);

  WriteFile(dir.Sub("empty"), "");
  CHECK(ReadAll(dir.Sub("empty"), 100).empty());
  WriteFile(dir.Sub("newline"), "\n");
  CHECK(ReadAll(dir.Sub("newline"), 100).size() == 1);
}

TEST_CASE("LineReader reads lines across its blocks byte for byte", "[base][lines]") {
  TempDir dir;
  // ~5 MiB of lines from 0 to ~40 KiB long: many cross the 1 MiB blocks.
  std::vector<std::string> want;
  std::string file;
  for (size_t i = 0; file.size() < (5u << 20); ++i) {
    std::string line((i * 7919) % 40000, static_cast<char>('a' + i % 26));
    want.push_back(line);
    file += line + "\n";
  }
  WriteFile(dir.Sub("f"), file);
  auto lines = ReadAll(dir.Sub("f"), 1 << 20);
  REQUIRE(lines.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    INFO("line " << i + 1);
    REQUIRE(lines[i].number == i + 1);
    REQUIRE(lines[i].text == want[i]);
    REQUIRE_FALSE(lines[i].too_long);
  }
}

TEST_CASE("LineReader steps over a line longer than its limit; later lines keep their numbers", "[base][lines]") {
  TempDir dir;
  // The long line spans several read blocks, and the limit is the line's
  // length exactly for the line after it.
  std::string file = "short\n" + std::string(3u << 20, 'x') + "\n" + std::string(1000, 'y') + "\nend";
  WriteFile(dir.Sub("f"), file);
  auto lines = ReadAll(dir.Sub("f"), 1000);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].text == "short");
  CHECK(lines[1].too_long);
  CHECK(lines[1].text.empty());
  CHECK(lines[1].number == 2);
  CHECK_FALSE(lines[2].too_long);
  CHECK(lines[2].text == std::string(1000, 'y'));
  CHECK(lines[3].text == "end");
  CHECK(lines[3].number == 4);
  {
    LineReader in(dir.Sub("f"), 1000);
    REQUIRE(in.Next());
    REQUIRE(in.Next());
    REQUIRE(in.too_long());
    CHECK(in.TooLong("test").message() == dir.Sub("f") + ":2: line longer than the test limit of 1000 bytes");
  }

  // A long last line without '\n' ends the input.
  WriteFile(dir.Sub("g"), "a\n" + std::string(5000, 'z'));
  auto tail = ReadAll(dir.Sub("g"), 100);
  REQUIRE(tail.size() == 2);
  CHECK(tail[1].too_long);
}

TEST_CASE("LineReader names a file it cannot open", "[base][lines]") {
  TempDir dir;
  LineReader in(dir.Sub("missing"), 100);
  CHECK_FALSE(in.Next());
  CHECK(in.status().code() == Status::Code::kIOError);
  CHECK_THAT(in.status().message(), Catch::Contains("missing: cannot open (No such file or directory)"));
  LineReader directory(dir.path(), 100);
  CHECK_FALSE(directory.Next());
  CHECK_THAT(directory.status().message(), Catch::Contains("read failed"));
}

}  // namespace
}  // namespace newsgraph
