#include "python/values.h"

#include <pybind11/stl.h>

namespace py = pybind11;

namespace newsgraph {

namespace {

// The classes of newsgraph._types, kept for the life of the process (the
// module is never unloaded).
struct Types {
  py::object node, relationship, path, date;
  py::object error, query_error, input_error, limit_error, database_error, in_use_error;
};
Types* types = nullptr;

py::object PropertiesToPython(const Properties& props) {
  py::dict d;
  for (const auto& [k, v] : props) d[py::str(k)] = ToPython(Value::FromProperty(v));
  return std::move(d);
}

}  // namespace

void LoadPythonTypes() {
  py::module_ m = py::module_::import("newsgraph._types");
  types = new Types{m.attr("Node"),        m.attr("Relationship"), m.attr("Path"),
                    py::module_::import("datetime").attr("date"),
                    m.attr("Error"),       m.attr("QueryError"),   m.attr("InputError"),
                    m.attr("LimitError"),  m.attr("DatabaseError"), m.attr("DatabaseInUseError")};
}

py::object ToPython(const Node& n) {
  return types->node(n.id, py::cast(n.labels), PropertiesToPython(n.properties));
}

py::object ToPython(const Edge& e) {
  return types->relationship(e.id, e.type, e.src, e.dst, e.weight, PropertiesToPython(e.properties));
}

py::object ToPython(const Value& v) {
  switch (v.type()) {
    case Value::kNull:
      return py::none();
    case Value::kBool:
      return py::bool_(std::get<bool>(v.v));
    case Value::kInt:
      return py::int_(std::get<int64_t>(v.v));
    case Value::kFloat:
      return py::float_(std::get<double>(v.v));
    case Value::kString:
      return py::str(std::get<std::string>(v.v));
    case Value::kDate: {  // datetime.date holds years 1..9999; others as ISO text
      CivilDate c = ToCivil(std::get<Date>(v.v));
      if (c.year < 1) return py::str(FormatIsoDate(std::get<Date>(v.v)));
      return types->date(c.year, c.month, c.day);
    }
    case Value::kDuration:  // months have no timedelta: ISO 8601 text
    case Value::kLocalTime:  // times and date-times as ISO 8601 text too (nanoseconds, zone names)
    case Value::kTime:
    case Value::kLocalDateTime:
    case Value::kDateTime:
      return py::str(ToLiteral(v));
    case Value::kList: {
      const ValueList& l = std::get<ValueList>(v.v);
      py::list out(l.size());
      for (size_t i = 0; i < l.size(); ++i) out[i] = ToPython(l[i]);
      return std::move(out);
    }
    case Value::kMap: {
      py::dict out;
      for (const auto& [k, x] : std::get<ValueMap>(v.v)) out[py::str(k)] = ToPython(x);
      return std::move(out);
    }
    case Value::kNode: {  // the executor loads every record it returns; a bare id is only a fallback
      const NodeValue& n = std::get<NodeValue>(v.v);
      return n.data ? ToPython(*n.data) : types->node(n.id, py::list(), py::dict());
    }
    case Value::kRel: {
      const RelValue& r = std::get<RelValue>(v.v);
      return r.data ? ToPython(*r.data) : types->relationship(r.id, "", 0, 0, 0, py::dict());
    }
    case Value::kPath: {
      const PathValue& p = std::get<PathValue>(v.v);
      py::list items;
      for (size_t i = 0; i < p.nodes.size(); ++i) {
        items.append(ToPython(Value(p.nodes[i])));
        if (i < p.rels.size()) items.append(ToPython(Value(p.rels[i])));
      }
      return types->path(items);
    }
  }
  return py::none();
}

bool IsPythonDate(const py::handle& o) { return py::isinstance(o, types->date); }

Value FromPython(const py::handle& o) {
  if (o.is_none()) return Value();
  if (py::isinstance<py::bool_>(o)) return Value(o.cast<bool>());
  if (py::isinstance<py::int_>(o)) {
    int overflow = 0;
    long long i = PyLong_AsLongLongAndOverflow(o.ptr(), &overflow);
    if (overflow) throw py::value_error("parameter integer " + py::repr(o).cast<std::string>() + " does not fit in 64 bits");
    return Value(static_cast<int64_t>(i));
  }
  if (py::isinstance<py::float_>(o)) return Value(o.cast<double>());
  if (py::isinstance<py::str>(o)) return Value(o.cast<std::string>());
  if (IsPythonDate(o)) {  // a datetime.datetime is one too: its day
    CivilDate c{o.attr("year").cast<int64_t>(), o.attr("month").cast<int>(), o.attr("day").cast<int>()};
    return Value(FromCivil(c));
  }
  if (py::isinstance<py::list>(o) || py::isinstance<py::tuple>(o)) {
    ValueList l;
    for (py::handle x : o) l.push_back(FromPython(x));
    return Value(std::move(l));
  }
  if (py::isinstance<py::dict>(o)) {
    ValueMap m;
    for (auto [k, x] : o.cast<py::dict>()) {
      if (!py::isinstance<py::str>(k)) throw py::type_error("parameter map keys must be str, not " + py::repr(k).cast<std::string>());
      m[k.cast<std::string>()] = FromPython(x);
    }
    return Value(std::move(m));
  }
  throw py::type_error("a query parameter must be None, bool, int, float, str, datetime.date, list or dict, not " +
                       py::str(o.get_type().attr("__name__")).cast<std::string>());
}

void Raise(const Status& status, ErrorKind kind) {
  py::object cls;
  switch (status.code()) {
    case Status::Code::kBusy:
      cls = types->in_use_error;
      break;
    case Status::Code::kLimitExceeded:
      cls = types->limit_error;
      break;
    case Status::Code::kCorruption:
      cls = types->database_error;
      break;
    case Status::Code::kInvalidArgument:
    case Status::Code::kNotFound:
      cls = kind == ErrorKind::kQuery   ? types->query_error
            : kind == ErrorKind::kInput ? types->input_error
                                        : types->database_error;
      break;
    default:
      cls = types->error;
  }
  py::object e = cls(status.message());
  PyErr_SetObject(cls.ptr(), e.ptr());
  throw py::error_already_set();
}

void RaiseInput(const std::string& message, const py::list& errors, const py::object& counts) {
  py::object e = types->input_error(message, errors, counts);
  PyErr_SetObject(types->input_error.ptr(), e.ptr());
  throw py::error_already_set();
}

}  // namespace newsgraph
