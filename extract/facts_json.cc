#include "extract/facts_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <unordered_set>

#include "base/hash.h"
#include "base/json.h"
#include "base/utf8.h"
#include "extract/article_reader.h"
#include "extract/rules.h"

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

// [start, end) must lie in `text`, on character boundaries; `*quoted`, the
// text there, is taken from it when empty and must equal it when not.
Status Span(const std::string& text, uint32_t start, uint32_t end, std::string* quoted) {
  auto boundary = [&](uint32_t at) { return at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80; };
  if (start > end || end > text.size() || !boundary(start) || !boundary(end))
    return Status::InvalidArgument("span [" + std::to_string(start) + ", " + std::to_string(end) +
                                   ") is not a piece of the " + std::to_string(text.size()) + "-byte text");
  std::string_view there(text.data() + start, end - start);
  if (quoted->empty()) *quoted = std::string(there);
  else if (*quoted != there)
    return Status::InvalidArgument("'" + *quoted + "' is not the text at [" + std::to_string(start) + ", " +
                                   std::to_string(end) + ")");
  return Status::OK();
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
  line = DropByteOrderMark(line);
  rapidjson::Document doc;
  size_t stop = 0;
  Status parsed =
      ParseJson<rapidjson::kParseStopWhenDoneFlag | rapidjson::kParseValidateEncodingFlag>(line, &doc, &stop);
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
  // The store knows an article by the hash of its text: a hash that is not
  // the text's would hide another article (or name a path).
  if (f.text.empty()) return bad("no \"text\": facts to ingest are written by `extract --with-text`");
  NG_RETURN_IF_ERROR(CheckArticleText(f.text, origin));
  std::string hash = ContentHash(f.text);
  if (!f.content_hash.empty() && f.content_hash != hash)
    return bad("\"content_hash\" '" + f.content_hash + "' is not the hash of \"text\" (" + hash + ")");
  f.content_hash = std::move(hash);
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
        if (s.GetStringLength() == 0) return bad("entity '" + e.name + "': an empty string in \"" + list + "\"");
      }
    }
    for (const std::string& label : e.labels)
      if (label == "Article") return bad("entity '" + e.name + "': label \"Article\" is the store's own, for articles");
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
        NG_RETURN_IF_ERROR(Span(f.text, mm.start, mm.end, &mm.text).WithContext(origin + ": entity '" + e.name + "'"));
        e.mentions.push_back(std::move(mm));
      }
    f.entities.push_back(std::move(e));
  }
  std::unordered_set<std::string_view> names;
  for (const Entity& e : f.entities) names.insert(e.name);
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
    const std::string what = "relation " + r.subject + " " + r.predicate + " " + r.object;
    if (!IsRelationPredicate(r.predicate))
      return bad(what + ": the predicate is not UPPER_SNAKE_CASE, or is MENTIONS (the store's own)");
    for (const std::string* end : {&r.subject, &r.object})
      if (!names.count(*end))
        return bad(what + ": '" + *end + "' is not one of the article's \"entities\"");
    NG_RETURN_IF_ERROR(Span(f.text, r.start, r.end, &r.sentence).WithContext(origin + ": " + what));
    auto conf = v.FindMember("confidence");
    if (conf != v.MemberEnd() && conf->value.IsNumber()) r.confidence = conf->value.GetDouble();
    if (!(r.confidence >= 0 && r.confidence <= 1)) return bad(what + ": \"confidence\" is not between 0 and 1");
    auto hedged = v.FindMember("hedged");
    if (hedged != v.MemberEnd() && hedged->value.IsBool()) r.hedged = hedged->value.GetBool();
    f.relations.push_back(std::move(r));
  }
  return f;
}

}  // namespace newsgraph
