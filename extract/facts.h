// The facts an article yields: what extract/ produces and graph/ stores.
// Plain values with no behaviour; see facts_json.h for their JSON form
// (the "facts JSON" of DESIGN.md, one object per article).
#ifndef NEWSGRAPH_EXTRACT_FACTS_H_
#define NEWSGRAPH_EXTRACT_FACTS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace newsgraph {

// One article as read. `text` is exactly the bytes read (UTF-8); every
// offset in the facts refers to it. `origin` says where it came from
// ("corpus/a.txt", "feed.jsonl:12") for messages.
struct Article {
  std::string id;
  std::string title;
  std::string date;
  std::string source;
  std::string text;
  std::string origin;
  // ContentHash(text) when the caller has it already (ingest checks it
  // before extracting); "" and Extract computes it.
  std::string content_hash;
};

// A span of the article text: [start, end) in bytes.
struct Mention {
  std::string text;
  uint32_t start = 0;
  uint32_t end = 0;
};

struct Entity {
  std::string name;                  // canonical name
  std::vector<std::string> labels;   // sorted, unique
  std::vector<std::string> aliases;  // other names the gazetteer knows
  std::map<std::string, std::string> properties;
  std::vector<Mention> mentions;
};

struct Relation {
  std::string subject;    // canonical entity names
  std::string predicate;  // UPPER_SNAKE_CASE
  std::string object;
  double confidence = 0;
  bool hedged = false;
  std::string sentence;   // the evidence sentence as written
  uint32_t start = 0;     // byte span of that sentence in the article text
  uint32_t end = 0;
  std::string rule;       // id of the rule that fired
};

struct ArticleFacts {
  std::string id;
  std::string title;
  std::string date;
  std::string source;
  std::string content_hash;  // of `text`; identifies the article in the store
  std::string text;          // kept so the store can re-extract later
  std::vector<Entity> entities;
  std::vector<Relation> relations;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_FACTS_H_
