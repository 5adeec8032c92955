// The REPL's terminal side (GNU readline): reading a line with editing,
// history and completion, and what Ctrl-C does. Only for a terminal; piped
// input is read without it.
#ifndef NEWSGRAPH_CLI_LINE_EDITOR_H_
#define NEWSGRAPH_CLI_LINE_EDITOR_H_

#include <atomic>
#include <string>
#include <vector>

namespace newsgraph {

// What completion offers. Labels are offered after ':' in a node pattern
// ("(:Comp", "(n:Comp"), relationship types after ':' or '|' in a
// relationship pattern ("[:PROV", "[r:A|B"), everything elsewhere. Matching
// ignores case and completes to the word's own spelling.
struct CompletionWords {
  std::vector<std::string> labels;
  std::vector<std::string> types;
  std::vector<std::string> other;  // keywords, functions, ':' commands, quoted names
};

// Which words apply to the word that starts at `start` in `line`
// (kCommand: the name of a ':' command, right after the line's ':').
enum class CompletionContext { kAny, kLabel, kType, kCommand };
CompletionContext CompletionContextAt(const std::string& line, size_t start);

// One per process (readline is global state): construct it on a terminal
// only. While it lives, Ctrl-C (SIGINT) does not end the process: at the
// prompt it discards the line being typed (Read returns kInterrupted),
// and while a query runs it is recorded for TakeInterrupt(). Each line
// passed to AddHistory is appended to the history file at once, so a
// session killed later keeps it; the file is cut to its last 2000 entries
// on destruction.
class LineEditor {
 public:
  // `words` must outlive the editor. `history_file` may be "" (none).
  LineEditor(const CompletionWords* words, std::string history_file);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;  // owns the process's readline state
  LineEditor& operator=(const LineEditor&) = delete;

  enum class Outcome { kLine, kInterrupted, kEnd };
  // Shows `prompt` and reads one line into *line (kLine); kInterrupted on
  // Ctrl-C (the typed text is dropped), kEnd on Ctrl-D or a closed input.
  Outcome Read(const char* prompt, std::string* line);

  void AddHistory(const std::string& entry);

  // Whether Ctrl-C was pressed since the last call (or the last Read).
  bool TakeInterrupt();
  // The flag Ctrl-C sets, for a running query to watch (QueryLimits::cancel).
  const std::atomic<bool>* InterruptFlag() const;

 private:
  std::string history_file_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_CLI_LINE_EDITOR_H_
