#include "tests/corpus_gen.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace newsgraph {
namespace testing {

Result<std::vector<Article>> GenerateCorpus(const std::string& sentences_tsv, size_t articles, uint64_t seed) {
  std::ifstream in(sentences_tsv);
  if (!in) return Status::IOError(sentences_tsv + ": cannot open");
  std::vector<std::string> sentences;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t a = line.find('\t');
    size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (b == std::string::npos) continue;
    sentences.push_back(line.substr(a + 1, b - a - 1));
  }
  if (sentences.empty()) return Status::InvalidArgument(sentences_tsv + ": no sentences");
  static const char* kWords[] = {"markets", "talks", "deal", "probe", "outlook", "review", "dispute", "growth"};
  std::mt19937_64 rng(seed);
  std::vector<Article> out;
  for (size_t i = 0; i < articles; ++i) {
    char name[32];
    std::snprintf(name, sizeof(name), "%06zu", i);
    Article a;
    a.title = std::string("Report ") + name + ": " + kWords[rng() % 8] + " and " + kWords[rng() % 8];
    std::string body;
    size_t n = 2 + rng() % 5;
    for (size_t s = 0; s < n; ++s) body += (s ? " " : "") + sentences[rng() % sentences.size()];
    a.text = a.title + "\n\n" + body + "\n";
    a.id = name;
    out.push_back(std::move(a));
  }
  return out;
}

Status WriteCorpus(const std::vector<Article>& articles, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError(dir + ": " + ec.message());
  for (const Article& a : articles) {
    std::ofstream out(dir + "/" + a.id + ".txt", std::ios::binary);
    out << a.text;
    if (!out) return Status::IOError(dir + "/" + a.id + ".txt: cannot write");
  }
  return Status::OK();
}

}  // namespace testing
}  // namespace newsgraph
