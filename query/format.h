// Rendering query results for people and for pipes.
//
//   table  aligned columns with a header rule and "N rows" (the REPL's default);
//          a writing query adds its statistics (StatsSummary, query.h);
//          control characters are shown escaped (\x1b, \u009b), never sent
//          to the terminal
//   json   one JSON object per row keyed by column; nodes {id, labels,
//          properties}, relationships {id, type, start, end, properties},
//          paths {nodes, relationships}
//   csv    RFC 4180: a header line, fields quoted when needed; text that
//          a spreadsheet would run as a formula (starting with = + - @, tab
//          or CR) gets a leading ' (numbers are written as they are)
#ifndef NEWSGRAPH_QUERY_FORMAT_H_
#define NEWSGRAPH_QUERY_FORMAT_H_

#include <ostream>
#include <string>

#include "base/status.h"
#include "query/query.h"

namespace newsgraph {

enum class OutputFormat { kTable, kJson, kCsv };

Result<OutputFormat> ParseOutputFormat(const std::string& name);

// How much of a result a table shows (the REPL's :max_rows and :max_width,
// as in Kuzu's shell); 0 is no limit. Past max_rows the table shows the
// first and last rows around a "..." line and says how many it left out;
// a cell wider than max_width characters is cut and ends in "...".
// JSON and CSV always hold everything.
struct TableLimits {
  size_t max_rows = 0;
  size_t max_width = 0;
};

void WriteResult(const QueryResult& result, OutputFormat format, std::ostream& out, const TableLimits& limits = {});

// One value as JSON (used by the JSON row writer and the exporters).
std::string ValueToJson(const Value& v);

// One RFC 4180 CSV field: quoted (quotes doubled) when it holds a comma, a
// quote, CR or LF; as it is otherwise.
std::string CsvQuote(const std::string& s);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_FORMAT_H_
