// Reading articles from where users keep them.
//
//   PATH.txt (or any non-.jsonl file)  one article; a short first line
//                                      followed by a blank line is the title
//   PATH.jsonl / .ndjson               one JSON object a line: id, title,
//                                      date, source, text (text required)
//   DIR                                every .txt/.jsonl below it, sorted
//   -                                  standard input (JSONL when it starts
//                                      with '{', else one text article)
//
// Bad input never stops the reading of good input: each bad file or line is
// reported to `on_error` with its file and line (invalid UTF-8 with the byte
// offset, a binary file, an empty file, malformed JSON with the column) and
// reading goes on. Nothing is skipped silently.
#ifndef NEWSGRAPH_EXTRACT_ARTICLE_READER_H_
#define NEWSGRAPH_EXTRACT_ARTICLE_READER_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "extract/facts.h"

namespace newsgraph {

struct ReadOptions {
  size_t max_article_bytes = size_t{256} << 20;  // larger articles are errors
};

struct ReadStats {
  size_t articles = 0;
  size_t bytes = 0;
  size_t errors = 0;
};

// Calls `on_article` for each article in `paths`, in order. Stops early and
// returns its Status if `on_article` fails; bad input goes to `on_error` and
// is counted in stats->errors, and reading continues.
Status ReadArticles(const std::vector<std::string>& paths, const ReadOptions& options,
                    const std::function<Status(Article&&)>& on_article,
                    const std::function<void(const Status&)>& on_error, ReadStats* stats);

// Parses one JSONL line into an article; `origin` ("feed.jsonl:12") goes
// into messages and Article::origin.
Result<Article> ParseJsonArticle(std::string_view line, const std::string& origin);

// Checks that text is usable as an article: not binary, valid UTF-8.
Status CheckArticleText(std::string_view text, const std::string& origin);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_ARTICLE_READER_H_
