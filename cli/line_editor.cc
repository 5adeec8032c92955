// readline's callback interface, so that Ctrl-C can end a read without
// ending the process: the SIGINT handler only sets a flag and wakes the
// select() waiting for input, which then discards the line.

#include "cli/line_editor.h"

#include <readline/history.h>
#include <readline/readline.h>
#include <fcntl.h>
#include <sys/select.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "base/ascii.h"

namespace newsgraph {

namespace {

// SIGINT goes to any thread of the process (RocksDB has some), so it cannot
// be relied on to interrupt the main thread's select(): the handler also
// writes a byte to a pipe that select() watches (the self-pipe trick).
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set in a signal handler");
int g_wake[2] = {-1, -1};
void OnInterrupt(int) {
  g_interrupted.store(true);
  int saved = errno;
  ssize_t ignored = write(g_wake[1], "!", 1);
  (void)ignored;  // a full pipe already holds a wake-up
  errno = saved;
}

// readline's callbacks are C functions without a context pointer.
const CompletionWords* g_words = nullptr;
const std::vector<std::string>* g_candidates = nullptr;  // for the current completion
std::string* g_line = nullptr;
bool g_got_line = false, g_end = false;

void OnLine(char* line) {
  g_got_line = true;
  if (!line) {
    g_end = true;
    return;
  }
  *g_line = line;
  std::free(line);
  rl_callback_handler_remove();  // no prompt until the next Read
}

char* Generate(const char* text, int state) {
  static size_t index;
  if (state == 0) index = 0;
  size_t n = std::strlen(text);
  while (g_candidates && index < g_candidates->size()) {
    const std::string& w = (*g_candidates)[index++];
    if (w.size() >= n && EqualsIgnoreCase(std::string_view(w).substr(0, n), text)) return strdup(w.c_str());
  }
  return nullptr;
}

char** Complete(const char* text, int start, int) {
  rl_attempted_completion_over = 1;  // no file-name completion
  switch (CompletionContextAt(rl_line_buffer, static_cast<size_t>(start))) {
    case CompletionContext::kLabel: g_candidates = &g_words->labels; break;
    case CompletionContext::kType: g_candidates = &g_words->types; break;
    case CompletionContext::kAny: g_candidates = nullptr; break;
    case CompletionContext::kCommand: {  // ':' breaks words: complete what follows it
      static std::vector<std::string> commands;
      commands.clear();
      for (const std::string& w : g_words->other)
        if (w.size() > 1 && w[0] == ':') commands.push_back(w.substr(1));
      g_candidates = &commands;
      break;
    }
  }
  if (g_candidates) return rl_completion_matches(text, Generate);
  // Everywhere else every word applies: go through the three lists.
  static std::vector<std::string> all;
  all = g_words->other;
  all.insert(all.end(), g_words->labels.begin(), g_words->labels.end());
  all.insert(all.end(), g_words->types.begin(), g_words->types.end());
  g_candidates = &all;
  return rl_completion_matches(text, Generate);
}

}  // namespace

CompletionContext CompletionContextAt(const std::string& line, size_t start) {
  if (start == 0 || start > line.size()) return CompletionContext::kAny;
  if (start == 1 && line[0] == ':') return CompletionContext::kCommand;
  char before = line[start - 1];
  if (before != ':' && before != '|') return CompletionContext::kAny;
  // Back over "n:A:" or "r:A|" to the bracket that opens the pattern.
  size_t i = start - 1;
  while (i > 0) {
    char c = line[i - 1];
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ' || c == ':' || c == '|' || c == '`') --i;
    else break;
  }
  if (i == 0) return CompletionContext::kAny;
  if (line[i - 1] == '[') return CompletionContext::kType;
  if (line[i - 1] == '(' && before == ':') return CompletionContext::kLabel;
  return CompletionContext::kAny;
}

LineEditor::LineEditor(const CompletionWords* words, std::string history_file)
    : history_file_(std::move(history_file)) {
  g_words = words;
  rl_attempted_completion_function = Complete;
  rl_basic_word_break_characters = const_cast<char*>(" \t\n(){}[],.:;=<>-|");
  // The common prefix of "Provider" and "PROVIDES_.." is "PROVIDE", not "P".
  rl_variable_bind("completion-ignore-case", "on");
  rl_catch_signals = 0;  // Ctrl-C is ours (OnInterrupt)
  if (g_wake[0] < 0 && pipe(g_wake) == 0) {
    for (int fd : g_wake) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: select() returns EINTR
  sigaction(SIGINT, &action, nullptr);
  if (!history_file_.empty()) {
    std::error_code ec;
    if (std::filesystem::exists(history_file_, ec)) read_history(history_file_.c_str());
    else write_history(history_file_.c_str());  // append_history needs the file to exist
  }
}

LineEditor::~LineEditor() {
  if (!history_file_.empty()) history_truncate_file(history_file_.c_str(), 2000);
  signal(SIGINT, SIG_DFL);
  g_words = nullptr;
}

LineEditor::Outcome LineEditor::Read(const char* prompt, std::string* line) {
  line->clear();
  g_line = line;
  g_got_line = g_end = false;
  // A Ctrl-C from before this read (during a query) is not for this line.
  char drained[64];
  while (read(g_wake[0], drained, sizeof drained) > 0) {
  }
  g_interrupted.store(false);
  rl_callback_handler_install(prompt, OnLine);
  Outcome outcome = Outcome::kLine;
  int input = fileno(rl_instream);
  while (!g_got_line) {
    fd_set in;
    FD_ZERO(&in);
    FD_SET(input, &in);
    FD_SET(g_wake[0], &in);
    int ready = select(std::max(input, g_wake[0]) + 1, &in, nullptr, nullptr, nullptr);
    if (ready < 0 && errno != EINTR) {  // the terminal is gone: as at its end
      g_end = true;
      break;
    }
    if (g_interrupted.load()) {
      g_interrupted.store(false);
      // Drop what was typed and start a fresh prompt, as a shell does.
      rl_free_line_state();
      rl_callback_sigcleanup();
      rl_replace_line("", 0);
      rl_callback_handler_remove();
      std::fputs("^C\n", rl_outstream);
      std::fflush(rl_outstream);
      outcome = Outcome::kInterrupted;
      break;
    }
    if (ready > 0 && FD_ISSET(input, &in)) rl_callback_read_char();
  }
  g_line = nullptr;
  if (g_end) {
    rl_callback_handler_remove();
    outcome = Outcome::kEnd;
  }
  return outcome;
}

void LineEditor::AddHistory(const std::string& entry) {
  add_history(entry.c_str());
  if (!history_file_.empty()) append_history(1, history_file_.c_str());
}

const std::atomic<bool>* LineEditor::InterruptFlag() const { return &g_interrupted; }

bool LineEditor::TakeInterrupt() { return g_interrupted.exchange(false); }

}  // namespace newsgraph
