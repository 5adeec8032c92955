#include "export/json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <set>

#include "base/date.h"
#include "query/format.h"
#include "query/value.h"

namespace newsgraph {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void String(Writer& w, const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

// A property value through the query module's JSON form of values (one
// definition of how a value looks in JSON), but what JSON lacks as an
// object naming its type, so that import reads the same value back: a date
// as {"date": "2020-05-23"} (a datetime as {"datetime": ...}, and so on), NaN and the infinities as {"float": "NaN"},
// {"float": "Infinity"}, {"float": "-Infinity"}.
std::string PropertyJson(const PropertyValue& value) {
  std::string type, text;
  if (TemporalPropertyText(value, &type, &text)) return "{\"" + type + "\":" + ValueToJson(Value(text)) + "}";
  if (const double* d = std::get_if<double>(&value.v); d && !std::isfinite(*d))
    return "{\"float\":" + ValueToJson(Value(*d)) + "}";
  if (const auto* list = std::get_if<PropertyList>(&value.v)) {
    std::string out = "[";
    for (size_t i = 0; i < list->size(); ++i) out += (i ? "," : "") + PropertyJson((*list)[i]);
    return out + "]";
  }
  return ValueToJson(Value::FromProperty(value));
}

void WriteProperties(Writer& w, const Properties& props) {
  w.Key("properties");
  w.StartObject();
  for (const auto& [key, value] : props) {
    String(w, key);
    std::string json = PropertyJson(value);
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  }
  w.EndObject();
}

std::string NodeJson(const Node& n) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("id");
  w.Uint64(n.id);
  w.Key("labels");
  w.StartArray();
  for (const std::string& l : n.labels) String(w, l);
  w.EndArray();
  WriteProperties(w, n.properties);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

std::string EdgeJson(const Edge& e, const std::vector<EvidenceRecord>* evidence) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("id");
  w.Uint64(e.id);
  w.Key("source");
  w.Uint64(e.src);
  w.Key("target");
  w.Uint64(e.dst);
  w.Key("type");
  String(w, e.type);
  w.Key("weight");
  w.Int64(e.weight);
  WriteProperties(w, e.properties);
  w.Key("evidence");
  w.StartArray();
  if (evidence) {
    for (const EvidenceRecord& r : *evidence) {
      w.StartObject();
      w.Key("article");
      w.Uint64(r.article);
      w.Key("sentence");
      String(w, r.sentence);
      w.Key("rule");
      String(w, r.rule);
      w.Key("start");
      w.Uint(r.start);
      w.Key("end");
      w.Uint(r.end);
      w.Key("confidence");
      w.Double(r.confidence);
      w.Key("hedged");
      w.Bool(r.hedged);
      w.EndObject();
    }
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

template <typename T, typename Fn>
void Array(const char* name, const T& items, Fn json, std::ostream& out) {
  out << ",\n\"" << name << "\": [";
  bool first = true;
  for (const auto& item : items) {
    out << (first ? "\n" : ",\n") << json(item);
    first = false;
  }
  out << (first ? "]" : "\n]");
}

}  // namespace

void WriteJsonGraph(const Subgraph& g, std::ostream& out) {
  out << "{\"format\": \"newsgraph\", \"version\": 1";
  Array("nodes", g.nodes, NodeJson, out);
  Array("edges", g.edges, [&](const Edge& e) {
    auto ev = g.evidence.find(e.id);
    return EdgeJson(e, ev == g.evidence.end() ? nullptr : &ev->second);
  }, out);
  std::set<NodeId> in_nodes;
  for (const Node& n : g.nodes) in_nodes.insert(n.id);
  std::vector<const Node*> cited;
  for (const auto& [id, article] : g.articles)
    if (!in_nodes.count(id)) cited.push_back(&article);
  Array("articles", cited, [](const Node* n) { return NodeJson(*n); }, out);
  out << "\n}\n";
}

}  // namespace newsgraph
