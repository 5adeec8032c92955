#include "extract/gazetteer.h"

#include <algorithm>

namespace newsgraph {

namespace {

// FNV-1a's low bits depend only on the low bits of its input bytes: the
// slot table takes its index and tag from this mix of all 64.
uint64_t SlotHash(uint64_t key_hash) {
  uint64_t x = (key_hash ^ (key_hash >> 31)) * 0x9E3779B97F4A7C15ULL;
  return x ^ (x >> 29);
}

std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view part = s.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    start = end + 1;
  }
  return out;
}

bool AllCaps(std::string_view s) {
  int letters = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') ++letters;
  }
  return letters >= 2;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Characters of a span with dots removed, for case comparisons ("U.S." ~ "US").
std::string Undotted(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '.') out.push_back(c);
  return out;
}

bool IsLabel(std::string_view s) {
  if (s.empty() || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

}  // namespace

void NameIndex::Add(std::string_view surface, int entry, bool demonym,
                    const std::vector<std::string>& not_before) {
  std::string key = NameKey(surface);
  if (key.empty()) return;
  size_t n = 1 + std::count(key.begin(), key.end(), ' ');
  std::string first = key.substr(0, key.find(' '));
  unsigned char initial = static_cast<unsigned char>(surface[0]);
  if (initial >= 'a' && initial <= 'z') {
    unsigned char second = surface.size() > 1 ? static_cast<unsigned char>(surface[1]) : 0;
    if (lower_prefixes_.empty()) lower_prefixes_.resize(256 * 256);
    lower_prefixes_[initial * 256 + second] = true;
  }
  KeyEntry& first_entry = InsertKey(first);
  bool new_first = first_entry.longest_from_here == 0;
  first_entry.longest_from_here = std::max(first_entry.longest_from_here, n);
  if (new_first) {
    ++first_tokens_;
    // At least 64 filter bits (one word) per first token, so that under 2%
    // of other words pass it.
    if (first_tokens_ > first_token_filter_.size() && first_token_filter_.size() * 64 < kMaxFilterBits) {
      first_token_filter_.assign(first_token_filter_.size() * 2, 0);
      for (const KeyEntry& e : keys_)
        if (e.longest_from_here > 0) SetFilterBit(e.key);
    } else {
      SetFilterBit(first);
    }
  }
  auto& list = InsertKey(key).candidates;
  for (const Candidate& c : list)
    if (c.entry == entry && c.demonym == demonym) return;
  list.push_back({entry, demonym, AllCaps(surface), Undotted(surface), not_before});
}

template <typename IsKey>
const NameIndex::KeyEntry* NameIndex::FindKey(uint64_t key_hash, IsKey is_key) const {
  uint64_t h = SlotHash(key_hash);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint64_t slot = slots_[i];
    if (slot == 0) return nullptr;
    if (slot >> 32 == h >> 32) {
      const KeyEntry& e = keys_[(slot & 0xFFFFFFFF) - 1];
      if (is_key(std::string_view(e.key))) return &e;
    }
  }
}

NameIndex::KeyEntry& NameIndex::InsertKey(std::string_view key) {
  uint64_t key_hash = KeyHash(key);
  if (const KeyEntry* found = FindKey(key_hash, [&](std::string_view k) { return k == key; }))
    return keys_[found - keys_.data()];
  if ((keys_.size() + 1) * 2 > slots_.size()) {  // keep the table at most half full
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, 0);
    for (uint64_t slot : old)
      if (slot != 0) PlaceSlot(slot, SlotHash(KeyHash(keys_[(slot & 0xFFFFFFFF) - 1].key)));
  }
  keys_.push_back(KeyEntry{std::string(key), 0, {}});
  uint64_t h = SlotHash(key_hash);
  PlaceSlot(h >> 32 << 32 | keys_.size(), h);
  return keys_.back();
}

void NameIndex::PlaceSlot(uint64_t slot, uint64_t slot_hash) {
  size_t mask = slots_.size() - 1;
  size_t i = slot_hash & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = slot;
}

void NameIndex::SetFilterBit(std::string_view first_token_key) {
  uint64_t bit = TokenKeyHash(first_token_key) & (first_token_filter_.size() * 64 - 1);
  first_token_filter_[bit / 64] |= uint64_t{1} << (bit % 64);
}

namespace {
// Whether the bytes of `a` that `keep` keeps are those of `b` that it keeps.
template <typename Keep>
bool SameKept(std::string_view a, std::string_view b, Keep keep) {
  size_t i = 0, j = 0;
  while (true) {
    while (i < a.size() && !keep(a[i])) ++i;
    while (j < b.size() && !keep(b[j])) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (a[i++] != b[j++]) return false;
  }
}
}  // namespace

bool NameIndex::Accept(const Candidate& c, std::string_view span) const {
  // Compared as written but for dots ("U.S." ~ "US"; the surface has none).
  if (c.caps_only) {
    // "US" and "U.S." but not "us"; compare letters only.
    return SameKept(span, c.surface, [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; });
  }
  size_t at = span.find_first_not_of('.');
  unsigned char first = at == std::string_view::npos ? 0 : static_cast<unsigned char>(span[at]);
  if ((first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9') || first >= 0x80) return true;
  return SameKept(span, c.surface, [](char ch) { return ch != '.'; });  // "iFlytek" as written; "apple" is not "Apple"
}

bool NameIndex::LongestFrom(std::string_view text, const std::vector<Token>& tokens, size_t i,
                            NameMatch* match) const {
  // The key of tokens i..i+n-1 hashes to hashes[n-1]; it is compared with a
  // table entry's key without being built (IsKeyOf).
  thread_local std::vector<uint64_t> hashes;
  std::string_view first_token = text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
  uint64_t hash = TokenKeyHash(first_token);
  uint64_t bit = hash & (first_token_filter_.size() * 64 - 1);
  if (!(first_token_filter_[bit / 64] >> (bit % 64) & 1)) return false;
  auto key_of = [&](size_t n) {
    return [&text, &tokens, i, n](std::string_view key) { return IsKeyOf(key, text, &tokens[i], n); };
  };
  const KeyEntry* first = FindKey(hash, key_of(1));
  if (first == nullptr || first->longest_from_here == 0) return false;
  size_t max_n = std::min(first->longest_from_here, tokens.size() - i);
  hashes.assign(1, hash);
  for (size_t n = 2; n <= max_n; ++n) {
    const Token& prev = tokens[i + n - 2];
    const Token& t = tokens[i + n - 1];
    // A name does not span punctuation: only a space, '-' or "'" between
    // tokens, or an abbreviation's dot ("Xiamen Meiya Pico Information Co.
    // Ltd": a name's key has no dots, so only a name written so matches),
    // or a spaced ampersand ("Fairmont Hotels & Resorts": keys skip it).
    std::string_view gap = text.substr(prev.end, t.start - prev.end);
    if (gap != " " && gap != "-" && gap != "'" && gap != ". " && gap != " & ") break;
    hashes.push_back(hash = ExtendKeyHash(hash, text.substr(t.start, t.end - t.start)));
  }
  for (size_t n = hashes.size(); n >= 1; --n) {
    const KeyEntry* names = n == 1 ? first : FindKey(hashes[n - 1], key_of(n));
    if (names == nullptr || names->candidates.empty()) continue;
    size_t last = i + n - 1;
    std::string_view span = text.substr(tokens[i].start, tokens[last].end - tokens[i].start);
    for (const Candidate& c : names->candidates) {
      if (!Accept(c, span)) continue;
      if (!c.not_before.empty() && last + 1 < tokens.size() &&
          std::any_of(c.not_before.begin(), c.not_before.end(),
                      [&](const std::string& word) { return IsKeyOf(word, text, &tokens[last + 1], 1); }))
        continue;
      *match = {c.entry, i, last, c.demonym};
      return true;
    }
  }
  return false;
}

Result<Gazetteer> Gazetteer::Parse(std::string_view text, const std::string& filename) {
  Gazetteer g;
  Status s = g.ParseInto(text, filename, false);
  if (!s.ok()) return s;
  return g;
}

Status Gazetteer::AddList(std::string_view text, const std::string& filename) {
  return ParseInto(text, filename, true);
}

Status Gazetteer::ParseInto(std::string_view text, const std::string& filename, bool list) {
  Gazetteer& g = *this;
  size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    auto where = [&](const std::string& msg) {
      return Status::InvalidArgument(filename + ":" + std::to_string(line_no) + ": " + msg);
    };
    std::vector<std::string> cols;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      cols.emplace_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (cols.size() < 2 || cols.size() > 4)
      return where("expected 2 to 4 tab-separated columns (name, labels, aliases, properties), found " +
                   std::to_string(cols.size()));
    cols.resize(4, "-");
    GazetteerEntry e;
    std::vector<std::string> name = SplitOn(cols[0], '\t');  // trims spaces
    if (!name.empty()) e.name = name[0];
    if (e.name.empty() || NameKey(e.name).empty()) return where("empty entity name");
    e.labels = SplitOn(cols[1], ',');
    if (e.labels.empty()) return where("entity '" + e.name + "' has no labels");
    for (const std::string& l : e.labels)
      if (!IsLabel(l)) return where("bad label '" + l + "' (labels are CamelCase words)");
    std::sort(e.labels.begin(), e.labels.end());
    e.labels.erase(std::unique(e.labels.begin(), e.labels.end()), e.labels.end());
    if (cols[2] != "-") e.aliases = SplitOn(cols[2], '|');
    if (cols[3] != "-") {
      for (const std::string& kv : SplitOn(cols[3], ';')) {
        size_t eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) return where("property '" + kv + "' is not key=value");
        std::string key = kv.substr(0, eq), value = kv.substr(eq + 1);
        if (key == "demonym") e.demonyms = SplitOn(value, '|');
        else if (key == "not_before") for (const std::string& w : SplitOn(value, '|')) e.not_before.push_back(Lower(w));
        else e.properties[key] = value;
      }
    }
    int id = static_cast<int>(g.entries_.size());
    std::string key = NameKey(e.name);
    if (list) {
      // An earlier file (or line) knows this name: it wins, whole; an alias
      // known already keeps meaning what it meant.
      if (g.by_key_.count(key)) continue;
      e.aliases.erase(std::remove_if(e.aliases.begin(), e.aliases.end(),
                                     [&](const std::string& a) { return g.by_key_.count(NameKey(a)) > 0; }),
                      e.aliases.end());
    }
    auto dup = g.by_key_.find(key);
    if (dup != g.by_key_.end() && g.entries_[dup->second].name == e.name)
      return where("entity '" + e.name + "' is listed twice");
    g.by_key_.emplace(key, id);
    g.index_.Add(e.name, id, false, e.not_before);
    for (const std::string& a : e.aliases) {
      g.index_.Add(a, id, false, e.not_before);
      g.by_key_.emplace(NameKey(a), id);
    }
    for (const std::string& d : e.demonyms) g.index_.Add(d, id, true);
    g.entries_.push_back(std::move(e));
  }
  return Status::OK();
}

int Gazetteer::Find(std::string_view name) const {
  auto it = by_key_.find(NameKey(name));
  return it == by_key_.end() ? -1 : it->second;
}

}  // namespace newsgraph
