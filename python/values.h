// Between newsgraph's values and Python's, and from Status to exceptions,
// for the module (module.cc). Every function here needs the GIL.
//
//   null None, booleans, integers, floats, strings, lists, maps (dicts)
//   date          datetime.date (years before 1: ISO text)
//   duration      its ISO 8601 text ("P1M2D")
//   node          newsgraph.Node(id, labels, properties)
//   relationship  newsgraph.Relationship(id, type, start, end, weight, properties)
//   path          newsgraph.Path, a list: node, relationship, node, ...
#ifndef NEWSGRAPH_PYTHON_VALUES_H_
#define NEWSGRAPH_PYTHON_VALUES_H_

#include <pybind11/pybind11.h>

#include "base/status.h"
#include "query/query.h"

namespace newsgraph {

// The classes of _types.py; call once at module import.
void LoadPythonTypes();

pybind11::object ToPython(const Value& v);
pybind11::object ToPython(const Node& n);
pybind11::object ToPython(const Edge& e);

// A query parameter from Python: None, bool, int (64-bit), float, str,
// datetime.date (a datetime: its day), list/tuple, dict with str keys.
// Raises TypeError or OverflowError.
Value FromPython(const pybind11::handle& o);
// True for a datetime.date (or datetime.datetime).
bool IsPythonDate(const pybind11::handle& o);

// Which exception a failure becomes when its code does not decide it
// (InvalidArgument, NotFound): the operation's own kind.
enum class ErrorKind { kQuery, kInput, kDatabase };

// Raises the exception for `status` (REQUIRES: not OK):
//   Busy DatabaseInUseError, LimitExceeded LimitError, Corruption
//   DatabaseError, InvalidArgument and NotFound by `kind`, others Error.
[[noreturn]] void Raise(const Status& status, ErrorKind kind);
// Raises InputError(message, errors, counts).
[[noreturn]] void RaiseInput(const std::string& message, const pybind11::list& errors, const pybind11::object& counts);

}  // namespace newsgraph

#endif  // NEWSGRAPH_PYTHON_VALUES_H_
