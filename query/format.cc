#include "query/format.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace newsgraph {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteProps(const Properties& props, JsonWriter& w);

void WriteJson(const Value& v, JsonWriter& w) {
  switch (v.type()) {
    case Value::kNull: w.Null(); break;
    case Value::kBool: w.Bool(std::get<bool>(v.v)); break;
    case Value::kInt: w.Int64(std::get<int64_t>(v.v)); break;
    case Value::kFloat: {
      double d = std::get<double>(v.v);
      // JSON has no NaN nor infinities: their text, as a string ("NaN",
      // "Infinity", "-Infinity"; what CSV output and Neo4j's HTTP API write).
      if (std::isfinite(d)) {
        w.Double(d);
      } else {
        std::string text = ToLiteral(v);
        w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
      }
      break;
    }
    case Value::kString: {
      const std::string& s = std::get<std::string>(v.v);
      w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
      break;
    }
    case Value::kDate:  // JSON has no temporal values: their ISO text
    case Value::kDuration:
    case Value::kLocalTime:
    case Value::kTime:
    case Value::kLocalDateTime:
    case Value::kDateTime: w.String(ToLiteral(v).c_str()); break;
    case Value::kList:
      w.StartArray();
      for (const Value& x : std::get<ValueList>(v.v)) WriteJson(x, w);
      w.EndArray();
      break;
    case Value::kMap:
      w.StartObject();
      for (const auto& [k, x] : std::get<ValueMap>(v.v)) {
        w.Key(k.c_str());
        WriteJson(x, w);
      }
      w.EndObject();
      break;
    case Value::kNode: {
      const NodeValue& n = std::get<NodeValue>(v.v);
      w.StartObject();
      w.Key("id");
      w.Uint64(n.id);
      w.Key("labels");
      w.StartArray();
      if (n.data) for (const std::string& l : n.data->labels) w.String(l.c_str());
      w.EndArray();
      w.Key("properties");
      if (n.data) WriteProps(n.data->properties, w);
      else { w.StartObject(); w.EndObject(); }
      w.EndObject();
      break;
    }
    case Value::kRel: {
      const RelValue& r = std::get<RelValue>(v.v);
      w.StartObject();
      w.Key("id");
      w.Uint64(r.id);
      if (r.data) {
        w.Key("type");
        w.String(r.data->type.c_str());
        w.Key("start");
        w.Uint64(r.data->src);
        w.Key("end");
        w.Uint64(r.data->dst);
        w.Key("weight");
        w.Int64(r.data->weight);
        w.Key("properties");
        WriteProps(r.data->properties, w);
      }
      w.EndObject();
      break;
    }
    case Value::kPath: {
      const PathValue& p = std::get<PathValue>(v.v);
      w.StartObject();
      w.Key("nodes");
      w.StartArray();
      for (const NodeValue& n : p.nodes) WriteJson(Value(n), w);
      w.EndArray();
      w.Key("relationships");
      w.StartArray();
      for (const RelValue& r : p.rels) WriteJson(Value(r), w);
      w.EndArray();
      w.EndObject();
      break;
    }
  }
}

void WriteProps(const Properties& props, JsonWriter& w) {
  w.StartObject();
  for (const auto& [k, p] : props) {
    w.Key(k.c_str());
    WriteJson(Value::FromProperty(p), w);
  }
  w.EndObject();
}

// Display width of UTF-8 text: one column per code point.
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Text safe to print on a terminal: line breaks and tabs become spaces,
// other control characters (C0, DEL and the C1 range U+0080-U+009F, which
// start escape sequences) are shown as \xHH / \uHHHH instead of being sent.
std::string Printable(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  char buf[8];
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    unsigned char next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7f) {
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else if (c == 0xC2 && next >= 0x80 && next <= 0x9f) {
      std::snprintf(buf, sizeof(buf), "\\u%04x", next);
      out += buf;
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Cell(const Value& v) { return Printable(ToDisplay(v)); }

// A CSV cell for spreadsheets: text starting with = + - @ (or a tab or CR)
// is read as a formula by Excel, LibreOffice and Sheets; a leading ' makes
// it text, as OWASP's advice on CSV injection has it. Numbers stay as they are.
std::string SpreadsheetText(std::string s) {
  if (!s.empty() && std::strchr("=+-@\t\r", s[0])) s.insert(0, "'");
  return s;
}

}  // namespace

std::string CsvQuote(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Result<OutputFormat> ParseOutputFormat(const std::string& name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "json") return OutputFormat::kJson;
  if (name == "csv") return OutputFormat::kCsv;
  return Status::InvalidArgument("unknown format '" + name + "' (use table, json or csv)");
}

std::string ValueToJson(const Value& v) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  WriteJson(v, w);
  return std::string(buf.GetString(), buf.GetSize());
}

// `s` cut to `width` characters (UTF-8 code points), the last three "...".
std::string CutToWidth(const std::string& s, size_t width) {
  if (width == 0 || Width(s) <= width) return s;
  size_t keep = width > 3 ? width - 3 : 0, n = 0, at = 0;
  for (; at < s.size(); ++at) {
    if ((static_cast<unsigned char>(s[at]) & 0xC0) != 0x80 && n++ == keep) break;
  }
  return s.substr(0, at) + std::string(std::min<size_t>(width, 3), '.');
}

void WriteResult(const QueryResult& result, OutputFormat format, std::ostream& out, const TableLimits& limits) {
  const auto& cols = result.columns;
  switch (format) {
    case OutputFormat::kJson:
      for (const auto& row : result.rows) {
        rapidjson::StringBuffer buf;
        JsonWriter w(buf);
        w.StartObject();
        for (size_t i = 0; i < cols.size(); ++i) {
          w.Key(cols[i].data(), static_cast<rapidjson::SizeType>(cols[i].size()));
          WriteJson(row[i], w);
        }
        w.EndObject();
        out << buf.GetString() << '\n';
      }
      return;
    case OutputFormat::kCsv:
      for (size_t i = 0; i < cols.size(); ++i) out << (i ? "," : "") << CsvQuote(SpreadsheetText(cols[i]));
      out << "\r\n";
      for (const auto& row : result.rows) {
        for (size_t i = 0; i < cols.size(); ++i) {
          const Value& v = row[i];
          std::string s = v.is_null() ? "" : (v.type() == Value::kString ? SpreadsheetText(std::get<std::string>(v.v))
                                              : v.type() >= Value::kList && v.type() < Value::kDate
                                                  ? SpreadsheetText(ValueToJson(v))
                                                  : ToLiteral(v));  // numbers, booleans, temporal values
          out << (i ? "," : "") << CsvQuote(s);
        }
        out << "\r\n";
      }
      return;
    case OutputFormat::kTable: {
      if (cols.empty()) {  // a writing query without RETURN
        out << StatsSummary(result.stats) << '\n';
        return;
      }
      std::vector<std::vector<std::string>> cells;
      std::vector<size_t> width;
      std::vector<std::string> header;
      for (const std::string& c : cols) {
        header.push_back(Printable(c));
        width.push_back(Width(header.back()));
      }
      // Past max_rows: the first half and the last rows, "..." between.
      const size_t n = result.rows.size();
      const bool cut = limits.max_rows > 0 && n > limits.max_rows;
      const size_t head = cut ? (limits.max_rows + 1) / 2 : n, tail_from = cut ? n - limits.max_rows / 2 : n;
      for (size_t r = 0; r < n; ++r) {
        if (r == head) r = tail_from;
        if (r >= n) break;
        std::vector<std::string> line;
        for (size_t i = 0; i < cols.size(); ++i) {
          line.push_back(CutToWidth(Cell(result.rows[r][i]), limits.max_width));
          width[i] = std::max(width[i], Width(line.back()));
        }
        cells.push_back(std::move(line));
      }
      if (cut) {
        for (size_t i = 0; i < cols.size(); ++i) width[i] = std::max<size_t>(width[i], 3);
        cells.insert(cells.begin() + head, std::vector<std::string>(cols.size(), "..."));
      }
      auto rule = [&] {
        out << '+';
        for (size_t w : width) out << std::string(w + 2, '-') << '+';
        out << '\n';
      };
      auto line = [&](const std::vector<std::string>& fields) {
        out << '|';
        for (size_t i = 0; i < fields.size(); ++i) out << ' ' << fields[i] << std::string(width[i] - Width(fields[i]), ' ') << " |";
        out << '\n';
      };
      rule();
      line(header);
      rule();
      for (const auto& l : cells) line(l);
      rule();
      out << n << (n == 1 ? " row" : " rows");
      if (cut) out << " (" << limits.max_rows << " shown; :max_rows 0 shows all)";
      if (result.wrote) out << "; " << StatsSummary(result.stats);
      out << '\n';
      return;
    }
  }
}

}  // namespace newsgraph
