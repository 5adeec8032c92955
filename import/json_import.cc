// The JSON export (export/json.h) into a BulkLoader. ParseJson (base/json.h)
// builds the document; a tap notes where each element of the top-level
// "nodes", "articles" and "edges" arrays starts, so that a problem in one is
// reported with its line.

#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "base/date.h"
#include "base/json.h"
#include "graph/bulk_loader.h"
#include "import/readers.h"

namespace newsgraph {

namespace {

using Ref = BulkLoader::Ref;
using JsonValue = rapidjson::Value;
constexpr unsigned kParseFlags = rapidjson::kParseFullPrecisionFlag | rapidjson::kParseNanAndInfFlag;

// Notes where each element of a top-level array starts.
struct Recorder {
  std::map<std::string, std::vector<size_t>>* starts;
  std::string key;  // the current top-level key

  void Key(int depth, std::string_view k) {
    if (depth == 1) key.assign(k);
  }
  void StartObject(int depth, size_t offset) {
    if (depth == 3) (*starts)[key].push_back(offset);
  }
};

class JsonGraphReader {
 public:
  JsonGraphReader(InputFile* file, BulkLoader* loader, ImportStats* stats) : file_(file), loader_(loader), stats_(stats) {}

  Status Run() {
    rapidjson::Document doc;
    size_t stop = 0;
    Status parsed = ParseJson<kParseFlags>(file_->data, &doc, &stop, Recorder{&starts_, {}});
    if (!parsed.ok()) return parsed.WithContext(Position(*file_, stop));
    if (!doc.IsObject()) return Err(0, "expected a JSON object with \"nodes\" and \"edges\" arrays");
    auto format = doc.FindMember("format");
    if (format != doc.MemberEnd() && !(format->value.IsString() && std::string(format->value.GetString()) == "newsgraph"))
      return Err(0, "\"format\" is not \"newsgraph\": not a newsgraph JSON export");
    auto nodes = doc.FindMember("nodes");
    if (nodes == doc.MemberEnd() || !nodes->value.IsArray())
      return Err(0, "no \"nodes\" array: not a newsgraph JSON export (facts from `extract` are loaded with "
                    "`ingest --facts`)");
    NG_RETURN_IF_ERROR(Nodes(nodes->value, "nodes"));
    auto articles = doc.FindMember("articles");
    if (articles != doc.MemberEnd()) NG_RETURN_IF_ERROR(Nodes(articles->value, "articles"));
    auto edges = doc.FindMember("edges");
    if (edges != doc.MemberEnd()) NG_RETURN_IF_ERROR(Edges(edges->value));
    return Status::OK();
  }

 private:
  // "file:line: what" for element i of a top-level array (offset 0: the file start).
  Status Err(size_t offset, const std::string& what) const {
    std::string pos = Position(*file_, offset);
    return Status::InvalidArgument(pos.substr(0, pos.rfind(':')) + ": " + what);
  }
  size_t Start(const char* array, size_t i) const {
    auto it = starts_.find(array);
    return it != starts_.end() && i < it->second.size() ? it->second[i] : 0;
  }

  static std::string IdText(const JsonValue& v) {
    if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
    if (v.IsInt64()) return std::to_string(v.GetInt64());
    if (v.IsUint64()) return std::to_string(v.GetUint64());
    return "";
  }

  static bool Str(const JsonValue& obj, const char* key, std::string* out) {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) return true;
    if (!it->value.IsString()) return false;
    out->assign(it->value.GetString(), it->value.GetStringLength());
    return true;
  }

  // A JSON value as a property value; objects are not property values.
  static bool Convert(const JsonValue& v, PropertyValue* out) {
    if (v.IsNull()) *out = PropertyValue();
    else if (v.IsBool()) *out = v.GetBool();
    else if (v.IsInt64()) *out = v.GetInt64();
    else if (v.IsUint64()) return false;  // above the int64 range
    else if (v.IsDouble()) *out = v.GetDouble();
    else if (v.IsString()) *out = std::string(v.GetString(), v.GetStringLength());
    else if (v.IsObject()) {  // {"date": "2020-05-23"}, {"datetime": ...}, {"float": "NaN"} (export/json.cc)
      if (v.MemberCount() != 1 || !v.MemberBegin()->value.IsString()) return false;
      std::string_view type(v.MemberBegin()->name.GetString(), v.MemberBegin()->name.GetStringLength());
      std::string_view text(v.MemberBegin()->value.GetString(), v.MemberBegin()->value.GetStringLength());
      if (TemporalPropertyFromText(type, text, out)) return true;
      if (type == "float" && text == "NaN") *out = std::numeric_limits<double>::quiet_NaN();
      else if (type == "float" && text == "Infinity") *out = std::numeric_limits<double>::infinity();
      else if (type == "float" && text == "-Infinity") *out = -std::numeric_limits<double>::infinity();
      else return false;
    } else if (v.IsArray()) {
      PropertyList list;
      for (const JsonValue& item : v.GetArray()) {
        if (!Convert(item, &list.emplace_back())) return false;
      }
      *out = std::move(list);
    } else {
      return false;
    }
    return true;
  }

  Status Props(const JsonValue& obj, size_t at, Properties* props) {
    auto it = obj.FindMember("properties");
    if (it == obj.MemberEnd()) return Status::OK();
    if (!it->value.IsObject()) return Err(at, "\"properties\" must be an object");
    for (const auto& m : it->value.GetObject()) {
      std::string key(m.name.GetString(), m.name.GetStringLength());
      PropertyValue v;
      if (!Convert(m.value, &v))
        return Err(at, "property '" + key + "' is not a null, boolean, integer (64-bit), number, string, "
                       "{\"date\": \"YYYY-MM-DD\"}, {\"float\": \"NaN\"} or list of these");
      if (!v.is_null()) props->emplace(std::move(key), std::move(v));
    }
    return Status::OK();
  }

  Status Nodes(const JsonValue& array, const char* name) {
    if (!array.IsArray()) return Err(0, std::string("\"") + name + "\" must be an array");
    for (rapidjson::SizeType i = 0; i < array.Size(); ++i) {
      const JsonValue& n = array[i];
      size_t at = Start(name, i);
      if (!n.IsObject()) return Err(at, std::string(name) + "[" + std::to_string(i) + "] is not an object");
      auto id = n.FindMember("id");
      std::string key = id == n.MemberEnd() ? "" : IdText(id->value);
      if (key.empty()) return Err(at, "node without an \"id\" (a string or an integer)");
      std::vector<std::string> labels;
      auto l = n.FindMember("labels");
      if (l != n.MemberEnd()) {
        if (!l->value.IsArray()) return Err(at, "\"labels\" must be an array of strings");
        for (const JsonValue& label : l->value.GetArray()) {
          if (!label.IsString() || label.GetStringLength() == 0) return Err(at, "\"labels\" must hold non-empty strings");
          labels.emplace_back(label.GetString(), label.GetStringLength());
        }
      }
      Properties props;
      NG_RETURN_IF_ERROR(Props(n, at, &props));
      Ref ref = static_cast<Ref>(loader_->nodes());
      if (!ids_.emplace(key, ref).second) return Err(at, "node id " + key + " appears twice");
      loader_->AddNode(std::move(labels), std::move(props));
      ++stats_->nodes;
    }
    return Status::OK();
  }

  Status Endpoint(const JsonValue& e, const char* field, size_t at, Ref* ref) {
    auto it = e.FindMember(field);
    std::string key = it == e.MemberEnd() ? "" : IdText(it->value);
    if (key.empty()) return Err(at, std::string("edge without \"") + field + "\"");
    auto found = ids_.find(key);
    if (found == ids_.end()) return Err(at, std::string("\"") + field + "\": " + key + " is not the id of a node in this file");
    *ref = found->second;
    return Status::OK();
  }

  Status Evidence(const JsonValue& e, size_t at, std::vector<EvidenceRecord>* out) {
    auto it = e.FindMember("evidence");
    if (it == e.MemberEnd()) return Status::OK();
    if (!it->value.IsArray()) return Err(at, "\"evidence\" must be an array");
    for (const JsonValue& ev : it->value.GetArray()) {
      EvidenceRecord r;
      if (!ev.IsObject()) return Err(at, "evidence entries must be objects");
      Ref article;
      NG_RETURN_IF_ERROR(Endpoint(ev, "article", at, &article));
      r.article = article;
      if (!Str(ev, "sentence", &r.sentence) || !Str(ev, "rule", &r.rule))
        return Err(at, "evidence \"sentence\" and \"rule\" must be strings");
      for (auto [key, field] : {std::pair{"start", &r.start}, std::pair{"end", &r.end}}) {
        auto m = ev.FindMember(key);
        if (m == ev.MemberEnd()) continue;
        if (!m->value.IsUint()) return Err(at, std::string("evidence \"") + key + "\" must be a byte offset");
        *field = m->value.GetUint();
      }
      auto conf = ev.FindMember("confidence");
      if (conf != ev.MemberEnd()) {
        // NaN is refused too: it compares false.
        if (!conf->value.IsNumber() || !(conf->value.GetDouble() >= 0) || std::isinf(conf->value.GetDouble()))
          return Err(at, "evidence \"confidence\" must be a number >= 0");
        r.confidence = conf->value.GetDouble();
      }
      auto hedged = ev.FindMember("hedged");
      if (hedged != ev.MemberEnd()) {
        if (!hedged->value.IsBool()) return Err(at, "evidence \"hedged\" must be true or false");
        r.hedged = hedged->value.GetBool();
      }
      out->push_back(std::move(r));
    }
    return Status::OK();
  }

  Status Edges(const JsonValue& array) {
    if (!array.IsArray()) return Err(0, "\"edges\" must be an array");
    for (rapidjson::SizeType i = 0; i < array.Size(); ++i) {
      const JsonValue& e = array[i];
      size_t at = Start("edges", i);
      if (!e.IsObject()) return Err(at, "edges[" + std::to_string(i) + "] is not an object");
      Ref src, dst;
      NG_RETURN_IF_ERROR(Endpoint(e, "source", at, &src));
      NG_RETURN_IF_ERROR(Endpoint(e, "target", at, &dst));
      std::string type;
      if (!Str(e, "type", &type) || type.empty()) return Err(at, "edge without a \"type\" (a non-empty string)");
      int64_t weight = 1;
      auto w = e.FindMember("weight");
      if (w != e.MemberEnd()) {
        if (!w->value.IsInt64() || w->value.GetInt64() < 0) return Err(at, "\"weight\" must be an integer >= 0");
        weight = w->value.GetInt64();
      }
      Properties props;
      NG_RETURN_IF_ERROR(Props(e, at, &props));
      std::vector<EvidenceRecord> evidence;
      NG_RETURN_IF_ERROR(Evidence(e, at, &evidence));
      Status added = loader_->AddEdge(src, type, dst, weight, std::move(props), std::move(evidence));
      if (!added.ok()) return Err(at, added.message());
      ++stats_->edges;
    }
    return Status::OK();
  }

  InputFile* file_;
  BulkLoader* loader_;
  ImportStats* stats_;
  std::map<std::string, std::vector<size_t>> starts_;
  std::unordered_map<std::string, Ref> ids_;
};

}  // namespace

Status ReadJsonGraph(InputFile* file, BulkLoader* loader, ImportStats* stats) {
  JsonGraphReader reader(file, loader, stats);
  return reader.Run();
}

}  // namespace newsgraph
