#include "graph/near_duplicate.h"

#include <algorithm>
#include <array>

#include "base/hash.h"
#include "graph/coding.h"

namespace newsgraph {

namespace {

// Word bytes: ASCII letters and digits, and every non-ASCII byte. Frozen.
struct WordBytes {
  bool is[256];
  WordBytes() {
    for (int c = 0; c < 256; ++c)
      is[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
  }
};

// The MinHash permutations: value i of a signature is the least
// kMul[i] * shingle + kAdd[i] over the shingles (the shingle hashes are
// already uniform, so one multiply-add per value is enough). Frozen.
struct Permutations {
  std::array<uint64_t, kBands * kRowsPerBand> mul, add;
  Permutations() {
    for (size_t i = 0; i < mul.size(); ++i) {
      mul[i] = MixBits(2 * i + 1) | 1;
      add[i] = MixBits(2 * i + 2);
    }
  }
};

// Folds `v` into the running hash `h` (shingles from word hashes, buckets
// from signature values). Frozen.
uint64_t Fold(uint64_t h, uint64_t v) { return MixBits(h ^ v) * 0x9E3779B97F4A7C15ULL; }

// The shingle hashes of `text` in text order, repeats kept: what
// BandBuckets needs (a minimum ignores order and repeats); Jaccard needs
// them sorted, which only a candidate pays for. A word is a run of word
// bytes, hashed lower-cased; a shingle folds kShingleWords word hashes
// (all of them when there are fewer). Frozen. A word without capitals (most
// are) is hashed where it lies; the others are lower-cased into `lower`.
std::vector<uint64_t> ShingleHashes(std::string_view text) {
  static const WordBytes kWordBytes;
  std::vector<uint64_t> words;
  words.reserve(text.size() / 4 + 1);
  std::string lower;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* end = p + text.size();
  while (true) {
    while (p != end && !kWordBytes.is[*p]) ++p;
    if (p == end) break;
    const unsigned char* start = p;
    bool capitals = false;
    for (; p != end && kWordBytes.is[*p]; ++p) capitals |= static_cast<unsigned char>(*p - 'A') < 26;
    std::string_view word(reinterpret_cast<const char*>(start), static_cast<size_t>(p - start));
    if (capitals) {
      lower.assign(word);
      for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      word = lower;
    }
    words.push_back(Hash64(word, 1));
  }
  std::vector<uint64_t> out;
  if (words.empty()) return out;
  size_t width = std::min(words.size(), kShingleWords);
  out.reserve(words.size() - width + 1);
  for (size_t start = 0; start + width <= words.size(); ++start) {
    uint64_t h = width;
    for (size_t k = 0; k < width; ++k) h = Fold(h, words[start + k]);
    out.push_back(h);
  }
  return out;
}

void SortUnique(std::vector<uint64_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

}  // namespace

std::vector<uint64_t> Shingles(std::string_view text) {
  std::vector<uint64_t> out = ShingleHashes(text);
  SortUnique(&out);
  return out;
}

double Jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else ++common, ++i, ++j;
  }
  size_t either = a.size() + b.size() - common;
  return either == 0 ? 0 : static_cast<double>(common) / static_cast<double>(either);
}

std::vector<uint64_t> BandBuckets(const std::vector<uint64_t>& shingles) {
  static const Permutations kPermutations;
  std::vector<uint64_t> buckets;
  if (shingles.empty()) return buckets;
  // Value i is min over s of mul[i] * s + add[i]. Four values a pass over
  // the shingles, in registers: half the time of one pass updating all 64
  // in memory (BandBuckets was a fifth of storage's instructions).
  std::array<uint64_t, kBands * kRowsPerBand> signature;
  static_assert(signature.size() % 4 == 0);
  const uint64_t* mul = kPermutations.mul.data();
  const uint64_t* add = kPermutations.add.data();
  for (size_t i = 0; i < signature.size(); i += 4) {
    uint64_t m0 = UINT64_MAX, m1 = UINT64_MAX, m2 = UINT64_MAX, m3 = UINT64_MAX;
    for (uint64_t s : shingles) {
      m0 = std::min(m0, mul[i] * s + add[i]);
      m1 = std::min(m1, mul[i + 1] * s + add[i + 1]);
      m2 = std::min(m2, mul[i + 2] * s + add[i + 2]);
      m3 = std::min(m3, mul[i + 3] * s + add[i + 3]);
    }
    signature[i] = m0, signature[i + 1] = m1, signature[i + 2] = m2, signature[i + 3] = m3;
  }
  buckets.reserve(kBands);
  for (size_t band = 0; band < kBands; ++band) {
    uint64_t h = band;
    for (size_t row = 0; row < kRowsPerBand; ++row) h = Fold(h, signature[band * kRowsPerBand + row]);
    buckets.push_back(h);
  }
  return buckets;
}

std::vector<std::string> ShingleBandKeys(NodeId article, std::string_view text) {
  std::vector<uint64_t> buckets = BandBuckets(ShingleHashes(text));
  std::vector<std::string> out;
  for (size_t band = 0; band < buckets.size(); ++band)
    out.push_back(keys::ShingleBand(static_cast<uint8_t>(band), buckets[band], article));
  return out;
}

Status NearDuplicateFinder::Candidates(std::vector<NodeId>* out) {
  out->clear();
  if (!stored_) {
    rocksdb::ReadOptions ro;
    ro.prefix_same_as_start = true;  // the family's prefix extractor is (band, bucket): graph.cc
    stored_.reset(rep_->db->NewIterator(ro, rep_->handle(keys::kShingleBands)));
  }
  for (size_t band = 0; band < buckets_.size(); ++band) {
    std::string prefix = keys::ShingleBandPrefix(static_cast<uint8_t>(band), buckets_[band]);
    for (stored_->Seek(prefix); stored_->Valid() && stored_->key().starts_with(prefix); stored_->Next()) {
      std::string_view rest(stored_->key().data() + prefix.size(), stored_->key().size() - prefix.size());
      uint64_t id;
      if (!GetFixed64BE(&rest, &id) || !rest.empty())
        return Status::Corruption(rep_->dir + ": bad shingle_bands key");
      out->push_back(id);
    }
    NG_RETURN_IF_ERROR(FromRocks(stored_->status(), rep_->dir));
    if (auto added = added_.find(prefix); added != added_.end())
      out->insert(out->end(), added->second.begin(), added->second.end());
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return Status::OK();
}

Status NearDuplicateFinder::Find(std::string_view text, double threshold, NearMatch* match) {
  *match = NearMatch();
  shingles_ = ShingleHashes(text);
  buckets_ = BandBuckets(shingles_);
  if (threshold <= 0 || buckets_.empty()) return Status::OK();
  std::vector<NodeId> candidates;
  NG_RETURN_IF_ERROR(Candidates(&candidates));
  if (!candidates.empty()) SortUnique(&shingles_);
  for (NodeId candidate : candidates) {  // in id order: a tie keeps the earliest
    std::string stored;
    const std::string* other;
    if (auto added = added_texts_.find(candidate); added != added_texts_.end()) {
      other = added->second;
    } else {
      Result<std::string> read = graph_->ArticleText(candidate);
      if (read.status().code() == Status::Code::kNotFound) continue;  // a deleted article's stale entry
      if (!read.ok()) return read.status();
      stored = std::move(read).value();
      other = &stored;
    }
    double similarity = Jaccard(shingles_, Shingles(*other));
    if (similarity >= threshold && similarity > match->similarity) *match = NearMatch{candidate, similarity};
  }
  return Status::OK();
}

void NearDuplicateFinder::Add(NodeId article, const std::string* text, rocksdb::WriteBatch* batch) {
  for (size_t band = 0; band < buckets_.size(); ++band) {
    std::string prefix = keys::ShingleBandPrefix(static_cast<uint8_t>(band), buckets_[band]);
    batch->Put(rep_->handle(keys::kShingleBands), keys::ShingleBand(static_cast<uint8_t>(band), buckets_[band], article),
               "");
    added_[std::move(prefix)].push_back(article);
  }
  added_texts_[article] = text;
}

Status FillShingleBands(Graph::Rep* rep) {
  std::vector<NodeId> articles;
  bool malformed = false;
  NG_RETURN_IF_ERROR(ScanPrefix(*rep, keys::kLabels, keys::LabelPrefix("Article"), [&](std::string_view k, std::string_view) {
    uint64_t id;
    malformed = !keys::ParseTrailingId(k, &id);
    if (!malformed) articles.push_back(id);
    return !malformed;
  }));
  if (malformed) return Status::Corruption(rep->dir + ": bad label index key");
  rocksdb::WriteBatch batch;
  std::string text;
  for (NodeId id : articles) {
    Status read = rep->Get(keys::kTexts, keys::Id(id), &text, "article text");
    if (read.code() == Status::Code::kNotFound) continue;  // created or imported: no text
    NG_RETURN_IF_ERROR(read);
    for (const std::string& key : ShingleBandKeys(id, text)) batch.Put(rep->handle(keys::kShingleBands), key, "");
    if (batch.GetDataSize() > (size_t{4} << 20)) {
      NG_RETURN_IF_ERROR(FromRocks(rep->db->Write(rocksdb::WriteOptions(), &batch), rep->dir));
      batch.Clear();
    }
  }
  return FromRocks(rep->db->Write(rocksdb::WriteOptions(), &batch), rep->dir);
}

}  // namespace newsgraph
