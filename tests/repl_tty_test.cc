// The REPL on a terminal (a pseudo-terminal): Ctrl-C, history, completion.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::RunCli;
using testing::TempDir;

// `newsgraph ARGS` with a pseudo-terminal as its stdin and stdout.
class Terminal {
 public:
  // `rows`: the window's height (0: unknown); `pager`: $PAGER, if set.
  Terminal(const std::string& args, const std::string& history, unsigned short rows = 0,
           const char* pager = nullptr) {
    winsize window{};
    window.ws_row = rows;
    window.ws_col = 80;
    pid_ = forkpty(&fd_, nullptr, nullptr, &window);
    if (pid_ == 0) {
      if (pager) setenv("PAGER", pager, 1);
      setenv("NEWSGRAPH_HISTORY", history.c_str(), 1);
      setenv("TERM", "dumb", 1);
      setenv("INPUTRC", "/dev/null", 1);
      std::string cmd = "exec " + std::string(NEWSGRAPH_BINARY) + " " + args;
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Terminal() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }

  void Send(const std::string& keys) { REQUIRE(write(fd_, keys.data(), keys.size()) == static_cast<ssize_t>(keys.size())); }

  // Reads until `text` appears in what was written since the last Expect
  // (which then starts after it); false after `seconds`.
  bool Expect(const std::string& text, double seconds = 10) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (true) {
      size_t at = seen_.find(text, mark_);
      if (at != std::string::npos) {
        mark_ = at + text.size();
        return true;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) return false;  // the process ended
      seen_.append(buf, static_cast<size_t>(n));
    }
  }

  // Whether the process is still running.
  bool Alive() {
    if (exited_) return false;
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) exited_ = true;
    return !exited_;
  }

  const std::string& seen() const { return seen_; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  bool exited_ = false;
  std::string seen_;
  size_t mark_ = 0;
};

TEST_CASE("the REPL on a terminal: Ctrl-C keeps the session, history is written as you go", "[cli][repl][tty]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), history = dir.Sub("history"), out, err;
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  Terminal t("repl --db " + db + " --max-memory 0 --max-rows 1000000000 --timeout 30", history);
  REQUIRE(t.Expect("newsgraph> "));

  // Ctrl-C at the prompt, mid-line and in a statement's second line: the
  // text typed is dropped, the session stays.
  t.Send("\x03");
  REQUIRE(t.Expect("newsgraph> "));
  // Each ^C is sent once the line editor has echoed what came before it
  // (under load, keys sent together can reach it as one read).
  t.Send("MATCH (n RETURN n");
  REQUIRE(t.Expect("MATCH (n RETURN n"));
  t.Send("\x03");
  REQUIRE(t.Expect("^C"));
  REQUIRE(t.Expect("newsgraph> "));
  t.Send("MATCH (n\r");
  REQUIRE(t.Expect("...> "));
  t.Send("\x03");
  REQUIRE(t.Expect("newsgraph> "));
  t.Send("RETURN 1 AS one;\r");  // answers: the unfinished "MATCH (n" was dropped
  REQUIRE(t.Expect("| one |"));
  REQUIRE(t.Expect("newsgraph> "));
  CHECK_THAT(t.seen(), !Catch::Contains("syntax error"));
  REQUIRE(t.Alive());

  // History is in the file while the session goes on; dropped text is not.
  std::string written = testing::ReadFileOrDie(history);
  REQUIRE_THAT(written, Catch::Contains("RETURN 1 AS one;"));
  REQUIRE_THAT(written, !Catch::Contains("MATCH (n"));

  // :param as cypher-shell writes it.
  t.Send(":param who => 'Microsoft'\r");
  REQUIRE(t.Expect("newsgraph> "));
  t.Send("RETURN $who AS who;\r");
  REQUIRE(t.Expect("| Microsoft |"));
  REQUIRE(t.Expect("newsgraph> "));

  // Ctrl-C during a query stops it; the session stays and the next query answers.
  t.Send("UNWIND range(1, 20000000) AS x WITH x WHERE x % 7 = 0 RETURN count(x) AS slow;\r");
  usleep(300 * 1000);
  t.Send("\x03");
  REQUIRE(t.Expect("interrupted", 40));
  REQUIRE(t.Expect("newsgraph> "));
  REQUIRE(t.Alive());
  t.Send("RETURN 2 AS two;\r");
  REQUIRE(t.Expect("| two |"));
  // On a terminal a long result shows its first and last rows.
  t.Send("UNWIND range(1, 50) AS x RETURN x;\r");
  REQUIRE(t.Expect("50 rows (20 shown; :max_rows 0 shows all)"));
  CHECK_THAT(t.seen(), !Catch::Contains("| 25 "));
  t.Send("\x04");  // Ctrl-D leaves
}

TEST_CASE("the REPL completes labels and relationship types by context, ignoring case", "[cli][repl][tty]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  Terminal t("repl --db " + db, dir.Sub("history"));
  REQUIRE(t.Expect("newsgraph> "));
  t.Send("MATCH (a)-[:prov\t");
  REQUIRE(t.Expect("PROVIDES_SERVICES_TO", 5));
  t.Send("]->(c:compa\t");
  REQUIRE(t.Expect("Company", 5));
  t.Send(") RETURN count(*) AS n;\r");
  REQUIRE(t.Expect("| n "));
  REQUIRE(t.Expect("newsgraph> "));
  // "prov" is both the label Provider and the type PROVIDES_SERVICES_TO:
  // the context decides (cutting both to "P" lost what was typed).
  t.Send("MATCH (p:prov\t");
  REQUIRE(t.Expect("Provider", 5));
  t.Send(") RETURN count(*) AS providers;\r");
  REQUIRE(t.Expect("| providers "));
  t.Send(":fi\t");  // commands complete too
  REQUIRE(t.Expect(":find", 5));
  t.Send(" hikvison\r");
  REQUIRE(t.Expect("| Hikvision "));
  CHECK_THAT(t.seen(), !Catch::Contains("error"));
  t.Send("\x04");
}

TEST_CASE("on a terminal a result taller than the window goes through $PAGER; :pager off prints it", "[cli][repl][tty]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  REQUIRE(RunCli("ingest -q --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  Terminal t("repl --db " + db, dir.Sub("history"), 10, "sed 's/^/paged: /'");
  REQUIRE(t.Expect("newsgraph> "));
  t.Send("RETURN 1 AS short;\r");  // fits the window: printed as it is
  REQUIRE(t.Expect("| short |"));
  REQUIRE(t.Expect("newsgraph> "));
  t.Send("UNWIND range(1, 30) AS x RETURN x AS tall;\r");
  REQUIRE(t.Expect("paged: | tall |"));
  REQUIRE(t.Expect("newsgraph> "));
  t.Send(":pager off\r");
  REQUIRE(t.Expect("newsgraph> "));
  t.Send("UNWIND range(1, 30) AS x RETURN x AS plain;\r");
  REQUIRE(t.Expect("| plain |"));
  REQUIRE(t.Expect("newsgraph> "));
  CHECK_THAT(t.seen(), !Catch::Contains("paged: | short"));
  CHECK_THAT(t.seen(), !Catch::Contains("paged: | plain"));
  REQUIRE(t.Alive());
  t.Send("\x04");
  // A pager that is not installed: the result is printed all the same.
  Terminal missing("repl --db " + db, dir.Sub("history2"), 10, "no-such-pager-here");
  REQUIRE(missing.Expect("newsgraph> "));
  missing.Send("UNWIND range(1, 30) AS x RETURN x AS tall;\r");
  REQUIRE(missing.Expect("| tall |"));
  REQUIRE(missing.Expect("newsgraph> "));
  missing.Send("\x04");
}

}  // namespace
}  // namespace newsgraph
