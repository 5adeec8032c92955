#include "extract/facts_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "base/hash.h"
#include "base/json.h"

namespace newsgraph {

namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Value(Writer& w, const std::string& value) {
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  Value(w, value);
}

}  // namespace

std::string FactsToJson(const ArticleFacts& f, bool with_text) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  Str(w, "id", f.id);
  Str(w, "title", f.title);
  if (!f.date.empty()) Str(w, "date", f.date);
  Str(w, "source", f.source);
  if (with_text) {
    Str(w, "content_hash", f.content_hash);
    Str(w, "text", f.text);
  }
  w.Key("entities");
  w.StartArray();
  for (const Entity& e : f.entities) {
    w.StartObject();
    Str(w, "name", e.name);
    w.Key("labels");
    w.StartArray();
    for (const std::string& l : e.labels) Value(w, l);
    w.EndArray();
    if (!e.aliases.empty()) {
      w.Key("aliases");
      w.StartArray();
      for (const std::string& a : e.aliases) Value(w, a);
      w.EndArray();
    }
    if (!e.properties.empty()) {
      w.Key("properties");
      w.StartObject();
      for (const auto& [k, v] : e.properties) {
        w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
        Value(w, v);
      }
      w.EndObject();
    }
    w.Key("mentions");
    w.StartArray();
    for (const Mention& m : e.mentions) {
      w.StartObject();
      Str(w, "text", m.text);
      w.Key("start");
      w.Uint(m.start);
      w.Key("end");
      w.Uint(m.end);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("relations");
  w.StartArray();
  for (const Relation& r : f.relations) {
    w.StartObject();
    Str(w, "subject", r.subject);
    Str(w, "predicate", r.predicate);
    Str(w, "object", r.object);
    w.Key("confidence");
    w.Double(static_cast<double>(static_cast<int>(r.confidence * 1000 + 0.5)) / 1000);
    w.Key("hedged");
    w.Bool(r.hedged);
    Str(w, "sentence", r.sentence);
    w.Key("start");
    w.Uint(r.start);
    w.Key("end");
    w.Uint(r.end);
    Str(w, "rule", r.rule);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

Result<ArticleFacts> FactsFromJson(std::string_view line, const std::string& origin) {
  rapidjson::Document doc;
  size_t stop = 0;
  Status parsed = ParseJson<rapidjson::kParseStopWhenDoneFlag>(line, &doc, &stop);
  if (!parsed.ok()) return parsed.WithContext(origin + ":" + std::to_string(stop + 1));
  auto bad = [&](const std::string& what) { return Status::InvalidArgument(origin + ": " + what); };
  if (!doc.IsObject()) return bad("expected a JSON object");
  auto str = [](const rapidjson::Value& obj, const char* key, std::string* out) {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) return true;
    if (!it->value.IsString()) return false;
    *out = std::string(it->value.GetString(), it->value.GetStringLength());
    return true;
  };
  auto uint = [](const rapidjson::Value& obj, const char* key, uint32_t* out) {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) return true;
    if (!it->value.IsUint()) return false;
    *out = it->value.GetUint();
    return true;
  };
  ArticleFacts f;
  if (!str(doc, "id", &f.id) || !str(doc, "title", &f.title) || !str(doc, "date", &f.date) ||
      !str(doc, "source", &f.source) || !str(doc, "text", &f.text) || !str(doc, "content_hash", &f.content_hash))
    return bad("id, title, date, source, text and content_hash must be strings");
  if (f.content_hash.empty()) f.content_hash = ContentHash(f.text);
  auto ents = doc.FindMember("entities");
  if (ents == doc.MemberEnd() || !ents->value.IsArray()) return bad("missing array \"entities\"");
  for (const auto& v : ents->value.GetArray()) {
    if (!v.IsObject()) return bad("an entity is not an object");
    Entity e;
    if (!str(v, "name", &e.name) || e.name.empty()) return bad("an entity has no \"name\"");
    for (const char* list : {"labels", "aliases"}) {
      auto it = v.FindMember(list);
      if (it == v.MemberEnd()) continue;
      if (!it->value.IsArray()) return bad("entity '" + e.name + "': \"" + list + "\" must be an array");
      for (const auto& s : it->value.GetArray()) {
        if (!s.IsString()) return bad("entity '" + e.name + "': \"" + list + "\" must hold strings");
        (list[0] == 'l' ? e.labels : e.aliases).emplace_back(s.GetString(), s.GetStringLength());
      }
    }
    auto props = v.FindMember("properties");
    if (props != v.MemberEnd() && props->value.IsObject())
      for (const auto& kv : props->value.GetObject())
        if (kv.value.IsString())
          e.properties[std::string(kv.name.GetString(), kv.name.GetStringLength())] =
              std::string(kv.value.GetString(), kv.value.GetStringLength());
    auto mentions = v.FindMember("mentions");
    if (mentions != v.MemberEnd() && mentions->value.IsArray())
      for (const auto& m : mentions->value.GetArray()) {
        Mention mm;
        if (!m.IsObject() || !str(m, "text", &mm.text) || !uint(m, "start", &mm.start) || !uint(m, "end", &mm.end))
          return bad("entity '" + e.name + "': a mention needs text, start, end");
        e.mentions.push_back(std::move(mm));
      }
    f.entities.push_back(std::move(e));
  }
  auto rels = doc.FindMember("relations");
  if (rels == doc.MemberEnd() || !rels->value.IsArray()) return bad("missing array \"relations\"");
  for (const auto& v : rels->value.GetArray()) {
    Relation r;
    if (!v.IsObject() || !str(v, "subject", &r.subject) || !str(v, "predicate", &r.predicate) ||
        !str(v, "object", &r.object) || r.subject.empty() || r.predicate.empty() || r.object.empty())
      return bad("a relation needs string subject, predicate and object");
    if (!str(v, "sentence", &r.sentence) || !str(v, "rule", &r.rule) || !uint(v, "start", &r.start) ||
        !uint(v, "end", &r.end))
      return bad("relation " + r.subject + " " + r.predicate + " " + r.object + ": bad provenance fields");
    auto conf = v.FindMember("confidence");
    if (conf != v.MemberEnd() && conf->value.IsNumber()) r.confidence = conf->value.GetDouble();
    auto hedged = v.FindMember("hedged");
    if (hedged != v.MemberEnd() && hedged->value.IsBool()) r.hedged = hedged->value.GetBool();
    f.relations.push_back(std::move(r));
  }
  return f;
}

}  // namespace newsgraph
