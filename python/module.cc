// newsgraph._core: the compiled part of the Python package (README.md in
// this folder). It calls the same entry points as the CLI (cli/load.h,
// query/query.h, export/) and nothing else, so a notebook gets the CLI's
// operations and messages.
//
// Threads: each call that reads or writes the store (a query, an ingest,
// a subgraph, an extraction) releases the GIL while it runs. A Database
// serialises writes against everything else on it (graph/graph.h: a Graph
// is safe for concurrent reads; a write must not overlap another call):
// readers share a lock, a writing call holds it alone. The lock is taken
// only with the GIL released, so a thread that waits for it never blocks
// one that needs the GIL to finish.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <sstream>

#include "cli/load.h"
#include "export/caption.h"
#include "export/dot.h"
#include "export/graphml.h"
#include "export/json.h"
#include "export/render.h"
#include "export/subgraph.h"
#include "extract/article_reader.h"
#include "extract/entity_memory.h"
#include "extract/extractor.h"
#include "extract/facts_json.h"
#include "extract/pipeline.h"
#include "extract/rules.h"
#include "graph/graph.h"
#include "python/values.h"
#include "query/query.h"

namespace py = pybind11;
using namespace pybind11::literals;

namespace newsgraph {
namespace {

// Compiled rules by directory: compiling the default rules takes a tenth
// of a second, which a notebook would pay on every call.
Result<std::shared_ptr<const RuleSet>> Rules(const std::string& dir_or_empty) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const RuleSet>> cache;
  std::string dir = dir_or_empty.empty() ? DefaultRulesDir() : dir_or_empty;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(dir);
  if (it != cache.end()) return it->second;
  auto rules = LoadRules(dir);
  // Rules that cannot be read are bad input whatever the reason (InputError).
  if (!rules.ok()) return Status::InvalidArgument(rules.status().message());
  cache[dir] = rules.value();
  return rules;
}

std::string PathString(const py::handle& p) { return py::str(py::module_::import("os").attr("fspath")(p)); }

std::vector<std::string> PathList(const py::object& paths) {
  if (py::isinstance<py::str>(paths) || py::hasattr(paths, "__fspath__")) return {PathString(paths)};
  std::vector<std::string> out;
  for (py::handle p : paths) out.push_back(PathString(p));
  return out;
}

// Articles given as Python values: a str (the text), or a dict with "text"
// and optionally "id", "title", "date" (a str or a datetime.date), "source". Checked as the reader
// checks a file's text (article_reader.h); `origin` names the list item.
std::vector<Article> ArticlesFromPython(py::object texts) {
  if (py::isinstance<py::str>(texts) || py::isinstance<py::dict>(texts)) texts = py::make_tuple(texts);
  std::vector<Article> out;
  size_t i = 0;
  for (py::handle item : texts) {
    Article a;
    a.origin = "texts[" + std::to_string(i++) + "]";
    if (py::isinstance<py::str>(item)) {
      a.text = item.cast<std::string>();
    } else if (py::isinstance<py::dict>(item)) {
      py::dict d = item.cast<py::dict>();
      if (!d.contains("text")) Raise(Status::InvalidArgument(a.origin + ": no \"text\""), ErrorKind::kInput);
      for (auto [key, field] : std::initializer_list<std::pair<const char*, std::string*>>{
               {"text", &a.text}, {"id", &a.id}, {"title", &a.title}, {"date", &a.date}, {"source", &a.source}}) {
        if (!d.contains(key) || d[key].is_none()) continue;
        if (field == &a.date && IsPythonDate(d[key])) {  // a datetime.date (or datetime): its day
          a.date = d[key].attr("isoformat")().cast<std::string>().substr(0, 10);
          continue;
        }
        if (!py::isinstance<py::str>(d[key]))
          Raise(Status::InvalidArgument(a.origin + ": \"" + key + "\" must be a string"), ErrorKind::kInput);
        *field = d[key].cast<std::string>();
      }
    } else {
      Raise(Status::InvalidArgument(a.origin + ": an article is a str or a dict with \"text\""), ErrorKind::kInput);
    }
    Status ok = CheckArticleText(a.text, a.origin);
    if (!ok.ok()) Raise(ok, ErrorKind::kInput);
    out.push_back(std::move(a));
  }
  return out;
}

// ---- query results

struct PyResult {
  std::shared_ptr<const QueryResult> result;
  py::list columns;  // as Python strings, shared by every row dict

  py::dict Row(size_t i) const {
    const auto& row = result->rows[i];
    py::dict d;
    for (size_t c = 0; c < row.size(); ++c) d[columns[c]] = ToPython(row[c]);
    return d;
  }

  // Column c as a NumPy array when every value is an integer, a float or a
  // boolean (so pandas gets a typed column without a pass over objects),
  // else as a list of Python values.
  py::object Column(size_t c) const {
    const auto& rows = result->rows;
    Value::Type type = rows.empty() ? Value::kNull : rows[0][c].type();
    for (const auto& row : rows)
      if (row[c].type() != type) type = Value::kNull;
    size_t n = rows.size();
    if (type == Value::kInt) {
      py::array_t<int64_t> a(n);
      auto* p = a.mutable_data();
      for (size_t i = 0; i < n; ++i) p[i] = std::get<int64_t>(rows[i][c].v);
      return std::move(a);
    }
    if (type == Value::kFloat) {
      py::array_t<double> a(n);
      auto* p = a.mutable_data();
      for (size_t i = 0; i < n; ++i) p[i] = std::get<double>(rows[i][c].v);
      return std::move(a);
    }
    if (type == Value::kBool) {
      py::array_t<bool> a(n);
      auto* p = a.mutable_data();
      for (size_t i = 0; i < n; ++i) p[i] = std::get<bool>(rows[i][c].v);
      return std::move(a);
    }
    py::list out(n);
    for (size_t i = 0; i < n; ++i) out[i] = ToPython(rows[i][c]);
    return std::move(out);
  }
};

struct RowIterator {
  std::shared_ptr<const PyResult> result;
  size_t next = 0;
};

py::module_ ImportOptional(const char* module, const char* what) {
  try {
    return py::module_::import(module);
  } catch (py::error_already_set& e) {
    if (!e.matches(PyExc_ImportError)) throw;
    throw py::import_error(std::string(what) + " needs " + module + ", which this Python (" +
                           py::module_::import("sys").attr("executable").cast<std::string>() +
                           ") cannot import: on Debian `apt install python3-" + module + "`, else `pip install " +
                           module + "`");
  }
}

py::dict StatsDict(const QueryStats& s) {
  return py::dict("nodes_created"_a = s.nodes_created, "nodes_deleted"_a = s.nodes_deleted,
                  "relationships_created"_a = s.relationships_created,
                  "relationships_deleted"_a = s.relationships_deleted, "properties_set"_a = s.properties_set,
                  "labels_added"_a = s.labels_added, "labels_removed"_a = s.labels_removed,
                  "indexes_added"_a = s.indexes_added, "indexes_removed"_a = s.indexes_removed);
}

// ---- subgraphs

struct PySubgraph {
  Subgraph graph;
  std::string title;                 // what was selected, for repr
  std::vector<std::string> caption;  // the picture's, as `newsgraph export` writes it

  std::string Dot() const {
    std::ostringstream out;
    WriteDot(graph, out, DotOptions{caption, ""});
    return out.str();
  }
  std::string Graphml() const {
    std::ostringstream out;
    WriteGraphml(graph, out);
    return out.str();
  }
  std::string Json() const {
    std::ostringstream out;
    WriteJsonGraph(graph, out);
    return out.str();
  }
  // Graphviz's rendering, through the file RenderDot writes.
  py::str Svg() const {
    std::string dot = Dot();
    std::string svg;
    Status s;
    {
      py::gil_scoped_release unlocked;
      const char* tmp = getenv("TMPDIR");
      std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/newsgraph-XXXXXX.svg";
      int fd = mkstemps(path.data(), 4);
      if (fd < 0) {
        s = Status::IOError("cannot make a temporary file in " + path.substr(0, path.rfind('/')));
      } else {
        ::close(fd);
        s = RenderDot(dot, "svg", path);
        if (s.ok()) {
          std::ifstream in(path, std::ios::binary);
          std::ostringstream text;
          text << in.rdbuf();
          svg = text.str();
        }
        ::unlink(path.c_str());
      }
    }
    if (!s.ok()) Raise(s, ErrorKind::kInput);
    return py::str(svg);
  }
};

// ---- the database

class Database {
 public:
  Database(std::unique_ptr<Graph> graph, bool writer) : graph_(std::move(graph)), writer_(writer) {
    path_ = graph_->dir();
  }

  PyResult Query(const std::string& text, const py::object& params, const QueryLimits& limits) {
    Params p;
    if (!params.is_none())
      for (auto [k, v] : params.cast<py::dict>()) p[py::str(k)] = FromPython(v);
    Result<QueryResult> result = Status::Internal("not run");
    {
      py::gil_scoped_release unlocked;
      Result<bool> writes = QueryWrites(text);
      bool write = writes.ok() && writes.value() && writer_;
      if (write) {
        std::unique_lock<std::shared_mutex> lock(mu_);
        result = graph_ ? RunQuery(*graph_, text, p, limits) : Closed();
      } else {
        std::shared_lock<std::shared_mutex> lock(mu_);
        result = graph_ ? RunQuery(static_cast<const Graph&>(*graph_), text, p, limits) : Closed();
      }
    }
    if (!result.ok()) Raise(result.status(), graph_ ? ErrorKind::kQuery : ErrorKind::kDatabase);
    PyResult out;
    out.result = std::make_shared<const QueryResult>(std::move(result).value());
    for (const std::string& c : out.result->columns) out.columns.append(py::str(c));
    // Python's warnings channel: shown once per message in a notebook or script (and in Result.warnings).
    for (const std::string& w : out.result->warnings)
      py::module_::import("warnings").attr("warn")(w, py::module_::import("builtins").attr("UserWarning"), 2);
    return out;
  }

  // `read` pushes the articles; input errors are collected, not raised,
  // until the end (as `newsgraph ingest`: the good articles are stored).
  py::dict Ingest(const std::function<Status(const ArticleSink&, std::vector<Status>*)>& read,
                  const std::string& rules_dir, int threads, bool memory) {
    RequireWriter("ingest");
    IngestCounts counts;
    std::vector<Status> errors;
    Status s, setup;  // setup: before any article (rules, a closed database, the graph's names)
    ErrorKind setup_kind = ErrorKind::kDatabase;
    {
      py::gil_scoped_release unlocked;
      auto rules = Rules(rules_dir);
      if (!rules.ok()) {
        setup = rules.status();
        setup_kind = ErrorKind::kInput;
      } else {
        std::unique_lock<std::shared_mutex> lock(mu_);
        if (!graph_) {
          setup = Closed();
        } else {
          Extractor extractor(rules.value());
          EntityMemory names(rules.value());
          if (memory) setup = PrimeMemory(*graph_, &names).WithContext("reading the graph's names");
          if (setup.ok())
            s = IngestArticles(
                graph_.get(), extractor, memory ? &names : nullptr, threads, ArticleDefaults(),
                [&](const Status& e) { errors.push_back(e); }, [&](const ArticleSink& push) { return read(push, &errors); }, nullptr, &counts);
        }
      }
    }
    if (!setup.ok()) Raise(setup, setup_kind);
    py::dict summary("articles"_a = counts.articles, "stored"_a = counts.stored, "duplicates"_a = counts.duplicates,
                     "near_duplicates"_a = counts.near_duplicates, "relations"_a = counts.relations, "bytes"_a = counts.bytes);
    if (!s.ok()) {
      if (s.code() != Status::Code::kInvalidArgument) Raise(s, ErrorKind::kInput);
      errors.push_back(s);
    }
    if (!errors.empty()) {
      py::list messages;
      for (const Status& e : errors) messages.append(e.message());
      std::string message = errors[0].message();
      if (errors.size() > 1) message += " (and " + std::to_string(errors.size() - 1) + " more input errors)";
      message += "; " + std::to_string(counts.stored) + " articles stored, each whole";
      RaiseInput(message, messages, summary);
    }
    return summary;
  }

  PySubgraph Select(const py::object& around, int hops, const std::string& query, const py::object& params,
                    const std::vector<std::string>& types, const std::vector<std::string>& labels, bool articles) {
    if (!query.empty() && !around.is_none())
      throw py::value_error("use either query= or around=, not both");
    if (hops < 0) throw py::value_error("hops must be 0 or more");
    std::vector<std::string> names;
    if (!around.is_none()) {
      if (py::isinstance<py::str>(around)) names.push_back(around.cast<std::string>());
      else names = around.cast<std::vector<std::string>>();
    }
    Params p;
    if (!params.is_none())
      for (auto [k, v] : params.cast<py::dict>()) p[py::str(k)] = FromPython(v);
    SubgraphOptions options;
    options.include_articles = articles;
    options.edge_types = types;
    options.labels = labels;
    Result<Subgraph> sub = Status::Internal("not run");
    ErrorKind kind = ErrorKind::kInput;
    {
      py::gil_scoped_release unlocked;
      std::shared_lock<std::shared_mutex> lock(mu_);
      // The selection of `newsgraph export` (cli/export_cmd.cc, Select).
      if (!graph_) {
        sub = Closed();
        kind = ErrorKind::kDatabase;
      } else if (!query.empty()) {
        auto result = RunQuery(static_cast<const Graph&>(*graph_), query, p, QueryLimits());
        kind = ErrorKind::kQuery;
        sub = result.ok() ? SubgraphOfResult(*graph_, result.value()) : Result<Subgraph>(result.status());
      } else if (!names.empty()) {
        sub = SubgraphAround(*graph_, names, hops, options);
      } else {
        sub = WholeGraph(*graph_, options);
      }
    }
    if (!sub.ok()) Raise(sub.status(), kind);
    PySubgraph out{std::move(sub).value(), "", {}};
    out.caption = PictureCaption({path_, query, names, hops, types, labels}, out.graph);
    out.title = !query.empty() ? "query " + query : !names.empty() ? "around " + names[0] : "whole graph";
    return out;
  }

  py::dict Stats() {
    Result<GraphStats> stats = Status::Internal("not run");
    {
      py::gil_scoped_release unlocked;
      std::shared_lock<std::shared_mutex> lock(mu_);
      stats = graph_ ? graph_->Stats() : Result<GraphStats>(Closed());
    }
    if (!stats.ok()) Raise(stats.status(), ErrorKind::kDatabase);
    return py::dict("nodes"_a = stats->nodes, "relationships"_a = stats->edges, "labels"_a = stats->nodes_by_label,
                    "relationship_types"_a = stats->edges_by_type, "bytes_on_disk"_a = stats->bytes_on_disk,
                    "near_duplicates"_a = stats->near_duplicates);
  }

  void Close() {
    py::gil_scoped_release unlocked;
    std::unique_lock<std::shared_mutex> lock(mu_);
    graph_.reset();
  }

  const std::string& path() const { return path_; }
  bool writer() const { return writer_; }
  bool closed() const { return graph_ == nullptr; }

 private:
  Status Closed() const { return Status::InvalidArgument("the database " + path_ + " is closed"); }
  void RequireWriter(const std::string& what) {
    if (!writer_)
      Raise(Status::InvalidArgument(what + " needs the writer: open " + path_ + " with newsgraph.open(path, write=True)"),
            ErrorKind::kDatabase);
  }

  std::shared_mutex mu_;
  std::unique_ptr<Graph> graph_;
  bool writer_;
  std::string path_;
};

std::shared_ptr<Database> Open(const py::object& path, bool write) {
  std::string dir = PathString(path);
  Result<std::unique_ptr<Graph>> graph = Status::Internal("not opened");
  {
    py::gil_scoped_release unlocked;
    graph = Graph::Open(dir, write ? OpenOptions::Writer() : OpenOptions::Reader());
  }
  if (!graph.ok()) Raise(graph.status(), ErrorKind::kDatabase);
  return std::make_shared<Database>(std::move(graph).value(), write);
}

// The facts of each text as JSON lines (extract/facts_json.h), extracted
// as `newsgraph extract` does: names learned from one text are known in
// the next unless memory is false.
std::vector<std::string> ExtractJson(const std::vector<Article>& articles, const std::string& rules_dir,
                                     bool memory, int threads) {
  std::vector<std::string> out;
  Status s;
  {
    py::gil_scoped_release unlocked;
    auto rules = Rules(rules_dir);
    if (!rules.ok()) {
      s = rules.status();
    } else {
      Extractor extractor(rules.value());
      EntityMemory names(rules.value());
      ExtractPipeline pipeline(extractor, {ExtractWorkers(threads), 0, memory ? &names : nullptr, {}},
                               [&](ArticleFacts&& f) {
                                 out.push_back(FactsToJson(f, false));
                                 return Status::OK();
                               });
      for (const Article& a : articles) {
        s = pipeline.Push(Article(a));
        if (!s.ok()) break;
      }
      Status finished = pipeline.Finish();
      if (s.ok()) s = finished;
    }
  }
  if (!s.ok()) Raise(s, ErrorKind::kInput);
  return out;
}

QueryLimits Limits(size_t max_rows, double timeout, size_t max_expansions, size_t max_memory_mb) {
  QueryLimits limits;
  limits.max_rows = max_rows;
  limits.timeout_seconds = timeout;
  limits.max_expansions = max_expansions;
  limits.max_memory_mb = max_memory_mb;
  return limits;
}

}  // namespace
}  // namespace newsgraph

PYBIND11_MODULE(_core, m) {
  using namespace newsgraph;
  m.doc() = "newsgraph's compiled part; use the package `newsgraph`.";
  LoadPythonTypes();

  py::class_<RowIterator>(m, "RowIterator")
      .def("__iter__", [](RowIterator& it) -> RowIterator& { return it; })
      .def("__next__", [](RowIterator& it) {
        if (it.next >= it.result->result->rows.size()) throw py::stop_iteration();
        return it.result->Row(it.next++);
      });

  py::class_<PyResult, std::shared_ptr<PyResult>>(m, "Result", "The rows of one query; iterate for dicts.")
      .def_property_readonly("columns", [](const PyResult& r) { return py::list(r.columns); })
      .def("__len__", [](const PyResult& r) { return r.result->rows.size(); })
      .def("__iter__", [](std::shared_ptr<PyResult> r) { return RowIterator{std::move(r), 0}; })
      .def("__getitem__",
           [](const PyResult& r, long i) {
             long n = static_cast<long>(r.result->rows.size());
             if (i < 0) i += n;
             if (i < 0 || i >= n) throw py::index_error("row index out of range");
             return r.Row(static_cast<size_t>(i));
           })
      .def("column", [](const PyResult& r, const std::string& name) {
             for (size_t c = 0; c < r.result->columns.size(); ++c)
               if (r.result->columns[c] == name) return r.Column(c);
             throw py::key_error("no column " + name);
           }, "One column: a NumPy array for integers, floats or booleans without nulls, else a list.")
      .def("to_df",
           [](const PyResult& r) {
             py::module_ pd = ImportOptional("pandas", "Result.to_df()");
             py::dict data;
             for (size_t c = 0; c < r.result->columns.size(); ++c) data[r.columns[c]] = r.Column(c);
             return pd.attr("DataFrame")(data, "columns"_a = r.columns);
           },
           "The rows as a pandas DataFrame (integer, float and boolean columns typed).")
      .def_property_readonly("explain", [](const PyResult& r) { return r.result->explain; })
      .def_property_readonly("wrote", [](const PyResult& r) { return r.result->wrote; })
      .def_property_readonly("stats", [](const PyResult& r) { return StatsDict(r.result->stats); })
      .def_property_readonly("summary", [](const PyResult& r) { return StatsSummary(r.result->stats); })
      .def_property_readonly("warnings", [](const PyResult& r) { return py::cast(r.result->warnings); },
                             "Names the query uses that the graph does not hold, with the nearest it holds.")
      .def("__repr__", [](const PyResult& r) {
        return "<newsgraph.Result " + std::to_string(r.result->rows.size()) + " rows, columns " +
               py::repr(r.columns).cast<std::string>() + ">";
      });

  py::class_<PySubgraph, std::shared_ptr<PySubgraph>>(m, "Subgraph",
                                                      "Nodes and relationships chosen as `newsgraph export` does.")
      .def_property_readonly("nodes",
                             [](const PySubgraph& g) {
                               py::list out;
                               for (const Node& n : g.graph.nodes) out.append(ToPython(n));
                               return out;
                             })
      .def_property_readonly("relationships",
                             [](const PySubgraph& g) {
                               py::list out;
                               for (const Edge& e : g.graph.edges) out.append(ToPython(e));
                               return out;
                             })
      .def("dot", &PySubgraph::Dot, "GraphViz DOT, as `export --format dot`.")
      .def("graphml", &PySubgraph::Graphml, "GraphML, as `export --format graphml`.")
      .def("json", &PySubgraph::Json, "JSON with evidence, as `export --format json`.")
      .def("svg", &PySubgraph::Svg, "SVG drawn by Graphviz, as `export --format svg`.")
      .def("_repr_svg_", &PySubgraph::Svg)
      .def("to_networkx",
           [](const PySubgraph& g) {
             py::module_ nx = ImportOptional("networkx", "Subgraph.to_networkx()");
             py::object data = py::module_::import("io").attr("BytesIO")(py::bytes(g.Graphml()));
             return nx.attr("read_graphml")(data);
           },
           "The GraphML export as networkx.read_graphml reads it: a MultiDiGraph, nodes 'n<id>'.")
      .def("__repr__", [](const PySubgraph& g) {
        return "<newsgraph.Subgraph " + g.title + ": " + std::to_string(g.graph.nodes.size()) + " nodes, " +
               std::to_string(g.graph.edges.size()) + " relationships>";
      });

  py::class_<Database, std::shared_ptr<Database>>(m, "Database")
      .def("query",
           [](Database& db, const std::string& text, const py::object& params, size_t max_rows, double timeout,
              size_t max_expansions, size_t max_memory_mb) {
             return db.Query(text, params, Limits(max_rows, timeout, max_expansions, max_memory_mb));
           },
           "text"_a, "params"_a = py::none(), py::kw_only(), "max_rows"_a = QueryLimits().max_rows,
           "timeout"_a = QueryLimits().timeout_seconds, "max_expansions"_a = QueryLimits().max_expansions,
           "max_memory_mb"_a = QueryLimits().max_memory_mb)
      .def("ingest",
           [](Database& db, const py::object& paths, const py::object& rules, int threads, bool memory) {
             std::vector<std::string> list = PathList(paths);
             return db.Ingest(
                 [&](const ArticleSink& push, std::vector<Status>* errors) {
                   ReadStats stats;
                   return ReadArticles(
                       list, ReadOptions(), push, [&](const Status& e) { errors->push_back(e); }, &stats);
                 },
                 rules.is_none() ? "" : PathString(rules), threads, memory);
           },
           "paths"_a, "rules"_a = py::none(), py::kw_only(), "threads"_a = 0, "memory"_a = true)
      .def("ingest_texts",
           [](Database& db, const py::object& texts, const py::object& rules, int threads, bool memory) {
             std::vector<Article> articles = ArticlesFromPython(texts);
             return db.Ingest(
                 [&](const ArticleSink& push, std::vector<Status>*) {
                   for (Article& a : articles) NG_RETURN_IF_ERROR(push(std::move(a)));
                   return Status::OK();
                 },
                 rules.is_none() ? "" : PathString(rules), threads, memory);
           },
           "texts"_a, "rules"_a = py::none(), py::kw_only(), "threads"_a = 0, "memory"_a = true)
      .def("subgraph", &Database::Select, py::kw_only(), "around"_a = py::none(), "hops"_a = 1, "query"_a = "",
           "params"_a = py::none(), "types"_a = std::vector<std::string>(), "labels"_a = std::vector<std::string>(),
           "articles"_a = false)
      .def("stats", &Database::Stats)
      .def("close", &Database::Close)
      .def_property_readonly("path", &Database::path)
      .def_property_readonly("writable", &Database::writer)
      .def_property_readonly("closed", &Database::closed)
      .def("__enter__", [](std::shared_ptr<Database> db) { return db; })
      .def("__exit__", [](Database& db, py::args) { db.Close(); })
      .def("__repr__", [](const Database& db) {
        return "<newsgraph.Database " + db.path() + (db.writer() ? " (writer)" : " (reader)") +
               (db.closed() ? " closed" : "") + ">";
      });

  m.def("open", &Open, "path"_a, "write"_a = false);
  m.def(
      "_extract_json",
      [](const py::object& texts, const py::object& rules, bool memory, int threads) {
        return ExtractJson(ArticlesFromPython(texts), rules.is_none() ? "" : PathString(rules), memory, threads);
      },
      "texts"_a, "rules"_a = py::none(), "memory"_a = true, "threads"_a = 0);
}
