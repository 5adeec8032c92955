#include "export/render.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>

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
}  // namespace

Status RenderDot(const std::string& dot_text, const std::string& format, const std::string& out_path) {
  if (format != "svg" && format != "png" && format != "pdf")
    return Status::InvalidArgument("cannot render format '" + format + "' (use svg, png or pdf)");
  if (std::system("command -v dot >/dev/null 2>&1") != 0)
    return Status::NotFound("Graphviz's `dot` is not installed, so " + format +
                            " cannot be rendered. Install it (Debian/Ubuntu: apt-get install graphviz; macOS: brew "
                            "install graphviz), or export --format dot and render elsewhere.");
  std::string cmd = "dot -T" + format + " -o " + ShellQuote(out_path);
  FILE* pipe = ::popen(cmd.c_str(), "w");
  if (!pipe) return Status::IOError("cannot run: " + cmd);
  size_t written = std::fwrite(dot_text.data(), 1, dot_text.size(), pipe);
  int rc = ::pclose(pipe);
  if (written != dot_text.size() || rc != 0)
    return Status::IOError("`" + cmd + "` failed (exit status " + std::to_string(WEXITSTATUS(rc)) + ")");
  return Status::OK();
}

}  // namespace newsgraph
