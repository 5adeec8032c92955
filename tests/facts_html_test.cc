// FactsHtmlWriter (extract/facts_html.h): escaping, whole UTF-8 characters,
// nesting of overlapping mentions, links to sentences, and the legend.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>

#include "extract/facts_html.h"

namespace newsgraph {
namespace {

// The mention of `surface` at its first place in `text` from `from`.
Mention At(const std::string& text, const std::string& surface, size_t from = 0) {
  size_t pos = text.find(surface, from);
  REQUIRE(pos != std::string::npos);
  return Mention{surface, static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + surface.size())};
}

Entity MakeEntity(const std::string& name, std::vector<std::string> labels, std::vector<Mention> mentions) {
  Entity e;
  e.name = name;
  e.labels = std::move(labels);
  e.mentions = std::move(mentions);
  return e;
}

// A relation whose evidence is the sentence of `text` holding `inside`.
Relation MakeRelation(const std::string& text, const std::string& s, const std::string& p, const std::string& o,
                      const std::string& inside, bool hedged = false) {
  size_t at = text.find(inside);
  REQUIRE(at != std::string::npos);
  size_t start = text.rfind(". ", at);
  start = start == std::string::npos ? 0 : start + 2;
  size_t end = text.find('.', at) + 1;
  Relation r;
  r.subject = s, r.predicate = p, r.object = o;
  r.confidence = hedged ? 0.56 : 0.8;
  r.hedged = hedged;
  r.sentence = text.substr(start, end - start);
  r.start = static_cast<uint32_t>(start), r.end = static_cast<uint32_t>(end);
  r.rule = "test.rule";
  return r;
}

std::string Render(const std::vector<ArticleFacts>& articles) {
  std::ostringstream out;
  FactsHtmlWriter page(&out, "test page");
  for (const ArticleFacts& f : articles) REQUIRE(page.Add(f).ok());
  REQUIRE(page.Finish().ok());
  return out.str();
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// "" when every tag of the page is closed in order (void <meta> aside) and
// no '<' or '>' stands outside a tag (the stylesheet aside); otherwise what
// is wrong.
std::string NestingProblem(const std::string& html) {
  std::vector<std::string> open;
  size_t pos = 0;
  while (true) {
    size_t lt = html.find('<', pos);
    if (html.find('>', pos) < lt) return "stray '>' at " + std::to_string(html.find('>', pos));
    if (lt == std::string::npos) break;
    size_t gt = html.find('>', lt);
    if (gt == std::string::npos || html.find('<', lt + 1) < gt) return "unclosed tag at " + std::to_string(lt);
    std::string tag = html.substr(lt + 1, gt - lt - 1);
    pos = gt + 1;
    if (tag[0] == '!') continue;
    if (tag == "style") pos = html.find("</style>", pos);  // CSS has '>' of its own
    bool closing = tag[0] == '/';
    std::string name = tag.substr(closing ? 1 : 0, tag.find_first_of(" >", 1) - (closing ? 1 : 0));
    if (name == "meta") continue;
    if (!closing) {
      open.push_back(name);
    } else if (open.empty() || open.back() != name) {
      return "</" + name + "> at " + std::to_string(lt) + " closes <" + (open.empty() ? "" : open.back()) + ">";
    } else {
      open.pop_back();
    }
  }
  return open.empty() ? "" : "<" + open.back() + "> never closed";
}

bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

std::string Legend(const std::string& html) {
  size_t start = html.find("<p class=\"legend\">");
  REQUIRE(start != std::string::npos);
  return html.substr(start, html.find("</p>", start) - start);
}

TEST_CASE("html: markup in the text, title, names and rule ids is escaped", "[html]") {
  ArticleFacts f;
  f.id = "id<script>";
  f.title = "<script>alert('t')</script>";
  f.source = "src\"<script>";
  f.text = "Acme <script>alert(\"x\")</script> & Co bought Beta's unit.";
  f.entities.push_back(MakeEntity("Acme <script>", {"Company", "La<script>"}, {At(f.text, "Acme")}));
  f.entities.push_back(MakeEntity("Beta", {"Company"}, {At(f.text, "Beta")}));
  f.relations.push_back(MakeRelation(f.text, "Acme <script>", "BUYS<script>", "Beta", "bought"));
  f.relations.back().rule = "rule.<script>'\"";
  std::string html = Render({f});
  INFO(html);
  REQUIRE(Count(html, "<script") == 0);
  REQUIRE(Count(html, "&lt;script&gt;") >= 6);  // text, title, id, source, name, label, predicate, rule
  REQUIRE_THAT(html, Catch::Contains("alert(&quot;x&quot;)") && Catch::Contains("&#39;s unit") &&
                         Catch::Contains("&amp; Co") && Catch::Contains("<code>rule.&lt;script&gt;&#39;&quot;</code>"));
  REQUIRE(NestingProblem(html) == "");
  REQUIRE(HtmlEscape("a<b>&\"c'\x01") == "a&lt;b&gt;&amp;&quot;c&#39;\xEF\xBF\xBD");
}

TEST_CASE("html: a multi-byte UTF-8 mention is highlighted whole", "[html]") {
  ArticleFacts f;
  f.id = "utf8";
  f.text = "Shares of Zürich Ré rose; Société Générale fell.";
  f.entities.push_back(MakeEntity("Zürich Ré", {"Company"}, {At(f.text, "Zürich Ré")}));
  // Offsets that cut a character are widened to whole characters: this one
  // starts inside "é" of "Société" and ends inside the "é" of "Générale".
  Mention cut = At(f.text, "Société Générale");
  cut.start += 5, cut.end -= 8;
  f.entities.push_back(MakeEntity("Société Générale", {"Company"}, {cut}));
  std::string html = Render({f});
  INFO(html);
  REQUIRE(ValidUtf8(html));
  REQUIRE_THAT(html, Catch::Contains("\">Zürich Ré<span class=\"t\">Company</span></mark>"));
  REQUIRE_THAT(html, Catch::Contains("title=\"Zürich Ré \xE2\x80\x94 Company\""));
  REQUIRE_THAT(html, Catch::Contains("\">été Gé<span class=\"t\">"));
  REQUIRE(NestingProblem(html) == "");
}

TEST_CASE("html: overlapping mentions nest or give way, never cross", "[html]") {
  ArticleFacts f;
  f.id = "overlap";
  f.text = "The U.S. Commerce Department listed the Hong Kong Exchange Group. Nothing else.";
  f.entities.push_back(MakeEntity("U.S. Commerce Department", {"Agency"}, {At(f.text, "U.S. Commerce Department")}));
  f.entities.push_back(MakeEntity("United States", {"Country"}, {At(f.text, "U.S.")}));
  f.entities.push_back(MakeEntity("Hong Kong", {"Place"}, {At(f.text, "Hong Kong")}));
  // Crosses "Hong Kong": starts inside it and ends after it.
  f.entities.push_back(MakeEntity("Kong Exchange Group", {"Company"}, {At(f.text, "Kong Exchange Group")}));
  // The same span twice, and an empty and an out-of-range mention.
  f.entities.push_back(MakeEntity("Commerce", {"Agency"}, {At(f.text, "Commerce"), At(f.text, "Commerce")}));
  f.entities.push_back(MakeEntity("Nobody", {"Person"}, {Mention{"", 3, 3}, Mention{"x", 70, 900}}));
  // A mention across the edge of a relation sentence is left out.
  f.entities.push_back(MakeEntity("Group Nothing", {"Group"}, {At(f.text, "Group. Nothing")}));
  f.relations.push_back(MakeRelation(f.text, "U.S. Commerce Department", "LISTS", "Hong Kong", "listed"));
  f.relations.back().start = 0;  // the first sentence, "U.S. " and all
  f.relations.back().sentence = f.text.substr(0, f.relations.back().end);
  std::string html = Render({f});
  INFO(html);
  REQUIRE(NestingProblem(html) == "");
  std::string body = html.substr(html.find("<div class=\"text\">"));
  body = body.substr(0, body.find("</div>"));
  REQUIRE(Count(body, "<mark") == Count(body, "</mark>"));
  // Nested: "U.S." and "Commerce" (twice) inside the department.
  REQUIRE_THAT(body, Catch::Contains("title=\"U.S. Commerce Department \xE2\x80\x94 Agency\"><mark class=\"e c6\" "
                                     "title=\"United States \xE2\x80\x94 Country\">U.S.<span"));
  REQUIRE(Count(body, "title=\"Commerce ") == 2);
  // Of the crossing pair, the one starting first stays.
  REQUIRE_THAT(body, Catch::Contains("title=\"Hong Kong "));
  REQUIRE_THAT(body, !Catch::Contains("Kong Exchange Group \xE2\x80\x94"));
  REQUIRE_THAT(body, !Catch::Contains("Nobody") && !Catch::Contains("Group Nothing"));
  REQUIRE(Count(body, "<mark") == 5);
}

TEST_CASE("html: relation rows link to marked sentences that exist", "[html]") {
  ArticleFacts f;
  f.id = "links";
  f.text = "Amazon hosts Hikvision's website. Twitter may serve Hikvision too. Then nothing.";
  f.entities.push_back(MakeEntity("Amazon", {"Company", "Provider"}, {At(f.text, "Amazon")}));
  f.entities.push_back(MakeEntity("Twitter", {"Company", "Provider"}, {At(f.text, "Twitter")}));
  f.entities.push_back(
      MakeEntity("Hikvision", {"Company"}, {At(f.text, "Hikvision"), At(f.text, "Hikvision", 30)}));
  f.relations.push_back(MakeRelation(f.text, "Amazon", "PROVIDES_SERVICES_TO", "Hikvision", "hosts"));
  f.relations.push_back(MakeRelation(f.text, "Twitter", "PROVIDES_SERVICES_TO", "Hikvision", "serve", true));
  f.relations.push_back(f.relations.back());  // two relations, one sentence
  f.relations.back().predicate = "KNOWS";
  f.relations.push_back(f.relations.back());  // no sentence: no link
  f.relations.back().start = 5000, f.relations.back().end = 5010;
  std::string html = Render({f, f});
  INFO(html);
  REQUIRE(NestingProblem(html) == "");
  std::set<std::string> ids;
  std::regex id_re("id=\"([^\"]+)\"");
  for (std::sregex_iterator it(html.begin(), html.end(), id_re), end; it != end; ++it) ids.insert((*it)[1]);
  std::regex href_re("href=\"#([^\"]+)\"");
  size_t links = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), href_re), end; it != end; ++it, ++links)
    REQUIRE(ids.count((*it)[1]) == 1);
  REQUIRE(links == 2 * (3 + 2));  // per article: 3 rows to sentences, 2 sentences to rows
  REQUIRE_THAT(html, Catch::Contains("<tr id=\"a1-r1\"><td><a href=\"#a1-s1\""));
  REQUIRE_THAT(html, Catch::Contains("<tr id=\"a2-r3\" class=\"h\"><td><a href=\"#a2-s2\""));
  REQUIRE_THAT(html, Catch::Contains("<tr id=\"a1-r4\" class=\"h\"><td>4</td>"));
  // The hedged-only sentence is marked as such; the evidence emphasises both sides.
  REQUIRE_THAT(html, Catch::Contains("<span class=\"rs h\" id=\"a1-s2\""));
  REQUIRE_THAT(html, Catch::Contains("<b class=\"su\">Twitter</b> may serve <b class=\"ob\">Hikvision</b> too."));
  REQUIRE_THAT(html, Catch::Contains("<b>2</b> articles") && Catch::Contains("<b>8</b> relations (<b>6</b> hedged)"));
  REQUIRE_THAT(html, Catch::Contains("PROVIDES_SERVICES_TO</span> <b>4</b>"));
}

TEST_CASE("html: the legend lists only the labels present", "[html]") {
  ArticleFacts f;
  f.id = "legend";
  f.text = "Amazon serves China.";
  f.entities.push_back(MakeEntity("Amazon", {"Company", "Provider"}, {At(f.text, "Amazon")}));
  f.entities.push_back(MakeEntity("China", {"Country"}, {At(f.text, "China")}));
  std::string legend = Legend(Render({f}));
  INFO(legend);
  REQUIRE_THAT(legend, Catch::Contains(">Company</mark>") && Catch::Contains(">Country</mark>") &&
                           Catch::Contains(">Provider</span>"));
  for (const char* absent : {"Agency", "Place", "Media", "Person", "Organization", "Group", "Investor"})
    REQUIRE_THAT(legend, !Catch::Contains(absent));
  REQUIRE(Legend(Render({})).find("<mark") == std::string::npos);
}

}  // namespace
}  // namespace newsgraph
