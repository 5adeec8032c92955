// neo4j-admin CSV files into a BulkLoader: headers first (every file is
// classified and checked before any row is read), then node files, then
// relationship files (big ones parsed by several threads).

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <memory>
#include <thread>

#include "graph/bulk_loader.h"
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
    auto has_header = s->reader->Next(&header_);
    if (!has_header.ok()) return has_header.status();
    if (!has_header.value()) return Err(*s, 1, "empty file: a neo4j-admin CSV file starts with a header line");
    auto columns = ParseHeader(header_);
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

  // Reads the next record, which must have as many fields as the header,
  // into *fields; false at the end.
  static Result<bool> NextRow(const Source& s, CsvReader* reader, std::vector<CsvField>* fields) {
    auto more = reader->Next(fields);
    if (!more.ok() || !more.value()) return more;
    if (fields->size() != s.columns.size())
      return Err(s, reader->line(),
                 std::to_string(fields->size()) + " field" + (fields->size() == 1 ? "" : "s") + ", but the header has " +
                     std::to_string(s.columns.size()) + " (" + Header(s) +
                     "): a truncated line, or a field holding the delimiter without quotes");
    return true;
  }

  Status ReadProperties(const Source& s, const std::vector<CsvField>& fields, size_t line, int skip,
                        Properties* props) const {
    for (size_t i = 0; i < s.columns.size(); ++i) {
      const Column& c = s.columns[i];
      if (c.kind != ColumnKind::kProperty || static_cast<int>(i) == skip) continue;
      PropertyValue v;
      bool present;
      Status st = ParseField(c, fields[i], options_.array_delimiter, &v, &present);
      if (!st.ok()) return Err(s, line, st.message());
      if (present) props->emplace(c.name, std::move(v));
    }
    return Status::OK();
  }

  // The property a named :ID column stores: the id as a string, or as a
  // long with --id-type integer.
  Status IdProperty(const Source& s, std::string_view id, size_t line, Properties* props) const {
    const Column& c = s.columns[s.id];
    if (c.name.empty()) return Status::OK();
    if (options_.id_type == IdType::kString) {
      props->emplace(c.name, std::string(id));
      return Status::OK();
    }
    Column as_long = c;
    as_long.value = ValueKind::kInt;
    PropertyValue v;
    bool present;
    Status st = ParseField(as_long, CsvField{id, false}, options_.array_delimiter, &v, &present);
    if (!st.ok()) return Err(s, line, "'" + std::string(id) + "' in column '" + c.header + "' is not an integer (--id-type integer)");
    props->emplace(c.name, std::move(v));
    return Status::OK();
  }

  Status ReadNodes(Source* s) {
    auto& space = spaces_[s->columns[s->id].group];
    const std::string& id_name = s->columns[s->id].name;
    std::set<std::string> indexed;  // labels whose id index is requested
    std::vector<std::string> labels;
    std::vector<CsvField> fields;
    while (true) {
      auto more = NextRow(*s, s->reader.get(), &fields);
      if (!more.ok()) return more.status();
      if (!more.value()) break;
      size_t line = s->reader->line();
      std::string_view id = fields[s->id].text;
      if (id.empty()) return Err(*s, line, "empty :ID (every node needs an id)");
      labels.clear();
      for (size_t i = 0; i < s->columns.size(); ++i)
        if (s->columns[i].kind == ColumnKind::kLabel)
          for (std::string_view l : SplitArray(fields[i].text, options_.array_delimiter, true)) labels.emplace_back(l);
      Properties props;
      NG_RETURN_IF_ERROR(ReadProperties(*s, fields, line, -1, &props));
      NG_RETURN_IF_ERROR(IdProperty(*s, id, line, &props));
      if (!id_name.empty())
        for (const std::string& l : labels)
          if (indexed.insert(l).second) loader_->IndexProperty({l, id_name});
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

  struct EdgeRow {
    Ref ends[2];
    std::string_view type;  // into the file buffer
    int64_t weight;
    Properties props;
  };

  // One relationship record; const, so chunks can be parsed in parallel.
  Status ParseEdge(const Source& s, const IdIndex* const spaces[2], const std::vector<CsvField>& fields, size_t line,
                   EdgeRow* row) const {
    for (int i = 0; i < 2; ++i) {
      std::string_view id = fields[i == 0 ? s.start : s.end].text;
      row->ends[i] = spaces[i]->Find(id);
      if (row->ends[i] == IdIndex::kNone) {
        const std::string& group = s.columns[i == 0 ? s.start : s.end].group;
        return Err(s, line, std::string(i == 0 ? ":START_ID" : ":END_ID") + " '" + std::string(id) +
                                "' is not the :ID of any node" + (group.empty() ? "" : " in id space '" + group + "'") +
                                " in the node files");
      }
    }
    row->type = fields[s.type].text;
    if (row->type.empty()) return Err(s, line, "empty :TYPE (every relationship needs a type)");
    row->weight = 1;
    if (s.weight >= 0) {
      PropertyValue v;
      bool present;
      Status st = ParseField(s.columns[s.weight], fields[s.weight], options_.array_delimiter, &v, &present);
      if (!st.ok()) return Err(s, line, st.message());
      if (present) row->weight = std::get<int64_t>(v.v);
      if (row->weight < 0) return Err(s, line, "negative weight " + std::to_string(row->weight));
    }
    return ReadProperties(s, fields, line, s.weight, &row->props);
  }

  Status Add(const Source& s, EdgeRow* row, size_t line) {
    Status added = loader_->AddEdge(row->ends[0], row->type, row->ends[1], row->weight, std::move(row->props));
    if (!added.ok()) return Err(s, line, added.message());
    ++stats_->edges;
    return Status::OK();
  }

  // The records after the header are read in chunks cut at line ends, when
  // no field is quoted (so that every line is a record) and the file is
  // big: this thread adds the first chunk's rows as it reads them, the
  // other threads parse theirs into buffers added afterwards, in order.
  Status ReadRelationships(Source* s) {
    const IdIndex* spaces[2];
    static const IdIndex kEmpty;
    for (int i = 0; i < 2; ++i) {
      auto it = spaces_.find(s->columns[i == 0 ? s->start : s->end].group);
      spaces[i] = it == spaces_.end() ? &kEmpty : &it->second;
    }
    char* rest = s->file->data.data() + s->reader->offset();
    size_t size = s->file->data.size() - s->reader->offset();
    struct Buffered {  // a parsed row, compact: properties are rare and kept aside
      Ref ends[2];
      uint32_t props;  // index into Chunk::props, or kNone
      std::string_view type;
      int64_t weight;
      size_t line;
    };
    static constexpr uint32_t kNone = ~uint32_t{0};
    struct Chunk {
      char* begin;
      size_t size, first_line;
      std::vector<Buffered> rows;
      std::vector<Properties> props;
      Status status;
    };
    std::vector<Chunk> chunks;
    size_t parts = size < (size_t{4} << 20) || std::memchr(rest, '"', size)
                       ? 1
                       : std::min(4u, std::max(1u, std::thread::hardware_concurrency()));
    size_t line = s->reader->next_line();
    for (size_t p = 0, from = 0; p < parts && from < size; ++p) {
      size_t to = p + 1 == parts ? size : from + size / parts;
      while (to < size && rest[to - 1] != '\n') ++to;
      chunks.push_back({rest + from, to - from, line, {}, {}, Status::OK()});
      size_t lines = static_cast<size_t>(std::count(rest + from, rest + to, '\n'));
      if (p > 0) chunks.back().rows.reserve(lines + 1);
      line += lines;
      from = to;
    }
    auto parse = [&](Chunk& c, bool direct) {
      CsvReader reader(c.begin, c.size, options_.delimiter, s->file->path, c.first_line);
      std::vector<CsvField> fields;
      while (true) {
        auto more = NextRow(*s, &reader, &fields);
        if (!more.ok()) return more.status();
        if (!more.value()) return Status::OK();
        EdgeRow row;
        NG_RETURN_IF_ERROR(ParseEdge(*s, spaces, fields, reader.line(), &row));
        if (direct) {
          NG_RETURN_IF_ERROR(Add(*s, &row, reader.line()));
          continue;
        }
        uint32_t props = kNone;
        if (!row.props.empty()) {
          props = static_cast<uint32_t>(c.props.size());
          c.props.push_back(std::move(row.props));
        }
        c.rows.push_back({{row.ends[0], row.ends[1]}, props, row.type, row.weight, reader.line()});
      }
    };
    std::vector<std::thread> workers;
    for (size_t i = 1; i < chunks.size(); ++i) workers.emplace_back([&, i] { chunks[i].status = parse(chunks[i], false); });
    if (!chunks.empty()) chunks[0].status = parse(chunks[0], true);
    for (std::thread& t : workers) t.join();
    for (Chunk& c : chunks) {
      NG_RETURN_IF_ERROR(c.status);
      for (Buffered& b : c.rows) {
        EdgeRow row{{b.ends[0], b.ends[1]}, b.type, b.weight, {}};
        if (b.props != kNone) row.props = std::move(c.props[b.props]);
        NG_RETURN_IF_ERROR(Add(*s, &row, b.line));
      }
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
  std::vector<CsvField> header_;
  std::map<std::string, IdIndex> spaces_;  // by :ID group
  std::vector<Origin> origins_;            // by Ref - first_ref_
};

}  // namespace

Status ReadNeo4jCsv(std::vector<InputFile>* files, const ImportReaderOptions& options, BulkLoader* loader,
                    ImportStats* stats) {
  Neo4jReader reader(options, loader, stats);
  return reader.Run(files);
}

}  // namespace newsgraph
