// ReadImportFiles: reads the files whole, checks their encoding, tells the
// formats apart and hands them to the readers.

#include <algorithm>
#include <filesystem>

#include "base/file.h"
#include "base/utf8.h"
#include "graph/bulk_loader.h"
#include "import/import.h"
#include "import/readers.h"

namespace newsgraph {

namespace fs = std::filesystem;

Result<ImportFormat> ParseImportFormat(const std::string& name) {
  if (name == "auto" || name.empty()) return ImportFormat::kAuto;
  if (name == "json") return ImportFormat::kJson;
  if (name == "neo4j-csv") return ImportFormat::kNeo4jCsv;
  return Status::InvalidArgument("unknown import format '" + name + "' (use json or neo4j-csv)");
}

Result<IdType> ParseIdType(const std::string& name) {
  if (name == "string" || name.empty()) return IdType::kString;
  if (name == "integer") return IdType::kInteger;
  return Status::InvalidArgument("unknown id type '" + name + "' (use string or integer)");
}

std::string Position(const InputFile& file, size_t offset) {
  offset = std::min(offset, file.data.size());
  size_t line = 1 + static_cast<size_t>(std::count(file.data.begin(), file.data.begin() + offset, '\n'));
  size_t line_start = file.data.rfind('\n', offset == 0 ? 0 : offset - 1);
  size_t column = line_start == std::string::npos || offset == 0 ? offset + 1 : offset - line_start;
  return file.path + ":" + std::to_string(line) + ":" + std::to_string(column);
}

namespace {

// A directory stands for the .csv and .json files in it, sorted.
Status ExpandPaths(const std::vector<std::string>& paths, std::vector<std::string>* out) {
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      out->push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(p, ec)) {
      std::string ext = entry.path().extension().string();
      if (entry.is_regular_file(ec) && (ext == ".csv" || ext == ".json")) found.push_back(entry.path().string());
    }
    if (found.empty()) return Status::InvalidArgument(p + ": a directory without .csv or .json files");
    std::sort(found.begin(), found.end());
    out->insert(out->end(), found.begin(), found.end());
  }
  return Status::OK();
}

Status Load(const std::string& path, InputFile* file) {
  file->path = path;
  NG_RETURN_IF_ERROR(ReadWholeFile(path, SIZE_MAX, "import file", &file->data));
  file->data.erase(0, file->data.size() - DropByteOrderMark(file->data).size());
  size_t bad = FindInvalidUtf8(file->data);
  if (bad != file->data.size())
    return Status::InvalidArgument(Position(*file, bad) + ": invalid UTF-8 (byte " + std::to_string(bad) +
                                   "); convert the file to UTF-8 first (e.g. iconv -f latin1 -t utf-8)");
  return Status::OK();
}

bool LooksLikeJson(const std::string& data) {
  size_t first = data.find_first_not_of(" \t\r\n");
  return first != std::string::npos && data[first] == '{';
}

}  // namespace

Status ReadImportFiles(const std::vector<std::string>& paths, const ImportReaderOptions& options, BulkLoader* loader,
                       ImportStats* stats) {
  if (options.array_delimiter == options.delimiter)
    return Status::InvalidArgument("the array delimiter must differ from the field delimiter");
  std::vector<std::string> expanded;
  NG_RETURN_IF_ERROR(ExpandPaths(paths, &expanded));
  std::vector<InputFile> csv;
  for (const std::string& path : expanded) {
    InputFile file;
    NG_RETURN_IF_ERROR(Load(path, &file));
    ++stats->files;
    stats->bytes += file.data.size();
    bool json = options.format == ImportFormat::kJson ||
                (options.format == ImportFormat::kAuto && LooksLikeJson(file.data));
    if (json) NG_RETURN_IF_ERROR(ReadJsonGraph(&file, loader, stats));
    else csv.push_back(std::move(file));
  }
  if (!csv.empty()) NG_RETURN_IF_ERROR(ReadNeo4jCsv(&csv, options, loader, stats));
  return Status::OK();
}

}  // namespace newsgraph
