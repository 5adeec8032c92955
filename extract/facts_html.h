// The facts of articles as one self-contained HTML page, for reading what
// the rules found (what displaCy is to spaCy): each article's text with its
// entity mentions highlighted by label, the sentences that carry a relation
// marked, and a table of its relations linking back to those sentences.
//
//   FactsHtmlWriter page(&file);
//   for (...) NG_RETURN_IF_ERROR(page.Add(facts));
//   NG_RETURN_IF_ERROR(page.Finish());
//
// Contract:
//  - Streams: Add writes one article's section at once and keeps only
//    counters (articles, entities, relations by predicate, labels seen), so
//    a corpus of any size is never held in memory. The summary and the
//    legend, known only at the end, are written by Finish after the last
//    article and placed at the top of the page by CSS (no script).
//  - The page has inline CSS and nothing else: no script, no external
//    resource. Every string from the facts (text, title, names, labels,
//    rule ids) is escaped for HTML.
//  - Offsets are byte offsets into ArticleFacts::text, as in facts.h. Spans
//    out of range or empty are left out; a span that cuts a UTF-8 sequence
//    is widened to whole characters. Mentions that overlap without nesting
//    keep the one that starts first (the longer at equal starts); nested
//    ones are drawn nested. Relation sentences are kept when they do not
//    overlap an earlier one; a mention crossing a kept sentence's edge is
//    left out. So the elements always nest.
//  - Element ids, numbered from 1 as the page shows them: "aN" for the Nth
//    article added, "aN-sK" for its Kth marked sentence, "aN-rK" for its
//    Kth relation row (which links to "#aN-sK").
//
// Not thread-safe; `out` must outlive the writer. Write errors are returned
// as IOError (the caller names the file).
#ifndef NEWSGRAPH_EXTRACT_FACTS_HTML_H_
#define NEWSGRAPH_EXTRACT_FACTS_HTML_H_

#include <cstddef>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <string_view>

#include "base/status.h"
#include "extract/facts.h"

namespace newsgraph {

class FactsHtmlWriter {
 public:
  // Writes the page head (title `page_title`) and its stylesheet to *out.
  explicit FactsHtmlWriter(std::ostream* out, std::string_view page_title = "newsgraph extract");
  FactsHtmlWriter(const FactsHtmlWriter&) = delete;  // one writer per page
  FactsHtmlWriter& operator=(const FactsHtmlWriter&) = delete;

  // Writes the section of one article. After Finish: an Internal error.
  Status Add(const ArticleFacts& facts);

  // Writes the summary, the legend and the end of the page, and flushes.
  // Call after the last Add (again: nothing more is written); a page
  // without it is cut short.
  Status Finish();

 private:
  Status Check() const;

  std::ostream* out_;                          // not owned
  size_t articles_ = 0, entities_ = 0, mentions_ = 0, relations_ = 0, hedged_ = 0;
  std::map<std::string, size_t> predicates_;   // relation count per predicate
  std::set<std::string> labels_;               // every label seen
  bool finished_ = false;
};

// `s` with & < > " ' replaced by character references, and control
// characters other than tab, newline and return by U+FFFD: safe in element
// text and in quoted attribute values.
std::string HtmlEscape(std::string_view s);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_FACTS_HTML_H_
