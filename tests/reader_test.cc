// Bad input to the article reader: each problem is reported with its file
// and line, and good input around it is still read.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>

#include "extract/article_reader.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::TempDir;
using testing::WriteFile;

struct Collected {
  std::vector<Article> articles;
  std::vector<std::string> errors;
  ReadStats stats;
};

Collected Read(const std::vector<std::string>& paths, ReadOptions options = {}) {
  Collected c;
  Status s = ReadArticles(
      paths, options,
      [&](Article&& a) {
        c.articles.push_back(std::move(a));
        return Status::OK();
      },
      [&](const Status& e) { c.errors.push_back(e.message()); }, &c.stats);
  REQUIRE(s.ok());
  return c;
}

TEST_CASE("a text file is one article; a short first line is its title", "[reader]") {
  TempDir dir;
  WriteFile(dir.Sub("a.txt"), "Big headline\n\nBody text here.\n");
  auto c = Read({dir.Sub("a.txt")});
  REQUIRE(c.articles.size() == 1);
  REQUIRE(c.articles[0].title == "Big headline");
  REQUIRE(c.articles[0].text == "Big headline\n\nBody text here.\n");
  REQUIRE(c.errors.empty());
}

TEST_CASE("malformed JSONL lines are named and the other lines are read", "[reader]") {
  TempDir dir;
  WriteFile(dir.Sub("feed.jsonl"),
            "{\"id\":\"a1\",\"title\":\"T\",\"date\":\"2020-07-09\",\"source\":\"S\",\"text\":\"Amazon grew.\"}\n"
            "{\"id\":\"a2\",\"text\":\"unterminated\n"
            "\n"
            "[1,2]\n"
            "{\"id\":\"a5\"}\n"
            "{\"id\":\"a6\",\"text\":\"Google grew.\"}\n");
  auto c = Read({dir.Sub("feed.jsonl")});
  REQUIRE(c.articles.size() == 2);
  REQUIRE(c.articles[0].id == "a1");
  REQUIRE(c.articles[0].date == "2020-07-09");
  REQUIRE(c.articles[1].id == "a6");
  REQUIRE(c.errors.size() == 3);
  REQUIRE_THAT(c.errors[0], Catch::Contains("feed.jsonl:2:") && Catch::Contains("malformed JSON"));
  REQUIRE_THAT(c.errors[1], Catch::Contains("feed.jsonl:4: expected a JSON object"));
  REQUIRE_THAT(c.errors[2], Catch::Contains("feed.jsonl:5: missing field \"text\""));
  REQUIRE(c.stats.errors == 3);
}

TEST_CASE("a JSONL line nested deeper than 256 levels is named; the lines after it are read", "[reader][json]") {
  TempDir dir;
  std::string nest = std::string(257, '[') + std::string(257, ']');
  WriteFile(dir.Sub("feed.jsonl"), "{\"id\":\"a1\",\"text\":\"Amazon grew.\"}\n"
                                   "{\"id\":\"a2\",\"x\":" + nest + ",\"text\":\"Apple grew.\"}\n"
                                   "{\"id\":\"a3\",\"x\":" + nest.substr(2, 510) + ",\"text\":\"Google grew.\"}\n");
  auto c = Read({dir.Sub("feed.jsonl")});
  REQUIRE(c.articles.size() == 2);
  REQUIRE(c.articles[0].id == "a1");
  REQUIRE(c.articles[1].id == "a3");  // 256 levels with the line's object: read
  REQUIRE(c.errors.size() == 1);
  // Byte 271 (column 272): just past the 256th '[', level 257 with the object.
  REQUIRE(c.errors[0] == dir.Sub("feed.jsonl") + ":2:272: JSON nested deeper than 256 levels");
}

TEST_CASE("a byte-order mark is dropped from a text file and a JSONL line", "[reader][bom]") {
  TempDir dir;
  WriteFile(dir.Sub("a.txt"), "\xEF\xBB\xBF" "Big headline\n\nAmazon hosts it.\n");
  WriteFile(dir.Sub("b.jsonl"), "\xEF\xBB\xBF{\"id\":\"b1\",\"text\":\"Google grew.\"}\n");
  auto c = Read({dir.Sub("a.txt"), dir.Sub("b.jsonl")});
  REQUIRE(c.errors.empty());
  REQUIRE(c.articles.size() == 2);
  REQUIRE(c.articles[0].text == "Big headline\n\nAmazon hosts it.\n");
  REQUIRE(c.articles[0].title == "Big headline");
  REQUIRE(c.articles[1].id == "b1");
}

TEST_CASE("JSONL text that is not a string is refused", "[reader]") {
  TempDir dir;
  WriteFile(dir.Sub("a.jsonl"), "{\"id\":7,\"text\":123}\n{\"id\":8,\"text\":\"Google grew.\"}\n");
  auto c = Read({dir.Sub("a.jsonl")});
  REQUIRE(c.articles.size() == 1);
  REQUIRE(c.articles[0].id == "8");  // an integer id is read as its digits
  REQUIRE(c.errors == std::vector<std::string>{dir.Sub("a.jsonl") + ":1: field \"text\" must be a string"});
}

TEST_CASE("a directory walk reads its own files and reports links out, dangling links and FIFOs", "[reader][walk]") {
  TempDir dir;
  std::filesystem::create_directories(dir.Sub("tree/sub"));
  WriteFile(dir.Sub("tree/a.txt"), "Amazon grew.\n");
  WriteFile(dir.Sub("outside.txt"), "Secret.\n");
  std::filesystem::create_symlink("../a.txt", dir.Sub("tree/sub/inside.txt"));
  std::filesystem::create_symlink(dir.Sub("outside.txt"), dir.Sub("tree/out.txt"));
  std::filesystem::create_symlink(dir.Sub("none.txt"), dir.Sub("tree/dangling.txt"));
  REQUIRE(::mkfifo(dir.Sub("tree/pipe.txt").c_str(), 0600) == 0);
  auto c = Read({dir.Sub("tree")});
  REQUIRE(c.articles.size() == 2);
  REQUIRE(c.articles[0].origin == dir.Sub("tree/a.txt"));
  REQUIRE(c.articles[1].origin == dir.Sub("tree/sub/inside.txt"));
  REQUIRE(c.errors.size() == 3);
  std::string all;
  for (const std::string& e : c.errors) all += e + "\n";
  REQUIRE_THAT(all, Catch::Contains(dir.Sub("tree/out.txt") + ": a symbolic link out of ") &&
                        Catch::Contains(dir.Sub("tree/dangling.txt") + ": a symbolic link to nothing, skipped") &&
                        Catch::Contains(dir.Sub("tree/pipe.txt") + ": not a regular file (a FIFO, socket or device)"));
}

TEST_CASE("invalid UTF-8 is reported with line, column and byte offset", "[reader]") {
  TempDir dir;
  WriteFile(dir.Sub("bad.txt"), "line one\nline \xC3\x28 two\n");
  auto c = Read({dir.Sub("bad.txt")});
  REQUIRE(c.articles.empty());
  REQUIRE(c.errors.size() == 1);
  REQUIRE_THAT(c.errors[0], Catch::Contains("bad.txt:2:6: invalid UTF-8 (byte offset 14)"));
}

TEST_CASE("binary and empty files are errors, not silent skips", "[reader]") {
  TempDir dir;
  WriteFile(dir.Sub("bin.txt"), std::string("\x7f" "ELF\0\0\0\x01\x02", 9));
  WriteFile(dir.Sub("empty.txt"), "");
  WriteFile(dir.Sub("blank.jsonl"), "\n\n");
  WriteFile(dir.Sub("good.txt"), "Amazon grew.");
  auto c = Read({dir.path()});
  REQUIRE(c.articles.size() == 1);
  REQUIRE(c.errors.size() == 3);
  std::string all = c.errors[0] + c.errors[1] + c.errors[2];
  REQUIRE_THAT(all, Catch::Contains("bin.txt: binary file"));
  REQUIRE_THAT(all, Catch::Contains("empty.txt: empty file"));
  REQUIRE_THAT(all, Catch::Contains("blank.jsonl: empty file"));
}

TEST_CASE("missing paths and oversized files are reported", "[reader]") {
  TempDir dir;
  WriteFile(dir.Sub("big.txt"), std::string(2048, 'a'));
  ReadOptions small;
  small.max_article_bytes = 1024;
  auto c = Read({dir.Sub("nope.txt"), dir.Sub("big.txt")}, small);
  REQUIRE(c.articles.empty());
  REQUIRE(c.errors.size() == 2);
  REQUIRE_THAT(c.errors[0], Catch::Contains("nope.txt: no such file"));
  REQUIRE_THAT(c.errors[1], Catch::Contains("big.txt") && Catch::Contains("larger than the article limit"));
}

TEST_CASE("a JSONL line over the article limit is named; the lines after it keep their numbers", "[reader]") {
  TempDir dir;
  WriteFile(dir.Sub("feed.jsonl"), "{\"id\":\"a1\",\"text\":\"Amazon grew.\"}\n"
                                   "{\"id\":\"a2\",\"text\":\"" + std::string(3000, 'x') + "\"}\n"
                                   "{\"id\":\"a3\",\"text\":\"Google grew.\"}\n");
  ReadOptions small;
  small.max_article_bytes = 1024;
  auto c = Read({dir.Sub("feed.jsonl")}, small);
  REQUIRE(c.articles.size() == 2);
  REQUIRE(c.articles[1].id == "a3");
  REQUIRE_THAT(c.articles[1].origin, Catch::EndsWith("feed.jsonl:3"));
  REQUIRE(c.errors.size() == 1);
  REQUIRE_THAT(c.errors[0], Catch::Contains("feed.jsonl:2: line longer than the article limit"));
}

TEST_CASE("a 50 MB single-line article is read and extracted", "[reader][huge]") {
  TempDir dir;
  std::string sentence = "Amazon provides cloud services to Hikvision, and the market moved ";
  std::string text;
  text.reserve(50 << 20);
  while (text.size() < (50u << 20)) text += sentence;
  WriteFile(dir.Sub("huge.txt"), text);
  auto c = Read({dir.Sub("huge.txt")});
  REQUIRE(c.articles.size() == 1);
  REQUIRE(c.articles[0].text.size() == text.size());
  ArticleFacts f = testing::DefaultExtractor().Extract(c.articles[0]);
  bool found = false;
  for (const Relation& r : f.relations) found |= r.subject == "Amazon" && r.object == "Hikvision";
  REQUIRE(found);
}

}  // namespace
}  // namespace newsgraph
