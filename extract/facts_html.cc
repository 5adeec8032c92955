#include "extract/facts_html.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace newsgraph {

namespace {

// The type labels of the default gazetteer, in legend order, each with its
// colour (displaCy's palette where it has a like: ORG, PERSON, NORP, GPE,
// LOC). When an entity has several, the first in this order colours it. A
// label from other rules gets kOtherClass.
struct LabelStyle {
  const char* label;
  const char* colour;
};
constexpr LabelStyle kTypeLabels[] = {
    {"Company", "#7aecec"}, {"Organization", "#9cc9cc"}, {"Agency", "#bfe1d9"}, {"Media", "#f0d0ff"},
    {"Person", "#aa9cfc"},  {"Group", "#c887fb"},        {"Country", "#feca74"}, {"Place", "#ff9561"}};
constexpr size_t kNumTypeLabels = sizeof(kTypeLabels) / sizeof(kTypeLabels[0]);
constexpr const char* kOtherClass = "cx";
// What an entity is for, shown as a badge after its type label.
constexpr const char* kRoleLabels[] = {"Investor", "Provider"};

bool IsRole(const std::string& label) {
  return std::find_if(std::begin(kRoleLabels), std::end(kRoleLabels),
                      [&](const char* r) { return label == r; }) != std::end(kRoleLabels);
}

// Index in kTypeLabels, or kNumTypeLabels for a label it lacks.
size_t TypeIndex(const std::string& label) {
  for (size_t i = 0; i < kNumTypeLabels; ++i)
    if (label == kTypeLabels[i].label) return i;
  return kNumTypeLabels;
}

std::string ColourClass(size_t type_index) {
  return type_index < kNumTypeLabels ? "c" + std::to_string(type_index) : kOtherClass;
}

void AppendStyle(std::string* css) {
  *css +=
      "body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;max-width:1100px;"
      "margin:0 auto;padding:1em 1.5em;display:flex;flex-direction:column}\n"
      // Finish writes the summary last; it is shown first.
      "body>header{order:-2}.sum{order:-1;background:#f6f6f6;border:1px solid #ddd;border-radius:6px;"
      "padding:.4em 1em;margin:.5em 0}\n"
      "h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.25em;margin:.2em 0}h3{font-size:1em;margin:1em 0 .3em}\n"
      ".sum p{margin:.4em 0}.art{border-top:2px solid #ccc;margin-top:1.2em;padding-top:.4em}\n"
      ".meta{color:#666;font-size:.9em;margin:.1em 0 .6em}.none{color:#888}\n"
      ".text{white-space:pre-wrap;line-height:2.1;overflow-wrap:anywhere}.legend>*{white-space:nowrap}\n"
      "mark.e{color:inherit;padding:.12em .35em;border-radius:.35em;-webkit-box-decoration-break:clone;"
      "box-decoration-break:clone}mark.e mark.e{padding:0 .2em}\n"
      ".t,.r{font-size:.6em;font-weight:bold;text-transform:uppercase;letter-spacing:.03em;vertical-align:middle;"
      "margin-left:.4em}.r{border:1px solid #555;border-radius:.7em;padding:0 .35em;background:#fff;"
      "margin-left:.3em}\n";
  for (size_t i = 0; i < kNumTypeLabels; ++i)
    *css += ".c" + std::to_string(i) + "{background:" + kTypeLabels[i].colour + "}";
  *css += std::string(".") + kOtherClass + "{background:#ddd}\n";
  *css +=
      ".rs{background:#fff6c7;border-bottom:2px solid #e0b400}.rs.h{background:#fffbea;border-bottom-style:dashed}"
      ".rs:target{outline:2px solid #e8590c}\n"
      ".rn{font-size:.7em;vertical-align:super;margin-left:.25em;text-decoration:none;white-space:nowrap}\n"
      "table.rels{border-collapse:collapse;width:100%;font-size:.88em}"
      ".rels th,.rels td{border-bottom:1px solid #ddd;padding:.3em .4em;text-align:left;vertical-align:top}"
      ".rels th{background:#f2f2f2}.rels tr.h td{font-style:italic;color:#555;border-bottom-style:dashed}"
      ".rels tr:target td{background:#fff3bf}.rels td.n{text-align:right;font-variant-numeric:tabular-nums}"
      ".rels a{text-decoration:none}.p{font-family:monospace;white-space:nowrap}\n"
      ".su{background:#d6e6ff;font-weight:600}.ob{background:#ffdcc8;font-weight:600}"
      ".rels tr.h .su,.rels tr.h .ob{border-bottom:2px dashed #888}\n";
}

// Calls put(run) on runs of `s` and on character references, in order.
template <typename Put>
void Escape(std::string_view s, Put&& put) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* ref = nullptr;
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '&': ref = "&amp;"; break;
      case '<': ref = "&lt;"; break;
      case '>': ref = "&gt;"; break;
      case '"': ref = "&quot;"; break;
      case '\'': ref = "&#39;"; break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ref = "\xEF\xBF\xBD";  // U+FFFD
    }
    if (ref == nullptr) continue;
    put(s.substr(run, i - run));
    put(std::string_view(ref));
    run = i + 1;
  }
  put(s.substr(run));
}

void WriteEscaped(std::ostream& out, std::string_view s) {
  Escape(s, [&](std::string_view run) { out.write(run.data(), static_cast<std::streamsize>(run.size())); });
}

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Widens [*start, *end) to whole UTF-8 characters of `text`; false when the
// span is empty or does not lie in [lo, hi).
bool Snap(std::string_view text, uint32_t lo, uint32_t hi, uint32_t* start, uint32_t* end) {
  if (*start >= *end || *end > text.size()) return false;
  while (*start > 0 && IsContinuation(text[*start])) --*start;
  while (*end < text.size() && IsContinuation(text[*end])) ++*end;
  return lo <= *start && *end <= hi;
}

// A stretch of text drawn as one element.
enum SpanKind { kSentence, kMention, kSubject, kObject };
struct Span {
  uint32_t start = 0, end = 0;
  SpanKind kind = kMention;
  size_t index = 0;  // kSentence: its number from 0; otherwise the entity's index
};

// Outer before inner: by start, then longer first, then sentences first.
bool OuterFirst(const Span& a, const Span& b) {
  if (a.start != b.start) return a.start < b.start;
  if (a.end != b.end) return a.end > b.end;
  return a.kind < b.kind;
}

// Writes text[begin, end) escaped, wrapping each span of `spans` (sorted by
// OuterFirst, all inside [begin, end), on whole characters) in open/close.
// A span that crosses one still open is skipped, so the elements nest.
void WriteNested(std::ostream& out, std::string_view text, uint32_t begin, uint32_t end,
                 const std::vector<Span>& spans, const std::function<void(const Span&)>& open,
                 const std::function<void(const Span&)>& close) {
  std::vector<const Span*> stack;
  uint32_t pos = begin;
  auto text_to = [&](uint32_t to) {
    WriteEscaped(out, text.substr(pos, to - pos));
    pos = to;
  };
  auto pop = [&] {
    text_to(stack.back()->end);
    close(*stack.back());
    stack.pop_back();
  };
  for (const Span& s : spans) {
    while (!stack.empty() && stack.back()->end <= s.start) pop();
    if (!stack.empty() && s.end > stack.back()->end) continue;
    text_to(s.start);
    open(s);
    stack.push_back(&s);
  }
  while (!stack.empty()) pop();
  text_to(end);
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// How one entity's mentions are drawn: the tags around each mention.
struct EntityMarkup {
  std::string open;   // <mark ...>
  std::string close;  // label tag, role badges, </mark>
};

EntityMarkup MarkupOf(const Entity& e) {
  size_t type = kNumTypeLabels;
  std::string tag;
  for (const std::string& l : e.labels) {
    if (IsRole(l)) continue;
    size_t t = TypeIndex(l);
    if (tag.empty() || t < type) type = t, tag = l;
  }
  EntityMarkup m;
  m.open = "<mark class=\"e " + ColourClass(type) + "\" title=\"" + HtmlEscape(e.name) + " \xE2\x80\x94 " +
           HtmlEscape(Join(e.labels, ", ")) + "\">";
  if (!tag.empty()) m.close = "<span class=\"t\">" + HtmlEscape(tag) + "</span>";
  for (const std::string& l : e.labels)
    if (IsRole(l)) m.close += "<span class=\"r\">" + HtmlEscape(l) + "</span>";
  m.close += "</mark>";
  return m;
}

}  // namespace

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  Escape(s, [&](std::string_view run) { out.append(run); });
  return out;
}

FactsHtmlWriter::FactsHtmlWriter(std::ostream* out, std::string_view page_title) : out_(out) {
  std::string css;
  AppendStyle(&css);
  *out_ << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << HtmlEscape(page_title)
        << "</title>\n<style>\n" << css << "</style>\n</head>\n<body>\n<header><h1>" << HtmlEscape(page_title)
        << "</h1></header>\n";
}

Status FactsHtmlWriter::Check() const {
  return *out_ ? Status::OK() : Status::IOError("cannot write the HTML page");
}

Status FactsHtmlWriter::Add(const ArticleFacts& f) {
  if (finished_) return Status::Internal("FactsHtmlWriter::Add after Finish");
  std::ostream& out = *out_;
  const std::string_view text = f.text;
  const uint32_t size = static_cast<uint32_t>(std::min<size_t>(text.size(), UINT32_MAX));
  const std::string a = "a" + std::to_string(++articles_);
  entities_ += f.entities.size();
  relations_ += f.relations.size();

  std::vector<EntityMarkup> markup;
  std::unordered_map<std::string_view, size_t> by_name;
  for (size_t i = 0; i < f.entities.size(); ++i) {
    markup.push_back(MarkupOf(f.entities[i]));
    by_name.emplace(f.entities[i].name, i);
    labels_.insert(f.entities[i].labels.begin(), f.entities[i].labels.end());
  }

  // The relation sentences, each once, kept when clear of the ones before;
  // a relation is marked in the kept sentence holding its start.
  std::vector<Span> sentences;
  for (const Relation& r : f.relations) {
    Span s{r.start, r.end, kSentence, 0};
    if (Snap(text, 0, size, &s.start, &s.end)) sentences.push_back(s);
  }
  std::sort(sentences.begin(), sentences.end(), OuterFirst);
  std::vector<Span> spans;
  for (const Span& s : sentences)
    if (spans.empty() || s.start >= spans.back().end) spans.push_back(Span{s.start, s.end, kSentence, spans.size()});
  const size_t num_sentences = spans.size();
  auto sentence_of = [&](const Relation& r) -> size_t {  // num_sentences: none
    auto it = std::upper_bound(spans.begin(), spans.begin() + num_sentences, r.start,
                               [](uint32_t pos, const Span& s) { return pos < s.start; });
    if (it == spans.begin() || r.start >= (it - 1)->end) return num_sentences;
    return static_cast<size_t>(it - 1 - spans.begin());
  };
  std::vector<size_t> rel_sentence(f.relations.size());
  std::vector<std::vector<size_t>> sentence_rels(num_sentences);
  for (size_t i = 0; i < f.relations.size(); ++i) {
    rel_sentence[i] = sentence_of(f.relations[i]);
    if (rel_sentence[i] < num_sentences) sentence_rels[rel_sentence[i]].push_back(i);
  }

  // Mentions, less those crossing a kept sentence's edge.
  for (size_t i = 0; i < f.entities.size(); ++i) {
    for (const Mention& m : f.entities[i].mentions) {
      Span s{m.start, m.end, kMention, i};
      if (!Snap(text, 0, size, &s.start, &s.end)) continue;
      ++mentions_;
      auto it = std::upper_bound(spans.begin(), spans.begin() + num_sentences, s.start,
                                 [](uint32_t pos, const Span& t) { return pos < t.end; });
      if (it != spans.begin() + num_sentences && it->start < s.end && (it->start > s.start || s.end > it->end))
        continue;
      spans.push_back(s);
    }
  }
  std::sort(spans.begin(), spans.end(), OuterFirst);

  out << "<article id=\"" << a << "\" class=\"art\">\n<h2>" << HtmlEscape(f.title.empty() ? f.id : f.title)
      << "</h2>\n<p class=\"meta\">id <code>" << HtmlEscape(f.id) << "</code>";
  if (!f.source.empty()) out << " \xC2\xB7 source " << HtmlEscape(f.source);
  if (!f.date.empty()) out << " \xC2\xB7 " << HtmlEscape(f.date);
  out << " \xC2\xB7 " << f.entities.size() << " entities \xC2\xB7 " << f.relations.size() << " relations</p>\n"
      << "<div class=\"text\">";
  WriteNested(
      out, text, 0, size, spans,
      [&](const Span& s) {
        if (s.kind == kMention) {
          out << markup[s.index].open;
          return;
        }
        bool all_hedged = true;
        std::string title;
        for (size_t r : sentence_rels[s.index]) {
          const Relation& rel = f.relations[r];
          all_hedged = all_hedged && rel.hedged;
          title += (title.empty() ? "" : "\n") + rel.subject + " " + rel.predicate + " " + rel.object +
                   (rel.hedged ? " (hedged)" : "");
        }
        out << "<span class=\"rs" << (all_hedged ? " h" : "") << "\" id=\"" << a << "-s" << s.index + 1
            << "\" title=\"" << HtmlEscape(title) << "\">";
      },
      [&](const Span& s) {
        if (s.kind == kMention) {
          out << markup[s.index].close;
          return;
        }
        const std::vector<size_t>& rels = sentence_rels[s.index];
        out << "<a class=\"rn\" href=\"#" << a << "-r" << rels.front() + 1 << "\" title=\"to the relation table\">"
            << rels.size() << (rels.size() == 1 ? " relation" : " relations") << "</a></span>";
      });
  out << "</div>\n";

  if (f.relations.empty()) {
    out << "<p class=\"none\">No relations.</p>\n</article>\n";
    return Check();
  }
  out << "<h3>Relations</h3>\n<table class=\"rels\">\n<thead><tr><th>#</th><th>subject</th><th>predicate</th>"
         "<th>object</th><th>conf.</th><th>hedged</th><th>rule</th><th>evidence</th></tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < f.relations.size(); ++i) {
    const Relation& r = f.relations[i];
    ++predicates_[r.predicate];
    if (r.hedged) ++hedged_;
    out << "<tr id=\"" << a << "-r" << i + 1 << "\"" << (r.hedged ? " class=\"h\"" : "") << "><td>";
    if (rel_sentence[i] < num_sentences)
      out << "<a href=\"#" << a << "-s" << rel_sentence[i] + 1 << "\" title=\"show in the text\">" << i + 1 << "</a>";
    else
      out << i + 1;
    char conf[32];
    std::snprintf(conf, sizeof conf, "%.2f", r.confidence);
    out << "</td><td>" << HtmlEscape(r.subject) << "</td><td class=\"p\">" << HtmlEscape(r.predicate) << "</td><td>"
        << HtmlEscape(r.object) << "</td><td class=\"n\">" << conf << "</td><td>" << (r.hedged ? "hedged" : "")
        << "</td><td><code>" << HtmlEscape(r.rule) << "</code></td><td>";
    // The evidence from the article text, so the mentions' offsets apply;
    // the sentence as stored when the text there differs.
    uint32_t start = r.start, end = r.end;
    if (!Snap(text, 0, size, &start, &end) || text.substr(r.start, r.end - r.start) != r.sentence) {
      WriteEscaped(out, r.sentence);
    } else {
      std::vector<Span> roles;
      for (auto [name, kind] : {std::pair(&r.subject, kSubject), std::pair(&r.object, kObject)}) {
        auto e = by_name.find(*name);
        if (e == by_name.end()) continue;
        for (const Mention& m : f.entities[e->second].mentions) {
          Span s{m.start, m.end, kind, e->second};
          if (Snap(text, start, end, &s.start, &s.end)) roles.push_back(s);
        }
      }
      std::sort(roles.begin(), roles.end(), OuterFirst);
      WriteNested(
          out, text, start, end, roles,
          [&](const Span& s) { out << (s.kind == kSubject ? "<b class=\"su\">" : "<b class=\"ob\">"); },
          [&](const Span&) { out << "</b>"; });
    }
    out << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</article>\n";
  return Check();
}

Status FactsHtmlWriter::Finish() {
  if (finished_) return Check();
  finished_ = true;
  std::ostream& out = *out_;
  out << "<section class=\"sum\">\n<p><b>" << articles_ << "</b> article" << (articles_ == 1 ? "" : "s")
      << " \xC2\xB7 <b>" << entities_ << "</b> entities (<b>" << mentions_ << "</b> mentions) \xC2\xB7 <b>"
      << relations_ << "</b> relations (<b>" << hedged_ << "</b> hedged)</p>\n";
  if (!predicates_.empty()) {
    std::vector<std::pair<std::string, size_t>> by_count(predicates_.begin(), predicates_.end());
    std::stable_sort(by_count.begin(), by_count.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    out << "<p>";
    for (size_t i = 0; i < by_count.size(); ++i)
      out << (i ? " \xC2\xB7 " : "") << "<span class=\"p\">" << HtmlEscape(by_count[i].first) << "</span> <b>"
          << by_count[i].second << "</b>";
    out << "</p>\n";
  }
  // The legend: labels seen, types in kTypeLabels order, then others, then roles.
  std::vector<std::string> types, others, roles;
  for (size_t i = 0; i < kNumTypeLabels; ++i)
    if (labels_.count(kTypeLabels[i].label)) types.push_back(kTypeLabels[i].label);
  for (const std::string& l : labels_) {
    if (IsRole(l)) roles.push_back(l);
    else if (TypeIndex(l) == kNumTypeLabels) others.push_back(l);
  }
  out << "<p class=\"legend\">Labels: ";
  for (const std::string& l : types)
    out << "<mark class=\"e " << ColourClass(TypeIndex(l)) << "\">" << HtmlEscape(l) << "</mark> ";
  for (const std::string& l : others) out << "<mark class=\"e " << kOtherClass << "\">" << HtmlEscape(l) << "</mark> ";
  for (const std::string& l : roles) out << "<span class=\"r\">" << HtmlEscape(l) << "</span> ";
  out << " \xC2\xB7 Sentences: <span class=\"rs\">with a relation</span> <span class=\"rs h\">with hedged ones only</span></p>\n"
      << "</section>\n</body>\n</html>\n";
  out.flush();
  return Check();
}

}  // namespace newsgraph
