#include "extract/names.h"

#include <algorithm>
#include <cctype>

#include "base/ascii.h"

namespace newsgraph {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool HasLowerCase(std::string_view t) {
  return std::any_of(t.begin(), t.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Whether `table` holds `word` in ASCII lower case (a word longer than 32
// bytes is never found).
bool ContainsInLowerCase(const WordTable& table, std::string_view word) {
  char lower[32];
  if (table.empty() || word.size() > sizeof(lower)) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return table.Contains(std::string_view(lower, word.size()));
}

}  // namespace

bool NameWords::IsDirective(std::string_view field) {
  return field == "%head" || field == "%title" || field == "%stop" || field == "%connective" || field == "%before" ||
         field == "%legal" || field == "%owns" || field == "%suffix" || field == "%leader" || field == "%given" ||
         field == "%context" || field == "%portfolio" || field == "%honorific" || field == "%topic" ||
         field == "%common";
}

Status NameWords::AddDirective(std::string_view directive, std::string_view rest) {
  auto next_word = [&rest]() {
    size_t b = rest.find_first_not_of(" \t");
    if (b == std::string_view::npos) return rest = {}, std::string_view();
    size_t e = rest.find_first_of(" \t", b);
    std::string_view w = rest.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b);
    rest = e == std::string_view::npos ? std::string_view() : rest.substr(e);
    return w;
  };
  std::vector<std::string> labels;
  if (directive == "%head" || directive == "%before" || directive == "%owns" || directive == "%suffix") {
    std::string_view l = next_word();
    size_t start = 0;
    while (start <= l.size() && !l.empty()) {
      size_t comma = l.find(',', start);
      std::string_view one = l.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (!one.empty() && !(directive == "%head" && one == "-")) labels.emplace_back(one);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (labels.empty() && !(directive == "%head" && l == "-"))
      return Status::InvalidArgument("expected: " + std::string(directive) + " LABELS WORD...");
  } else if (!IsDirective(directive)) {
    return Status::InvalidArgument("unknown directive " + std::string(directive));
  }
  // The words' labels, for the directives that give labels ("%head -"
  // gives an empty list: a name of none of the kinds).
  uint32_t list = static_cast<uint32_t>(label_lists_.size());
  if (directive == "%head" || directive == "%before" || directive == "%owns" || directive == "%suffix")
    label_lists_.push_back(labels);
  size_t added = 0;
  for (std::string_view w = next_word(); !w.empty(); w = next_word(), ++added) {
    if (directive == "%head") {
      std::string words(w);  // "Central_Bank": a head of two words
      size_t join = words.find('_');
      if (join != std::string::npos &&
          (join == 0 || join + 1 == words.size() || words.find('_', join + 1) != std::string::npos))
        return Status::InvalidArgument("%head " + words + ": a head of two words is WORD_WORD");
      std::replace(words.begin(), words.end(), '_', ' ');
      head_.Insert(Keep(std::move(words)), list);
    }
    else if (directive == "%before") before_.Insert(Keep(std::string(w)), list);
    else if (directive == "%owns") owns_.Insert(Keep(std::string(w)), list);
    else if (directive == "%suffix") suffix_.Insert(Keep(std::string(w)), list);
    else if (directive == "%title") title_.Insert(Keep(AsciiLower(w)));
    else if (directive == "%stop") stop_.Insert(Keep(std::string(w)));
    else if (directive == "%legal") legal_.Insert(Keep(std::string(w)));
    else if (directive == "%given") given_.Insert(Keep(std::string(w)));
    else if (directive == "%common") common_.Insert(Keep(AsciiLower(w)));
    else if (directive == "%context") context_.Insert(Keep(std::string(w)));
    else if (directive == "%portfolio") portfolio_.Insert(Keep(std::string(w)));
    else if (directive == "%topic") topic_.Insert(Keep(std::string(w)));
    else if (directive == "%honorific") honorific_.Insert(Keep(std::string(w)));
    else if (directive == "%leader") {
      std::string words(w);
      std::replace(words.begin(), words.end(), '_', ' ');
      leader_.Insert(Keep(std::move(words)));
    }
    else connective_.Insert(Keep(std::string(w)));
  }
  if (added == 0) return Status::InvalidArgument(std::string(directive) + " needs at least one word");
  return Status::OK();
}

std::string_view NameWords::Keep(std::string word) {
  words_.push_back(std::move(word));
  return words_.back();
}

const std::vector<std::string>* NameWords::LabelsOf(const WordTable& table, std::string_view word) const {
  uint32_t list = table.Find(word);
  return list == WordTable::kAbsent ? nullptr : &label_lists_[list];
}

const std::vector<std::string>* NameWords::HeadLabels(std::string_view word) const { return LabelsOf(head_, word); }

const std::vector<std::string>* NameWords::HeadLabelsOfNoun(std::string_view word) const {
  if (word.empty()) return nullptr;
  std::string head(word);
  head[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(head[0])));
  return HeadLabels(head);
}

const std::vector<std::string>* NameWords::BeforeLabels(std::string_view word) const { return LabelsOf(before_, word); }

const std::vector<std::string>* NameWords::OwnsLabels(std::string_view word) const { return LabelsOf(owns_, word); }

const std::vector<std::string>* NameWords::SuffixLabels(std::string_view word) const { return LabelsOf(suffix_, word); }

bool NameWords::PortfolioFollows(std::string_view rest) const {
  if (portfolio_.empty() || rest.size() < 2 || rest[0] != ' ') return false;
  size_t end = 1;
  while (end < rest.size() && ((rest[end] >= 'a' && rest[end] <= 'z') || (rest[end] >= 'A' && rest[end] <= 'Z'))) ++end;
  return portfolio_.Contains(rest.substr(1, end - 1));
}

bool NameWords::IsTitle(std::string_view word) const { return ContainsInLowerCase(title_, word); }

bool NameWords::IsCommonEnglish(std::string_view word) const { return ContainsInLowerCase(common_, word); }

const std::vector<std::string>* HeadOfName(std::string_view text, const std::vector<Token>& tokens,
                                           const NameChunk& c, const NameWords& words) {
  auto tok = [&](size_t i) { return text.substr(tokens[i].start, tokens[i].end - tokens[i].start); };
  for (size_t k = c.first + 1; k < c.last; ++k) {
    if (tok(k) != "of" && tok(k) != "for") continue;
    const auto* head = HeadEndingAt(text, tokens, c.first, k - 1, words);
    if (head && std::find(head->begin(), head->end(), "Agency") != head->end()) return head;
    // "Institute for Public Policy Research", "Centre for Economics and
    // Business Research", "National Institute of Medical Research",
    // "Association of British Insurers": an organisation for a purpose or
    // of its members.
    if (head && std::find(head->begin(), head->end(), "Organization") != head->end()) return head;
    break;
  }
  return HeadEndingAt(text, tokens, c.first, c.last, words);
}

const std::vector<std::string>* HeadEndingAt(std::string_view text, const std::vector<Token>& tokens, size_t first,
                                             size_t i, const NameWords& words, size_t* length) {
  if (length) *length = 1;
  if (i > first && tokens[i - 1].end + 1 == tokens[i].start && text[tokens[i - 1].end] == ' ') {
    if (const auto* two = words.HeadLabels(text.substr(tokens[i - 1].start, tokens[i].end - tokens[i - 1].start))) {
      if (length) *length = 2;
      return two;
    }
  }
  return words.HeadLabels(text.substr(tokens[i].start, tokens[i].end - tokens[i].start));
}

bool IsCapitalised(std::string_view token) {
  if (token.empty()) return false;
  unsigned char c = static_cast<unsigned char>(token[0]);
  // "£2,000", "€5m": a currency sign (U+00A2-U+00A5, U+20A0-U+20BF) opens
  // no name; other non-ASCII letters may ("Émile").
  if (c == 0xC2 || (c == 0xE2 && token.size() > 1 && static_cast<unsigned char>(token[1]) == 0x82)) return false;
  if ((c >= 'A' && c <= 'Z') || c >= 0x80) return true;
  // "xAI", "eBay", "iFlytek": a lower-case initial before a capital.
  if (c >= 'a' && c <= 'z' && token.size() >= 3) {
    unsigned char d = static_cast<unsigned char>(token[1]);
    return d >= 'A' && d <= 'Z';
  }
  return false;
}

bool CompoundTitleEndAt(std::string_view text, const std::vector<Token>& tokens, size_t i, const NameWords& words) {
  auto tok = [&](size_t k) { return text.substr(tokens[k].start, tokens[k].end - tokens[k].start); };
  auto spaced = [&](size_t k) { return text.substr(tokens[k - 1].end, tokens[k].start - tokens[k - 1].end) == " "; };
  std::string_view t = tok(i);
  if (t == "General") return i >= 1 && spaced(i) && words.IsTitle(tok(i - 1));
  if (t == "State") return i >= 2 && spaced(i) && spaced(i - 1) && tok(i - 1) == "of" && words.IsTitle(tok(i - 2));
  return false;
}

void FindNameChunks(std::string_view text, const std::vector<Token>& tokens, const NameWords& words,
                    std::vector<NameChunk>* out) {
  out->clear();
  const size_t n = tokens.size();
  auto tok = [&](size_t i) { return text.substr(tokens[i].start, tokens[i].end - tokens[i].start); };
  auto gap = [&](size_t i) { return text.substr(tokens[i].end, tokens[i + 1].start - tokens[i].end); };
  // Whether each token may be part of a name, worked out once (the loops
  // below look at a token up to three times).
  thread_local std::vector<char> is_name;
  is_name.assign(n, 0);
  for (size_t i = n; i-- > 0;) {
    std::string_view t = tok(i);
    // "1789 Capital": a number opens a name only before a capitalised word,
    // and only a whole number that is no year ("1.90 News Corp shares",
    // "in 2003 Technology shares").
    bool number = std::all_of(t.begin(), t.end(), IsDigit) &&
                  !(t.size() == 4 && (t.substr(0, 2) == "19" || t.substr(0, 2) == "20"));
    // "10 A320 aircraft": a number before a model code counts things.
    bool shape = IsCapitalised(t) || (number && i + 1 < n && gap(i) == " " && is_name[i + 1] && HasLowerCase(tok(i + 1)));
    is_name[i] = shape && !CompoundTitleEndAt(text, tokens, i, words) && !words.IsStop(t) && !words.IsTitle(t);
  }
  auto name_token = [&](size_t i) { return is_name[i] != 0; };
  // The last token of the plain run that starts at `i` (single spaces only).
  auto run_end = [&](size_t i) {
    while (i + 1 < n && gap(i) == " " && name_token(i + 1)) ++i;
    return i;
  };
  for (size_t i = 0; i < n;) {
    if (!name_token(i)) {
      ++i;
      continue;
    }
    size_t first = i, last = i;
    while (last + 1 < n) {
      std::string_view g = gap(last);
      size_t next = last + 1;
      if ((g == " " || g == " & ") && name_token(next)) {
        last = next;
        continue;
      }
      // "Xiamen Meiya Pico Information Co. Ltd.", "Acme, Inc.": a legal
      // suffix after a dot or comma.
      if ((g == ". " || g == "., " || g == ", ") && name_token(next) && words.HeadLabels(tok(next)) &&
          (words.HeadLabels(tok(last)) || g == ", ") && (next + 1 >= n || gap(next) != " " || !name_token(next + 1)) &&
          (g != ", " || tok(next) == "Inc" || tok(next) == "Ltd" || tok(next) == "LLC" || tok(next) == "Limited")) {
        last = next;
        continue;
      }
      // "Aviation Industry Corp. of China": a legal form's dot before "of".
      if (g == ". " && words.IsLegalForm(tok(last)) && tok(next) == "of" && next + 1 < n && gap(next) == " " &&
          name_token(next + 1)) {
        last = run_end(next + 1);
        continue;
      }
      // "International Federation of the Phonographic Industry", "Council of
      // the European Union": an organisation's or agency's head word, then
      // "of the" and a run ("General Motors of the US" is a firm and where).
      const std::vector<std::string>* head = words.HeadLabels(tok(last));
      if (g == " " && tok(next) == "of" && next + 2 < n && gap(next) == " " && tok(next + 1) == "the" &&
          gap(next + 1) == " " && name_token(next + 2) && head &&
          std::any_of(head->begin(), head->end(), [](const std::string& l) { return l == "Organization" || l == "Agency"; })) {
        last = run_end(next + 2);
        continue;
      }
      // "Bank of China", "Yixin Science and Technology": a connective between
      // capitalised words. "and" joins only when the words after it end in a
      // head word and those before do not ("Sequoia Capital and Andreessen
      // Horowitz" are two names).
      if (g == " " && words.IsConnective(tok(next)) && next + 1 < n && gap(next) == " " && name_token(next + 1)) {
        // "Grant Wilson of Mellon Bank" is a person and a bank: before "of"
        // or "for" stands one word or a run ending in a head word ("Bank of
        // China", "Royal Bank of Scotland"); "Alwaleed bin Talal" joins.
        if ((tok(next) == "of" || tok(next) == "for") && last != first && !words.HeadLabels(tok(last))) break;
        if (tok(next) == "and") {
          // ... and all of them are head words: "Science and Technology Co",
          // not "Chengdu Haiguang Integrated Circuit and Chengdu Haiguang
          // Microelectronics Technology" (two names).
          size_t end = run_end(next + 1);
          if (words.HeadLabels(tok(last))) break;
          bool heads = true;
          for (size_t k = next + 1; k <= end && heads; ++k) heads = words.HeadLabels(tok(k)) != nullptr;
          if (!heads) break;
          last = end;
        } else {
          last = next + 1;
        }
        continue;
      }
      break;
    }
    out->push_back({first, last});
    i = last + 1;
  }
}

}  // namespace newsgraph
