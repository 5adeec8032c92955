#include "export/render.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace newsgraph {

namespace {

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

// A new empty file in the temporary directory, removed when this goes away.
class TempFile {
 public:
  TempFile() {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    path_ = (ec ? std::filesystem::path("/tmp") : dir) / "newsgraph-dot-XXXXXX";
    int fd = ::mkstemp(path_.data());
    if (fd < 0) path_.clear();
    else ::close(fd);
  }
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;  // owns the file
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }  // empty when none could be made

 private:
  std::string path_;
};

}  // namespace

bool IsScalingWarning(const std::string& line) { return line.find("Scaling by") != std::string::npos; }

Status RenderDot(const std::string& dot_text, const std::string& format, const std::string& out_path,
                 std::vector<std::string>* warnings) {
  if (format != "svg" && format != "png" && format != "pdf")
    return Status::InvalidArgument("cannot render format '" + format + "' (use svg, png or pdf)");
  if (std::system("command -v dot >/dev/null 2>&1") != 0)
    return Status::NotFound("Graphviz's `dot` is not installed, so " + format +
                            " cannot be rendered. Install it (Debian/Ubuntu: apt-get install graphviz; macOS: brew "
                            "install graphviz), or export --format dot and render elsewhere.");
  TempFile err;
  if (err.path().empty()) return Status::IOError("cannot make a temporary file for Graphviz's messages");
  std::string cmd = "dot -T" + format + " -o " + ShellQuote(out_path);
  FILE* pipe = ::popen((cmd + " 2> " + ShellQuote(err.path())).c_str(), "w");
  if (!pipe) return Status::IOError("cannot run: " + cmd);
  size_t written = std::fwrite(dot_text.data(), 1, dot_text.size(), pipe);
  int rc = ::pclose(pipe);
  std::vector<std::string> lines;
  std::ifstream in(err.path());
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  if (warnings) *warnings = lines;
  if (written != dot_text.size() || rc != 0) {
    std::string said;
    for (const std::string& line : lines) said += "\n  " + line;
    return Status::IOError("`" + cmd + "` failed (exit status " + std::to_string(WEXITSTATUS(rc)) + ")" + said);
  }
  return Status::OK();
}

}  // namespace newsgraph
