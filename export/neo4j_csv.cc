#include "export/neo4j_csv.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "export/property_columns.h"
#include "query/format.h"

namespace newsgraph {

namespace {

// A string field: "" for the empty string, so that it differs from no value.
std::string StringField(const std::string& s) { return s.empty() ? "\"\"" : CsvQuote(s); }

std::string Header(const PropertyColumn& c, const std::string& name) {
  std::string h = name;
  if (c.list) h += std::string(":") + ColumnTypeName(c.type) + "[]";
  else if (c.type != ColumnType::kString) h += std::string(":") + ColumnTypeName(c.type);
  return CsvQuote(h);
}

class Rows {
 public:
  Rows(const Neo4jCsvOptions& o, std::ostream& out) : delim_(o.array_delimiter), out_(out) {}

  // Elements joined by the array delimiter, none of which may hold it.
  Status Array(const std::vector<std::string>& items, const std::string& what) {
    std::string joined;
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].find(delim_) != std::string::npos)
        return Status::InvalidArgument(what + ": '" + items[i] + "' holds the array delimiter '" + delim_ +
                                       "'; choose another one with --array-delimiter (e.g. '|' or U+001F) and give "
                                       "the same to neo4j-admin and to newsgraph import");
      joined += (i ? std::string(1, delim_) : "") + items[i];
    }
    Field(StringField(joined));
    return Status::OK();
  }

  Status Value(const PropertyColumn& c, const Properties& props, const std::string& what) {
    auto it = props.find(c.name);
    if (it == props.end() || it->second.is_null()) {
      Field("");
      return Status::OK();
    }
    const PropertyValue& v = it->second;
    if (!c.list) {
      std::string text = ValueText(v);
      Field(c.type == ColumnType::kString ? StringField(text) : text);
      return Status::OK();
    }
    std::vector<std::string> items;
    if (const auto* list = std::get_if<PropertyList>(&v.v)) {
      for (const PropertyValue& item : *list) items.push_back(ValueText(item));
    } else {
      items.push_back(ValueText(v));
    }
    return Array(items, what + ", property " + c.name);
  }

  void Field(const std::string& text) {
    line_ += (first_ ? "" : ",") + text;
    first_ = false;
    if (text.find_first_of("\r\n") != std::string::npos) multiline_ = true;
  }
  void End() {
    out_ << line_ << '\n';
    line_.clear();
    first_ = true;
  }
  bool multiline() const { return multiline_; }

 private:
  char delim_;
  std::ostream& out_;
  std::string line_;
  bool first_ = true;
  bool multiline_ = false;
};

std::string NodeWhat(const Node& n) { return "node " + std::to_string(n.id) + " ('" + DisplayName(n) + "')"; }

// Renders both files; *multiline tells whether a field spans lines.
Status Render(const Subgraph& g, const Neo4jCsvOptions& o, std::ostream* nodes_out, std::ostream* rels_out,
              bool* multiline) {
  if (o.array_delimiter == ',' || o.array_delimiter == '"' || o.array_delimiter == '\n' || o.array_delimiter == '\r')
    return Status::InvalidArgument(std::string("the array delimiter cannot be '") + o.array_delimiter + "'");
  *multiline = false;
  if (nodes_out) {
    std::ostringstream buf;
    Rows rows(o, buf);
    std::vector<const Properties*> props;
    for (const Node& n : g.nodes) props.push_back(&n.properties);
    std::vector<PropertyColumn> columns = PropertyColumns(props), ordered;
    PropertyColumn name{"name", ColumnType::kString, false};
    for (const PropertyColumn& c : columns) {
      if (c.name == "name") name = c;
      else ordered.push_back(c);
    }
    ordered.insert(ordered.begin(), name);
    rows.Field(":ID");  // unnamed: links relationships only; `import` and Neo4j store no property for it
    rows.Field(Header(ordered[0], "name"));
    rows.Field(":LABEL");
    for (size_t i = 1; i < ordered.size(); ++i) rows.Field(Header(ordered[i], ordered[i].name));
    rows.End();
    for (const Node& n : g.nodes) {
      rows.Field(std::to_string(n.id));
      NG_RETURN_IF_ERROR(rows.Value(ordered[0], n.properties, NodeWhat(n)));
      NG_RETURN_IF_ERROR(rows.Array(n.labels, NodeWhat(n) + ", labels"));
      for (size_t i = 1; i < ordered.size(); ++i) NG_RETURN_IF_ERROR(rows.Value(ordered[i], n.properties, NodeWhat(n)));
      rows.End();
    }
    *multiline = *multiline || rows.multiline();
    *nodes_out << buf.str();
  }
  if (rels_out) {
    std::ostringstream buf;
    Rows rows(o, buf);
    std::vector<const Properties*> props;
    for (const Edge& e : g.edges) props.push_back(&e.properties);
    std::vector<PropertyColumn> columns = PropertyColumns(props);
    for (const char* h : {":START_ID", ":END_ID", ":TYPE", "weight:long"}) rows.Field(h);
    for (const PropertyColumn& c : columns) rows.Field(Header(c, c.name == "weight" ? "property.weight" : c.name));
    rows.End();
    for (const Edge& e : g.edges) {
      std::string what = "relationship " + std::to_string(e.id) + " (" + e.type + ")";
      rows.Field(std::to_string(e.src));
      rows.Field(std::to_string(e.dst));
      rows.Field(StringField(e.type));
      rows.Field(std::to_string(e.weight));
      for (const PropertyColumn& c : columns) NG_RETURN_IF_ERROR(rows.Value(c, e.properties, what));
      rows.End();
    }
    *multiline = *multiline || rows.multiline();
    *rels_out << buf.str();
  }
  return Status::OK();
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

Status WriteNeo4jCsv(const Subgraph& g, const Neo4jCsvOptions& o, const std::string& dir,
                     std::string* admin_command) {
  std::ostringstream nodes, rels;
  bool multiline;
  NG_RETURN_IF_ERROR(Render(g, o, &nodes, &rels, &multiline));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError(dir + ": cannot create directory: " + ec.message());
  for (auto [name, text] : {std::pair{"/nodes.csv", &nodes}, std::pair{"/relationships.csv", &rels}}) {
    std::ofstream file(dir + name, std::ios::binary | std::ios::trunc);
    file << text->str();
    if (!file) return Status::IOError("cannot write " + dir + name);
  }
  std::string& cmd = *admin_command;
  cmd = "neo4j-admin database import full neo4j --nodes=" + ShellQuote(dir + "/nodes.csv") +
        " --relationships=" + ShellQuote(dir + "/relationships.csv");
  if (o.array_delimiter != ';') {
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned char>(o.array_delimiter));
    cmd += " --array-delimiter=" +
           (o.array_delimiter > ' ' && o.array_delimiter < 0x7f ? ShellQuote(std::string(1, o.array_delimiter))
                                                                  : std::string(code));
  }
  if (multiline) cmd += " --multiline-fields=true";
  return Status::OK();
}

}  // namespace newsgraph
