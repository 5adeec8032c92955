// neo4j-admin CSV files into a BulkLoader: headers first (every file is
// classified and checked before any row is read), then node files, then
// relationship files.

#include <map>
#include <memory>

#include "import/csv.h"
#include "import/id_index.h"
#include "import/neo4j_columns.h"
#include "import/readers.h"

namespace newsgraph {

namespace {

using Ref = BulkLoader::Ref;

struct Source {
  InputFile* file;
  std::unique_ptr<CsvReader> reader;
  std::vector<Column> columns;
  bool relationships = false;
  int id = -1, start = -1, end = -1, type = -1, weight = -1;  // column indices
};

class Neo4jReader {
 public:
  Neo4jReader(const ImportReaderOptions& options, BulkLoader* loader, ImportStats* stats)
      : options_(options), loader_(loader), stats_(stats), first_ref_(static_cast<Ref>(loader->nodes())) {}

  Status Run(std::vector<InputFile>* files) {
    std::vector<Source> sources(files->size());
    for (size_t i = 0; i < files->size(); ++i) NG_RETURN_IF_ERROR(Open(&(*files)[i], &sources[i]));
    for (Source& s : sources)
      if (!s.relationships) NG_RETURN_IF_ERROR(ReadNodes(&s));
    for (Source& s : sources)
      if (s.relationships) NG_RETURN_IF_ERROR(ReadRelationships(&s));
    return Status::OK();
  }

 private:
  static Status Err(const Source& s, size_t line, const std::string& what) {
    return Status::InvalidArgument(s.file->path + ":" + std::to_string(line) + ": " + what);
  }

  Status Open(InputFile* file, Source* s) {
    s->file = file;
    s->reader = std::make_unique<CsvReader>(&file->data, options_.delimiter, file->path);
    auto has_header = s->reader->Next(&fields_);
    if (!has_header.ok()) return has_header.status();
    if (!has_header.value()) return Err(*s, 1, "empty file: a neo4j-admin CSV file starts with a header line");
    auto columns = ParseHeader(fields_);
    if (!columns.ok()) return Err(*s, s->reader->line(), columns.status().message());
    s->columns = std::move(columns).value();
    std::map<ColumnKind, int> count;
    for (int i = 0; i < static_cast<int>(s->columns.size()); ++i) {
      const Column& c = s->columns[i];
      ++count[c.kind];
      if (c.kind == ColumnKind::kId) s->id = i;
      if (c.kind == ColumnKind::kStartId) s->start = i;
      if (c.kind == ColumnKind::kEndId) s->end = i;
      if (c.kind == ColumnKind::kType) s->type = i;
      if (c.kind == ColumnKind::kProperty && c.name == "weight" && c.value == ValueKind::kInt && !c.array) s->weight = i;
    }
    for (ColumnKind k : {ColumnKind::kId, ColumnKind::kStartId, ColumnKind::kEndId, ColumnKind::kType})
      if (count[k] > 1) return Err(*s, 1, "the header names " + KindName(k) + " twice");
    s->relationships = s->start >= 0 || s->end >= 0;
    if (s->relationships) {
      if (s->start < 0 || s->end < 0 || s->type < 0)
        return Err(*s, 1, std::string("relationship file without ") +
                              (s->start < 0 ? ":START_ID" : s->end < 0 ? ":END_ID" : ":TYPE") +
                              " column (a relationship file needs :START_ID, :END_ID and :TYPE)");
      if (count[ColumnKind::kLabel]) return Err(*s, 1, "a relationship file cannot have a :LABEL column");
      s->id = -1;  // an :ID column in a relationship file is not used
    } else {
      if (s->id < 0)
        return Err(*s, 1, "neither a node file (no :ID column) nor a relationship file (no :START_ID and :END_ID "
                          "columns); header: " + std::string(Header(*s)));
      if (s->type >= 0) return Err(*s, 1, "a node file cannot have a :TYPE column");
    }
    return Status::OK();
  }

  static std::string KindName(ColumnKind k) {
    switch (k) {
      case ColumnKind::kId: return ":ID";
      case ColumnKind::kStartId: return ":START_ID";
      case ColumnKind::kEndId: return ":END_ID";
      case ColumnKind::kType: return ":TYPE";
      default: return "a column";
    }
  }

  static std::string Header(const Source& s) {
    std::string h;
    for (const Column& c : s.columns) h += (h.empty() ? "" : ",") + c.header;
    return h;
  }

  // Reads the next record with as many fields as the header; false at the end.
  Result<bool> NextRow(Source* s) {
    auto more = s->reader->Next(&fields_);
    if (!more.ok() || !more.value()) return more;
    if (fields_.size() != s->columns.size())
      return Err(*s, s->reader->line(),
                 std::to_string(fields_.size()) + " field" + (fields_.size() == 1 ? "" : "s") + ", but the header has " +
                     std::to_string(s->columns.size()) + " (" + Header(*s) +
                     "): a truncated line, or a field holding the delimiter without quotes");
    return true;
  }

  Status ReadProperties(const Source& s, size_t line, int skip, Properties* props) {
    for (size_t i = 0; i < s.columns.size(); ++i) {
      const Column& c = s.columns[i];
      if (c.kind != ColumnKind::kProperty || static_cast<int>(i) == skip) continue;
      PropertyValue v;
      bool present;
      Status st = ParseField(c, fields_[i], options_.array_delimiter, &v, &present);
      if (!st.ok()) return Err(s, line, st.message());
      if (present) props->emplace(c.name, std::move(v));
    }
    return Status::OK();
  }

  Status ReadNodes(Source* s) {
    auto& space = spaces_[s->columns[s->id].group];
    std::vector<std::string> labels;
    while (true) {
      auto more = NextRow(s);
      if (!more.ok()) return more.status();
      if (!more.value()) break;
      size_t line = s->reader->line();
      std::string_view id = fields_[s->id].text;
      if (id.empty()) return Err(*s, line, "empty :ID (every node needs an id)");
      labels.clear();
      for (size_t i = 0; i < s->columns.size(); ++i)
        if (s->columns[i].kind == ColumnKind::kLabel)
          for (std::string_view l : SplitArray(fields_[i].text, options_.array_delimiter, true)) labels.emplace_back(l);
      Properties props;
      NG_RETURN_IF_ERROR(ReadProperties(*s, line, -1, &props));
      Ref ref = static_cast<Ref>(loader_->nodes()), first_ref;
      if (!space.Insert(id, ref, &first_ref)) {  // views into the file buffer, which outlives the reader
        const Origin& first = origins_[first_ref - first_ref_];
        return Err(*s, line, "node id '" + std::string(id) + "' appears twice (first at " + first.file->path + ":" +
                                 std::to_string(first.line) + ")");
      }
      loader_->AddNode(labels, std::move(props));
      origins_.push_back({s->file, line});
      ++stats_->nodes;
    }
    return Status::OK();
  }

  Status ReadRelationships(Source* s) {
    const std::string* groups[2] = {&s->columns[s->start].group, &s->columns[s->end].group};
    const IdIndex* spaces[2];
    static const IdIndex kEmpty;
    for (int i = 0; i < 2; ++i) {
      auto it = spaces_.find(*groups[i]);
      spaces[i] = it == spaces_.end() ? &kEmpty : &it->second;
    }
    while (true) {
      auto more = NextRow(s);
      if (!more.ok()) return more.status();
      if (!more.value()) break;
      size_t line = s->reader->line();
      Ref ends[2];
      for (int i = 0; i < 2; ++i) {
        std::string_view id = fields_[i == 0 ? s->start : s->end].text;
        ends[i] = spaces[i]->Find(id);
        if (ends[i] == IdIndex::kNone)
          return Err(*s, line, std::string(i == 0 ? ":START_ID" : ":END_ID") + " '" + std::string(id) +
                                   "' is not the :ID of any node" +
                                   (groups[i]->empty() ? "" : " in id space '" + *groups[i] + "'") +
                                   " in the node files");
      }
      std::string_view type = fields_[s->type].text;
      if (type.empty()) return Err(*s, line, "empty :TYPE (every relationship needs a type)");
      int64_t weight = 1;
      if (s->weight >= 0) {
        PropertyValue v;
        bool present;
        Status st = ParseField(s->columns[s->weight], fields_[s->weight], options_.array_delimiter, &v, &present);
        if (!st.ok()) return Err(*s, line, st.message());
        if (present) weight = std::get<int64_t>(v.v);
        if (weight < 0) return Err(*s, line, "negative weight " + std::to_string(weight));
      }
      Properties props;
      NG_RETURN_IF_ERROR(ReadProperties(*s, line, s->weight, &props));
      Status added = loader_->AddEdge(ends[0], type, ends[1], weight, std::move(props));
      if (!added.ok()) return Err(*s, line, added.message());
      ++stats_->edges;
    }
    return Status::OK();
  }

  struct Origin {
    const InputFile* file;
    size_t line;
  };
  const ImportReaderOptions& options_;
  BulkLoader* loader_;
  ImportStats* stats_;
  Ref first_ref_;
  std::vector<CsvField> fields_;
  std::map<std::string, IdIndex> spaces_;  // by :ID group
  std::vector<Origin> origins_;                                             // by Ref - first_ref_
};

}  // namespace

Status ReadNeo4jCsv(std::vector<InputFile>* files, const ImportReaderOptions& options, BulkLoader* loader,
                    ImportStats* stats) {
  Neo4jReader reader(options, loader, stats);
  return reader.Run(files);
}

}  // namespace newsgraph
