// The REPL: line editing and history (readline) on a terminal, plain line
// reading from a pipe. Queries end with ';' and may span lines; commands
// start with ':' and take one line.

#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/line_editor.h"
#include "export/dot.h"
#include "export/subgraph.h"
#include "graph/graph.h"
#include "query/format.h"

namespace newsgraph {

namespace {

const char kHelp[] =
    "Type a query ending with ';' (it may span lines), or a command:\n"
    "(a query that writes, CREATE/MERGE/SET/REMOVE/DELETE, takes the writer lock while it runs)\n"
    "  :help                  this text\n"
    "  :schema                labels and relationship types in the graph\n"
    "  :stats                 counts and size on disk\n"
    "  :param NAME => VALUE   set $NAME for later queries (also NAME VALUE; :params lists them)\n"
    "  :format table|json|csv how results are printed\n"
    "  :max_rows N            tables show at most N rows, the first and last (0: all; 20 on a terminal)\n"
    "  :max_width N           table cells cut to N characters (0: whole; 60 on a terminal)\n"
    "  :pager on|off          results taller than the terminal through $PAGER (default less -FRSX; on)\n"
    "  :export dot FILE       write the last result as GraphViz DOT\n"
    "  :why                   the statements behind the last result's relationships\n"
    "  :find TEXT             names and aliases like TEXT, ranked (each word fuzzy unless it has ~ or *)\n"
    "  :quit                  leave (also Ctrl-D)\n"
    "Example:\n"
    "  MATCH (p)-[:PROVIDES_SERVICES_TO]->(c {name:'Hikvision'}) RETURN p.name ORDER BY p.name;\n";

// The argument of :param: "NAME VALUE", or as cypher-shell and Neo4j
// Browser write it, "NAME => VALUE" and "NAME: VALUE".
Result<std::pair<std::string, Value>> ParseParamCommand(const std::string& rest) {
  size_t end = 0;
  while (end < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[end])) || rest[end] == '_')) ++end;
  size_t value = rest.find_first_not_of(" \t", end);
  if (value != std::string::npos && rest.compare(value, 2, "=>") == 0) value += 2;
  else if (value != std::string::npos && (rest[value] == ':' || rest[value] == '=')) value += 1;
  else if (value == end) value = std::string::npos;  // "who'x'": no separator
  if (value != std::string::npos) value = rest.find_first_not_of(" \t", value);
  if (end == 0 || value == std::string::npos)
    return Status::InvalidArgument("usage: :param NAME VALUE (or NAME => VALUE, as in cypher-shell)");
  return ParseParam(rest.substr(0, end) + "=" + rest.substr(value));
}

std::string HistoryPath() {
  if (const char* env = std::getenv("NEWSGRAPH_HISTORY")) return env;
  if (const char* home = std::getenv("HOME")) return std::string(home) + "/.newsgraph_history";
  return "";
}

CompletionWords CollectCompletionWords(const Graph& graph) {
  CompletionWords out;
  out.other = {"MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "ORDER", "BY", "SKIP",
               "LIMIT", "DISTINCT", "AND", "OR", "NOT", "XOR", "IN", "STARTS", "ENDS", "CONTAINS",
               "IS", "NULL", "AS", "ASC", "DESC", "EXPLAIN", "PROFILE", "UNION", "shortestPath",
               "allShortestPaths", "count", "collect", "labels", "type", "length", "nodes",
               "relationships", "properties", "toLower", "toUpper", "size", "coalesce", ":help",
               ":schema", ":stats", ":param", ":params", ":format", ":max_rows", ":max_width", ":pager", ":export", ":why", ":find", ":quit"};
  Status s = graph.Labels(&out.labels);
  if (s.ok()) s = graph.EdgeTypes(&out.types);
  // Entity names, quoted as a user types them inside a property map.
  std::set<std::string> names;
  size_t budget = 100000;
  if (s.ok()) {
    s = graph.ScanNodes("", [&](NodeId id) {
      auto node = graph.GetNode(id);
      if (node.ok() && !std::binary_search(node->labels.begin(), node->labels.end(), std::string("Article"))) {
        if (const std::string* name = StringProperty(node.value(), "name")) names.insert("'" + *name + "'");
      }
      return --budget > 0;
    });
  }
  (void)s;  // completion is a convenience: a failed read leaves fewer words
  out.other.insert(out.other.end(), names.begin(), names.end());
  return out;
}

class Repl {
 public:
  Repl(std::unique_ptr<Graph> graph, const QueryOptions& options, OutputFormat format, Params params)
      : graph_(std::move(graph)), options_(options), limits_(options.limits), format_(format), params_(std::move(params)) {}

  // Returns the process exit code.
  int Run() {
    bool tty = ::isatty(0) && ::isatty(1);
    CompletionWords words;
    std::unique_ptr<LineEditor> editor;
    if (tty) {
      words = CollectCompletionWords(*graph_);
      editor = std::make_unique<LineEditor>(&words, HistoryPath());
      std::cout << "newsgraph " << graph_->dir() << " (read-only snapshot; a writing query takes the writer lock while it runs). Type :help for help, :quit to leave; Ctrl-C clears the line.\n";
    }
    editor_ = editor.get();
    std::string buffer;
    while (true) {
      std::string line;
      if (tty) {
        LineEditor::Outcome read = editor->Read(buffer.empty() ? "newsgraph> " : "      ...> ", &line);
        if (read == LineEditor::Outcome::kEnd) {
          std::cout << "\n";
          break;
        }
        if (read == LineEditor::Outcome::kInterrupted) {  // drop the statement being typed
          buffer.clear();
          continue;
        }
      } else if (!std::getline(std::cin, line)) {
        break;
      }
      std::string trimmed = Trim(line);
      if (buffer.empty() && trimmed.empty()) continue;
      if (buffer.empty() && trimmed[0] == ':') {
        if (tty) editor->AddHistory(trimmed);
        if (!Command(trimmed)) break;
        continue;
      }
      buffer += (buffer.empty() ? "" : "\n") + line;
      // Run every complete statement in the buffer.
      size_t semi;
      while ((semi = StatementEnd(buffer)) != std::string::npos) {
        std::string statement = Trim(buffer.substr(0, semi));
        buffer = Trim(buffer.substr(semi + 1));
        if (statement.empty()) continue;
        if (tty) editor->AddHistory(statement + ";");
        Execute(statement);
      }
    }
    if (!Trim(buffer).empty()) Execute(Trim(buffer));  // piped input may omit the last ';'
    editor_ = nullptr;
    return failed_ ? kExitError : kExitOk;
  }

 private:
  static std::string Trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
  }

  // Position of the first ';' outside quotes, or npos.
  static size_t StatementEnd(const std::string& s) {
    char quote = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (quote) {
        if (c == '\\') ++i;
        else if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == ';') {
        return i;
      }
    }
    return std::string::npos;
  }

  void Fail(const Status& s) {
    failed_ = true;
    std::cerr << "error: " << s.message() << "\n";
  }

  void Execute(const std::string& statement) {
    auto start = std::chrono::steady_clock::now();
    // Ctrl-C while the query runs stops it (a write then writes nothing)
    // and keeps the session.
    if (editor_) {
      editor_->TakeInterrupt();
      limits_.cancel = editor_->InterruptFlag();
    }
    Result<bool> writes = QueryWrites(statement);
    auto result = writes.ok() && writes.value() ? RunWrite(statement)
                                                 : RunQuery(static_cast<const Graph&>(*graph_), statement, params_, limits_);
    // Pressed after the last check: the result is dropped, unless it is a
    // write's, which is stored by then.
    bool interrupted = editor_ && editor_->TakeInterrupt();
    if (interrupted && result.ok() && !(writes.ok() && writes.value()))
      return Fail(Status::InvalidArgument("query interrupted (Ctrl-C)"));
    if (!result.ok()) return Fail(result.status());
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::cout.flush();
    PrintWarnings(result.value());
    Show(result.value());
    if (format_ == OutputFormat::kTable && ::isatty(1)) std::printf("(%.1f ms)\n", ms);
    std::cout.flush();
    last_ = std::move(result).value();
  }

  // A writing statement: the database opened as the writer for this one
  // query, then the read-only snapshot reopened so later queries see it.
  Result<QueryResult> RunWrite(const std::string& statement) {
    OpenOptions open = OpenOptions::Reader();
    open.read_only = false;
    Result<QueryResult> result = Status::Internal("unset");
    {
      auto writer = Graph::Open(options_.db, open);
      if (!writer.ok()) return writer.status();
      result = RunQuery(*writer.value(), statement, params_, limits_);
    }
    auto reader = Graph::Open(options_.db, OpenOptions::Reader());
    if (!reader.ok()) return reader.status();
    graph_ = std::move(reader).value();
    return result;
  }

  // Returns false to leave the REPL.
  bool Command(const std::string& line) {
    std::istringstream in(line);
    std::string cmd, arg1, arg2;
    in >> cmd >> arg1;
    std::getline(in, arg2);
    arg2 = Trim(arg2);
    if (cmd == ":quit" || cmd == ":exit" || cmd == ":q") return false;
    if (cmd == ":help") {
      std::cout << kHelp;
    } else if (cmd == ":schema") {
      std::vector<std::string> labels, types;
      Status s = graph_->Labels(&labels);
      if (s.ok()) s = graph_->EdgeTypes(&types);
      if (!s.ok()) {
        Fail(s);
        return true;
      }
      std::cout << "labels:";
      for (const std::string& l : labels) std::cout << " :" << l;
      std::cout << "\nrelationship types:";
      for (const std::string& t : types) std::cout << " :" << t;
      std::cout << "\n";
    } else if (cmd == ":stats") {
      auto st = graph_->Stats();
      if (!st.ok()) {
        Fail(st.status());
        return true;
      }
      std::cout << st->nodes << " nodes, " << st->edges << " relationships, " << (st->bytes_on_disk + 512) / 1024
                << " KiB on disk, " << st->near_duplicates << " near-duplicate articles\n";
    } else if (cmd == ":param") {
      auto kv = ParseParamCommand(Trim(line.substr(cmd.size())));
      if (!kv.ok()) Fail(kv.status());
      else params_[kv->first] = kv->second;
    } else if (cmd == ":params") {
      for (const auto& [k, v] : params_) std::cout << "$" << k << " = " << ToLiteral(v) << "\n";
    } else if (cmd == ":format") {
      auto f = ParseOutputFormat(arg1);
      if (!f.ok()) Fail(f.status());
      else format_ = f.value();
    } else if (cmd == ":pager") {
      if (arg1 != "on" && arg1 != "off") Fail(Status::InvalidArgument("usage: :pager on|off"));
      else pager_ = arg1 == "on";
    } else if (cmd == ":max_rows" || cmd == ":max_width") {
      // As in Kuzu's shell: a count, 0 for no limit.
      size_t n = 0;
      auto [end, ec] = std::from_chars(arg1.data(), arg1.data() + arg1.size(), n);
      if (arg1.empty() || ec != std::errc() || end != arg1.data() + arg1.size() || !arg2.empty())
        Fail(Status::InvalidArgument("usage: " + cmd + " N (a whole number; 0 for no limit)"));
      else (cmd == ":max_rows" ? table_.max_rows : table_.max_width) = n;
    } else if (cmd == ":export") {
      if (arg1 != "dot" || arg2.empty()) {
        Fail(Status::InvalidArgument("usage: :export dot FILE"));
        return true;
      }
      if (!last_) {
        Fail(Status::InvalidArgument("no result to export yet: run a query first"));
        return true;
      }
      auto sub = SubgraphOfResult(*graph_, *last_);
      if (!sub.ok()) {
        Fail(sub.status());
        return true;
      }
      std::ofstream out(arg2, std::ios::binary);
      WriteDot(sub.value(), out);
      if (!out) Fail(Status::IOError("cannot write " + arg2));
      else std::cout << "wrote " << arg2 << " (" << sub->nodes.size() << " nodes, " << sub->edges.size() << " relationships)\n";
    } else if (cmd == ":why") {
      Why();
    } else if (cmd == ":find") {
      Find(Trim(line.substr(cmd.size())));
    } else {
      Fail(Status::InvalidArgument("unknown command " + cmd + " (:help lists them)"));
    }
    return true;
  }

  // :find TEXT: the full-text procedure, each plain word made fuzzy
  // (`hikvison` searches `hikvison~`), the best 20 names with their labels.
  void Find(const std::string& text) {
    if (text.empty()) return Fail(Status::InvalidArgument("usage: :find TEXT (as in :find hikvison)"));
    std::string search;
    std::istringstream words(text);
    for (std::string w; words >> w;) {
      bool plain = w.find_first_of("~*\"") == std::string::npos && w != "AND" && w != "OR";
      search += (search.empty() ? "" : " ") + w + (plain ? "~" : "");
    }
    Params params = params_;
    params["__find"] = Value(search);
    auto result = RunQuery(*graph_,
                           "CALL db.index.fulltext.queryNodes('entity_names', $__find) YIELD node, score "
                           "RETURN node.name AS name, labels(node) AS labels, score LIMIT 20",
                           params, limits_);
    if (!result.ok()) return Fail(result.status());
    if (result->rows.empty()) return void(std::cout << "no names like " << search << "\n");
    Show(result.value());
  }

  // A result on stdout; on a terminal, one taller than the window goes
  // through $PAGER (default "less -FRSX"), as psql and cypher-shell do.
  void Show(const QueryResult& result) {
    winsize window{};
    if (!pager_ || !::isatty(1) || ::ioctl(1, TIOCGWINSZ, &window) != 0 || window.ws_row == 0) {
      // In a pipe the result streams out as it is written: no copy of it.
      WriteResult(result, format_, std::cout, table_);
      return;
    }
    std::ostringstream text;
    WriteResult(result, format_, text, table_);
    const std::string out = text.str();
    if (static_cast<size_t>(std::count(out.begin(), out.end(), '\n')) < window.ws_row) {
      std::cout << out;
      return;
    }
    std::cout.flush();
    const char* pager = std::getenv("PAGER");
    // Quitting the pager early closes the pipe: a write error, not SIGPIPE.
    auto old_pipe = std::signal(SIGPIPE, SIG_IGN);
    FILE* pipe = ::popen(pager && *pager ? pager : "less -FRSX", "w");
    bool shown = false;
    if (pipe) {
      std::fwrite(out.data(), 1, out.size(), pipe);
      int status = ::pclose(pipe);
      shown = !(WIFEXITED(status) && WEXITSTATUS(status) == 127);  // 127: the shell found no such pager
    }
    if (!shown) std::cout << out;
    std::signal(SIGPIPE, old_pipe);
  }

  // :why: one row per statement behind each relationship of the last
  // result (evidence(r)'s fields), in the current output format.
  void Why() {
    if (!last_) return Fail(Status::InvalidArgument("no result yet: run a query that returns relationships or paths"));
    auto sub = SubgraphOfResult(*graph_, *last_);
    if (!sub.ok()) return Fail(sub.status());
    std::map<NodeId, const Node*> nodes;
    for (const Node& n : sub->nodes) nodes[n.id] = &n;
    auto name = [&](NodeId id) { return nodes.count(id) ? DisplayName(*nodes[id]) : "#" + std::to_string(id); };
    QueryResult why;
    why.columns = {"relationship", "date", "source", "article", "sentence", "rule", "confidence", "hedged"};
    for (const Edge& e : sub->edges) {
      auto statements = sub->evidence.find(e.id);
      if (statements == sub->evidence.end()) continue;
      std::string rel = "(" + name(e.src) + ")-[:" + e.type + "]->(" + name(e.dst) + ")";
      for (const EvidenceRecord& r : statements->second) {
        ValueMap m = StatementMap(r, sub->articles.at(r.article));
        why.rows.push_back({Value(rel), m["date"], m["source"], m["article"], m["sentence"], m["rule"],
                            m["confidence"], m["hedged"]});
      }
    }
    if (why.rows.empty())
      return void(std::cout << "no statements: the last result has no relationships that ingest extracted\n");
    Show(why);
  }

  std::unique_ptr<Graph> graph_;  // the read-only snapshot
  const QueryOptions& options_;
  QueryLimits limits_;  // options_.limits, with Ctrl-C as its cancel flag on a terminal
  OutputFormat format_;
  // :max_rows and :max_width; on a terminal a long result or a long cell
  // would scroll or wrap away, in a pipe everything is kept.
  TableLimits table_ = ::isatty(1) ? TableLimits{20, 60} : TableLimits{};
  bool pager_ = true;  // :pager on|off; used only on a terminal
  Params params_;
  std::optional<QueryResult> last_;
  bool failed_ = false;
  LineEditor* editor_ = nullptr;  // on a terminal, owned by Run()
};

}  // namespace

int RunRepl(const QueryOptions& o) {
  OutputFormat format_value;
  Params params_value;
  if (int rc = ParseQueryOutput(o, &format_value, &params_value)) return rc;
  auto graph = Graph::Open(o.db, OpenOptions::Reader());
  if (!graph.ok()) return OpenFailure(graph.status());
  return Repl(std::move(graph).value(), o, format_value, std::move(params_value)).Run();
}

}  // namespace newsgraph
