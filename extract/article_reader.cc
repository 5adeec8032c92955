#include "extract/article_reader.h"

#include <algorithm>
#include <filesystem>

#include "base/file.h"
#include "base/json.h"
#include "base/line_reader.h"
#include "base/utf8.h"

namespace newsgraph {

namespace fs = std::filesystem;

namespace {

bool IsJsonl(const fs::path& p) { return p.extension() == ".jsonl" || p.extension() == ".ndjson"; }
bool IsArticleFile(const fs::path& p) { return p.extension() == ".txt" || IsJsonl(p); }

// Line number (1-based) of byte `offset` in `text`.
size_t LineOf(std::string_view text, size_t offset) {
  return 1 + std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n');
}

Article TextArticle(std::string text, const std::string& origin) {
  Article a;
  a.id = origin;
  a.origin = origin;
  // A title is a short first line followed by a blank line.
  size_t nl = text.find('\n');
  if (nl != std::string::npos && nl > 0 && nl < 300 && text.compare(nl + 1, 1, "\n") == 0) {
    a.title = text.substr(0, nl);
    if (!a.title.empty() && a.title.back() == '\r') a.title.pop_back();
  }
  a.text = std::move(text);
  return a;
}

class Reader {
 public:
  Reader(const ReadOptions& options, const std::function<Status(Article&&)>& on_article,
         const std::function<void(const Status&)>& on_error, ReadStats* stats)
      : options_(options), on_article_(on_article), on_error_(on_error), stats_(stats) {}

  Status Path(const std::string& path) {
    if (path == "-") return Stdin();
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) return Error(Status::NotFound(path + ": no such file or directory"));
    if (fs::is_directory(st)) return Directory(path);
    return File(path, IsJsonl(path));
  }

 private:
  Status Error(Status s) {
    ++stats_->errors;
    on_error_(s);
    return Status::OK();
  }

  Status Deliver(Article&& a) {
    ++stats_->articles;
    stats_->bytes += a.text.size();
    return on_article_(std::move(a));
  }

  Status Directory(const std::string& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    // A walk reads the tree's own files: a link to a file outside it is not
    // followed, and a dangling link or a FIFO, socket or device with an
    // article's name is reported, not skipped silently (nor opened: a FIFO
    // would block). Links to directories are not followed.
    const fs::path root = fs::weakly_canonical(dir, ec);
    std::vector<Status> passed_over;
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!IsArticleFile(it->path())) continue;
      std::error_code own;
      fs::file_status st = it->symlink_status(own);
      std::string path = it->path().string();
      if (fs::is_symlink(st)) {
        fs::path target = fs::canonical(it->path(), own);
        if (own) {
          passed_over.push_back(Status::NotFound(path + ": a symbolic link to nothing, skipped"));
          continue;
        }
        auto [end, _] = std::mismatch(root.begin(), root.end(), target.begin(), target.end());
        if (end != root.end()) {
          passed_over.push_back(Status::InvalidArgument(path + ": a symbolic link out of " + dir + " (to " +
                                                        target.string() + "), not followed"));
          continue;
        }
        st = fs::status(target, own);
      }
      if (fs::is_regular_file(st)) files.push_back(it->path());
      else if (!fs::is_directory(st))
        passed_over.push_back(Status::InvalidArgument(path + ": not a regular file (a FIFO, socket or device), skipped"));
    }
    if (ec) return Error(Status::IOError(dir + ": " + ec.message()));
    for (Status& s : passed_over) (void)Error(std::move(s));
    std::sort(files.begin(), files.end());
    if (files.empty()) return Error(Status::NotFound(dir + ": no .txt or .jsonl files below this directory"));
    for (const fs::path& f : files) NG_RETURN_IF_ERROR(File(f.string(), IsJsonl(f)));
    return Status::OK();
  }

  Status File(const std::string& path, bool jsonl) {
    if (jsonl) {
      // A JSONL file holds many articles: each line has the limit, not the
      // file, which streams through a buffer of about one line.
      LineReader in(path, options_.max_article_bytes);
      return Jsonl(in, false);
    }
    std::string data;
    Status read = ReadWholeFile(path, options_.max_article_bytes, "article", &data);
    if (!read.ok()) return Error(read);
    return Text(std::move(data), path);
  }

  // Standard input: JSONL when its first non-blank byte is '{', else one
  // text article (within the article limit).
  Status Stdin() {
    LineReader in("-", options_.max_article_bytes);
    std::string text;
    bool blank_so_far = true;
    while (in.Next()) {
      if (in.too_long()) return Error(TooLargeForArticle(in.name()));
      std::string_view line = in.line();
      size_t first = DropByteOrderMark(line).find_first_not_of(" \t\r");
      if (first != std::string_view::npos) first += line.size() - DropByteOrderMark(line).size();
      if (blank_so_far && first != std::string_view::npos && line[first] == '{') return Jsonl(in, true);
      blank_so_far = blank_so_far && first == std::string_view::npos;
      if (text.size() + line.size() + 1 > options_.max_article_bytes) return Error(TooLargeForArticle(in.name()));
      text.append(line);
      if (in.had_newline()) text.push_back('\n');
    }
    if (!in.status().ok()) return Error(in.status());
    return Text(std::move(text), in.name());
  }

  Status TooLargeForArticle(const std::string& origin) const {
    return Status::LimitExceeded(origin + ": larger than the article limit of " +
                                 std::to_string(options_.max_article_bytes >> 20) + " MiB");
  }

  Status Text(std::string data, const std::string& origin) {
    data.erase(0, data.size() - DropByteOrderMark(data).size());
    if (data.find_first_not_of(" \t\r\n") == std::string::npos)
      return Error(Status::InvalidArgument(origin + ": empty file, no article in it"));
    Status ok = CheckArticleText(data, origin);
    if (!ok.ok()) return Error(ok);
    return Deliver(TextArticle(std::move(data), origin));
  }

  // One article a line; `in` stands on its first line when `current`.
  Status Jsonl(LineReader& in, bool current) {
    size_t found = 0;
    while (current || in.Next()) {
      current = false;
      if (in.too_long()) {
        ++found;
        (void)Error(in.TooLong("article"));
        continue;
      }
      std::string_view line = in.line();
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      ++found;
      std::string origin = in.where();
      Result<Article> a = ParseJsonArticle(line, origin);
      if (!a.ok()) {
        (void)Error(a.status());
        continue;
      }
      NG_RETURN_IF_ERROR(Deliver(std::move(a).value()));
    }
    if (!in.status().ok()) return Error(in.status());
    if (found == 0) return Error(Status::InvalidArgument(in.name() + ": empty file, no article in it"));
    return Status::OK();
  }

  const ReadOptions& options_;
  const std::function<Status(Article&&)>& on_article_;
  const std::function<void(const Status&)>& on_error_;
  ReadStats* stats_;
};

}  // namespace

Status CheckArticleText(std::string_view text, const std::string& origin) {
  if (LooksBinary(text)) return Status::InvalidArgument(origin + ": binary file, not text");
  size_t bad = FindInvalidUtf8(text);
  if (bad != text.size()) {
    size_t line_start = text.rfind('\n', bad == 0 ? 0 : bad - 1);
    size_t column = bad - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    return Status::InvalidArgument(origin + ":" + std::to_string(LineOf(text, bad)) + ":" + std::to_string(column) +
                                   ": invalid UTF-8 (byte offset " + std::to_string(bad) + ")");
  }
  return Status::OK();
}

Result<Article> ParseJsonArticle(std::string_view line, const std::string& origin) {
  line = DropByteOrderMark(line);
  size_t bad = FindInvalidUtf8(line);
  if (bad != line.size())
    return Status::InvalidArgument(origin + ":" + std::to_string(bad + 1) + ": invalid UTF-8");
  rapidjson::Document doc;
  size_t stop = 0;
  Status parsed = ParseJson<rapidjson::kParseStopWhenDoneFlag>(line, &doc, &stop);
  if (!parsed.ok()) return parsed.WithContext(origin + ":" + std::to_string(stop + 1));
  if (!doc.IsObject()) return Status::InvalidArgument(origin + ": expected a JSON object");
  Article a;
  a.origin = origin;
  auto field = [&](const char* name, std::string* out, bool required) -> Status {
    auto it = doc.FindMember(name);
    if (it == doc.MemberEnd() || it->value.IsNull()) {
      if (required) return Status::InvalidArgument(origin + ": missing field \"" + name + "\"");
      return Status::OK();
    }
    // An integer id, title, date or source is read as its digits; the text
    // must be a string ("text": 123 is refused, not stored as "123").
    if (it->value.IsString()) *out = std::string(it->value.GetString(), it->value.GetStringLength());
    else if (it->value.IsInt64() && out != &a.text) *out = std::to_string(it->value.GetInt64());
    else return Status::InvalidArgument(origin + ": field \"" + name + "\" must be a string");
    return Status::OK();
  };
  NG_RETURN_IF_ERROR(field("text", &a.text, true));
  NG_RETURN_IF_ERROR(field("id", &a.id, false));
  NG_RETURN_IF_ERROR(field("title", &a.title, false));
  NG_RETURN_IF_ERROR(field("date", &a.date, false));
  NG_RETURN_IF_ERROR(field("source", &a.source, false));
  if (a.id.empty()) a.id = origin;
  if (a.text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::InvalidArgument(origin + ": field \"text\" is empty");
  NG_RETURN_IF_ERROR(CheckArticleText(a.text, origin));
  return a;
}

Status ReadArticles(const std::vector<std::string>& paths, const ReadOptions& options,
                    const std::function<Status(Article&&)>& on_article,
                    const std::function<void(const Status&)>& on_error, ReadStats* stats) {
  Reader reader(options, on_article, on_error, stats);
  for (const std::string& p : paths) NG_RETURN_IF_ERROR(reader.Path(p));
  return Status::OK();
}

}  // namespace newsgraph
