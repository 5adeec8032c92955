#include "export/graphml.h"

#include <set>

#include "export/property_columns.h"

namespace newsgraph {

namespace {

struct Key {
  std::string id;         // d0, d1, ...
  std::string attr_name;  // what readers show
  std::string property;   // the property it holds ("" = a built-in key)
  const char* type;
};

// Keys for the built-in names, then one per property column.
std::vector<Key> Keys(const std::vector<PropertyColumn>& columns, const std::vector<std::string>& builtin,
                      const std::vector<const char*>& builtin_types, size_t* next_id) {
  std::vector<Key> keys;
  std::set<std::string> taken(builtin.begin(), builtin.end());
  for (size_t i = 0; i < builtin.size(); ++i) keys.push_back({"d" + std::to_string((*next_id)++), builtin[i], "", builtin_types[i]});
  for (const PropertyColumn& c : columns) {
    std::string name = taken.count(c.name) ? "property." + c.name : c.name;
    keys.push_back({"d" + std::to_string((*next_id)++), name, c.name, c.list || c.type == ColumnType::kDate ? "string" : ColumnTypeName(c.type)});
  }
  return keys;
}

void Data(const std::string& key, const std::string& text, std::ostream& out) {
  out << "      <data key=\"" << key << "\">" << XmlEscape(text) << "</data>\n";
}

void PropertyData(const std::vector<Key>& keys, const Properties& props, std::ostream& out) {
  for (const Key& k : keys) {
    if (k.property.empty()) continue;
    auto it = props.find(k.property);
    if (it != props.end() && !it->second.is_null()) Data(k.id, ValueText(it->second), out);
  }
}

}  // namespace

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += "\xEF\xBF\xBD";  // not allowed in XML 1.0
        else out += c;
    }
  }
  return out;
}

void WriteGraphml(const Subgraph& g, std::ostream& out) {
  std::vector<const Properties*> node_props, edge_props;
  for (const Node& n : g.nodes) node_props.push_back(&n.properties);
  for (const Edge& e : g.edges) edge_props.push_back(&e.properties);
  size_t next_id = 0;
  std::vector<Key> node_keys = Keys(PropertyColumns(node_props), {"label", "labels"}, {"string", "string"}, &next_id);
  std::vector<Key> edge_keys = Keys(PropertyColumns(edge_props), {"type", "label", "weight", "evidence"},
                                    {"string", "string", "long", "string"}, &next_id);

  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  for (auto [domain, keys] : {std::pair{"node", &node_keys}, std::pair{"edge", &edge_keys}})
    for (const Key& k : *keys)
      out << "  <key id=\"" << k.id << "\" for=\"" << domain << "\" attr.name=\"" << XmlEscape(k.attr_name)
          << "\" attr.type=\"" << k.type << "\"/>\n";
  out << "  <graph id=\"newsgraph\" edgedefault=\"directed\">\n";
  for (const Node& n : g.nodes) {
    out << "    <node id=\"n" << n.id << "\">\n";
    Data(node_keys[0].id, DisplayName(n), out);
    std::string labels;
    for (const std::string& l : n.labels) labels += ":" + l;
    Data(node_keys[1].id, labels, out);
    PropertyData(node_keys, n.properties, out);
    out << "    </node>\n";
  }
  for (const Edge& e : g.edges) {
    out << "    <edge id=\"e" << e.id << "\" source=\"n" << e.src << "\" target=\"n" << e.dst << "\">\n";
    Data(edge_keys[0].id, e.type, out);
    Data(edge_keys[1].id, e.type, out);
    Data(edge_keys[2].id, std::to_string(e.weight), out);
    auto ev = g.evidence.find(e.id);
    if (ev != g.evidence.end()) {
      std::string sentences;
      for (const EvidenceRecord& r : ev->second) sentences += (sentences.empty() ? "" : "\n") + r.sentence;
      Data(edge_keys[3].id, sentences, out);
    }
    PropertyData(edge_keys, e.properties, out);
    out << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
}

}  // namespace newsgraph
