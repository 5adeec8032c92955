// A skiplist memtable (memtable.h). The list follows LevelDB's and RocksDB's:
// one writer links a node level by level from the bottom with release
// stores, so a reader that loads a pointer with acquire sees the node
// whole; nodes are never removed (the memtable is dropped whole).
#include "graph/memtable.h"

#include <rocksdb/slice.h>
#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <vector>

#include "graph/coding.h"

namespace newsgraph {
namespace {

// An entry, as RocksDB's memtable writes it:
//   varint32 internal_key_size, user_key, fixed64 tag, varint32 value_size, value
// where tag = sequence << 8 | value type and the internal key is the user key
// and the tag. Entries sort by user key (bytewise), then by tag, newest
// first: RocksDB's InternalKeyComparator over the bytewise comparator.
struct EntryKey {
  const char* user_key;
  size_t size;
  uint64_t tag;
};

uint64_t DecodeFixed64(const char* p) {  // little-endian, as RocksDB writes it
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

EntryKey FromInternalKey(const char* p, size_t size) { return {p, size - 8, DecodeFixed64(p + size - 8)}; }

EntryKey FromEntry(const char* entry) {
  auto first = static_cast<unsigned char>(*entry);
  if (first < 0x80) return FromInternalKey(entry + 1, first);  // a key under 128 bytes: one length byte
  std::string_view in(entry, 5);  // a varint32 takes at most 5 bytes, and an entry is longer
  uint64_t size = 0;
  GetVarint64(&in, &size);
  return FromInternalKey(in.data(), size);
}

int Compare(const EntryKey& a, const EntryKey& b) {
  size_t n = std::min(a.size, b.size);
  int r = n == 0 ? 0 : std::memcmp(a.user_key, b.user_key, n);
  if (r != 0) return r;
  if (a.size != b.size) return a.size < b.size ? -1 : 1;
  return a.tag > b.tag ? -1 : a.tag < b.tag ? 1 : 0;
}

// Bump allocation from chunks that double from 16 KiB to 2 MiB; an entry
// over 512 KiB gets a chunk of its own. Chunks of 2 MiB and more are mapped
// with MADV_HUGEPAGE, so that the kernel may back them with huge pages.
// Every chunk's pages are faulted in when it is taken, in one call: on this
// project's VMs a page fault costs ~10 us, about twice the cost of a page
// that MADV_POPULATE_WRITE maps (a chunk is filled anyway, and pages a chunk
// would not use are at most its last 2 MiB). Allocations come from the
// writer only; the usage may be read by any thread.
class Chunks {
 public:
  Chunks() = default;
  Chunks(const Chunks&) = delete;
  Chunks& operator=(const Chunks&) = delete;
  ~Chunks() {
    for (const auto& [at, size] : chunks_) {
      if (size >= kHuge)
        munmap(at, size);
      else
        ::operator delete(at);
    }
  }

  // 8-byte aligned.
  char* Allocate(size_t bytes) {
    bytes = (bytes + 7) & ~size_t{7};
    if (bytes > static_cast<size_t>(end_ - next_)) {
      if (bytes > kHuge / 4) return NewChunk(bytes);
      next_ = NewChunk(next_size_);
      end_ = next_ + next_size_;
      next_size_ = std::min(next_size_ * 2, kHuge);
    }
    char* at = next_;
    next_ += bytes;
    return at;
  }

  size_t Usage() const { return usage_.load(std::memory_order_relaxed); }

 private:
  static constexpr size_t kHuge = size_t{2} << 20;

  char* NewChunk(size_t size) {
    void* at;
    if (size >= kHuge) {
      at = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (at == MAP_FAILED) throw std::bad_alloc();
      madvise(at, size, MADV_HUGEPAGE);  // a hint: without huge pages, 4 KiB ones
    } else {
      at = ::operator new(size);
    }
    Prefault(at, size);
    chunks_.emplace_back(at, size);
    usage_.store(usage_.load(std::memory_order_relaxed) + size, std::memory_order_relaxed);
    return static_cast<char*>(at);
  }

  // The whole pages of [at, at + size). A hint: where the kernel (before
  // Linux 5.14) does not know MADV_POPULATE_WRITE, pages fault in on use.
  static void Prefault(void* at, size_t size) {
    constexpr uintptr_t kPage = 4096;
    uintptr_t begin = (reinterpret_cast<uintptr_t>(at) + kPage - 1) & ~(kPage - 1);
    uintptr_t end = (reinterpret_cast<uintptr_t>(at) + size) & ~(kPage - 1);
#ifdef MADV_POPULATE_WRITE
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#endif
  }

  std::vector<std::pair<void*, size_t>> chunks_;
  char* next_ = nullptr;
  char* end_ = nullptr;
  size_t next_size_ = size_t{16} << 10;
  std::atomic<size_t> usage_{0};
};

// A node of height h is h next pointers, level h-1 first, and then the
// entry; a Node* points at level 0's pointer. Until it is linked, that
// pointer holds the node's height.
struct Node {
  std::atomic<Node*> next0;

  std::atomic<Node*>& Next(int level) { return (&next0)[-level]; }
  const char* Entry() const { return reinterpret_cast<const char*>(this + 1); }
  EntryKey Key() const { return FromEntry(Entry()); }

  Node* Load(int level) { return Next(level).load(std::memory_order_acquire); }
};

constexpr int kMaxHeight = 12;  // a quarter of each level also in the next: 4^12 entries

// Iterators that RocksDB places "in its arena" are destroyed in place,
// never deleted, on any thread. Their memory is kept on a free list of the
// thread that destroyed them, and that thread reuses it: a list shared at
// once could hand the memory to another thread while the destructor of
// RocksDB's base class still runs there. When a thread ends, its list goes
// to a shared one that any thread may take from. Every block is also listed
// in `blocks`, so none is lost; their number is bounded by the iterators
// alive at once.
struct IteratorMemory {
  std::mutex mu;
  std::vector<void*> blocks;  // all of them; never freed
  std::vector<void*> free;    // the lists of threads that ended
};
IteratorMemory& AllIteratorMemory() {
  static auto* memory = new IteratorMemory;
  return *memory;
}

class ThreadIteratorMemory {
 public:
  ~ThreadIteratorMemory() {
    ended = true;
    IteratorMemory& all = AllIteratorMemory();
    std::lock_guard<std::mutex> lock(all.mu);
    all.free.insert(all.free.end(), free_.begin(), free_.end());
  }

  // A block of `bytes` (the same every call).
  static void* Take(size_t bytes);
  // After this thread's list is gone (at its exit) a block stays unused.
  static void Give(void* at);

  static thread_local bool ended;

 private:
  static void* Shared(size_t bytes) {
    IteratorMemory& all = AllIteratorMemory();
    std::lock_guard<std::mutex> lock(all.mu);
    if (!all.free.empty()) {
      void* at = all.free.back();
      all.free.pop_back();
      return at;
    }
    return all.blocks.emplace_back(::operator new(bytes));
  }

  std::vector<void*> free_;
};
thread_local bool ThreadIteratorMemory::ended = false;
thread_local ThreadIteratorMemory thread_iterator_memory;
void* ThreadIteratorMemory::Take(size_t bytes) {
  if (ended || thread_iterator_memory.free_.empty()) return Shared(bytes);
  void* at = thread_iterator_memory.free_.back();
  thread_iterator_memory.free_.pop_back();
  return at;
}
void ThreadIteratorMemory::Give(void* at) {
  if (!ended) thread_iterator_memory.free_.push_back(at);
}

class SkipListRep final : public rocksdb::MemTableRep {
 public:
  explicit SkipListRep(rocksdb::Allocator* allocator) : MemTableRep(allocator), head_(NewNode(kMaxHeight, 0)) {
    for (int level = 0; level < kMaxHeight; ++level) {
      head_->Next(level).store(nullptr, std::memory_order_relaxed);
      finger_[level] = head_;
    }
  }

  rocksdb::KeyHandle Allocate(const size_t len, char** buf) override {
    int height = RandomHeight();
    Node* node = NewNode(height, len);
    node->next0.store(reinterpret_cast<Node*>(static_cast<uintptr_t>(height)), std::memory_order_relaxed);
    *buf = const_cast<char*>(node->Entry());
    return node;
  }

  void Insert(rocksdb::KeyHandle handle) override { InsertKey(handle); }
  void InsertWithHint(rocksdb::KeyHandle handle, void**) override { InsertKey(handle); }
  bool InsertKeyWithHint(rocksdb::KeyHandle handle, void**) override { return InsertKey(handle); }

  // False, and nothing linked, if an entry with the same key and tag is in.
  bool InsertKey(rocksdb::KeyHandle handle) override {
    Node* node = static_cast<Node*>(handle);
    int height = static_cast<int>(reinterpret_cast<uintptr_t>(node->next0.load(std::memory_order_relaxed)));
    EntryKey key = node->Key();
    int max_height = MaxHeight();
    if (height > max_height) {
      for (int level = max_height; level < height; ++level) finger_[level] = head_;
      // Readers that see the new height before the links find null under
      // the head at those levels and step down: harmless.
      max_height_.store(height, std::memory_order_relaxed);
      max_height = height;
    }
    Node* next = FindFromFinger(key, max_height);
    if (next != nullptr && Compare(next->Key(), key) == 0) return false;
    for (int level = 0; level < height; ++level) {
      Node* prev = finger_[level];
      node->Next(level).store(prev->Next(level).load(std::memory_order_relaxed), std::memory_order_relaxed);
      prev->Next(level).store(node, std::memory_order_release);
      finger_[level] = node;
    }
    return true;
  }

  // RocksDB's default Get makes an iterator and does not delete it.
  void Get(const rocksdb::LookupKey& k, void* callback_args, bool (*callback)(void* arg, const char* entry)) override {
    // A LookupKey (rocksdb/db/dbformat.h, which Debian does not install)
    // starts with a pointer to its memtable key: varint32 size, user key,
    // tag, as an entry starts. (memtable_test reads through it.)
    const char* memtable_key = *reinterpret_cast<const char* const*>(&k);
    for (Node* node = FindGreaterOrEqual(FromEntry(memtable_key));
         node != nullptr && callback(callback_args, node->Entry()); node = node->Load(0)) {
    }
  }

  bool Contains(const char* entry) const override {
    EntryKey key = FromEntry(entry);
    Node* next = FindGreaterOrEqual(key);
    return next != nullptr && Compare(next->Key(), key) == 0;
  }

  size_t ApproximateMemoryUsage() override { return chunks_.Usage(); }

  class Iterator final : public MemTableRep::Iterator {
   public:
    Iterator(const SkipListRep* list, bool in_place) : list_(list), in_place_(in_place) {}
    ~Iterator() override {
      if (in_place_) ThreadIteratorMemory::Give(this);  // see IteratorMemory
    }

    bool Valid() const override { return node_ != nullptr; }
    const char* key() const override { return node_->Entry(); }
    void Next() override { node_ = node_->Load(0); }
    void Prev() override { node_ = list_->FindLessThan(node_->Key()); }
    void Seek(const rocksdb::Slice& internal_key, const char* memtable_key) override {
      node_ = list_->FindGreaterOrEqual(Target(internal_key, memtable_key));
    }
    void SeekForPrev(const rocksdb::Slice& internal_key, const char* memtable_key) override {
      EntryKey target = Target(internal_key, memtable_key);
      node_ = list_->FindGreaterOrEqual(target);
      if (node_ == nullptr || Compare(node_->Key(), target) > 0) node_ = list_->FindLessThan(target);
    }
    void SeekToFirst() override { node_ = list_->head_->Load(0); }
    void SeekToLast() override { node_ = list_->FindLast(); }

   private:
    static EntryKey Target(const rocksdb::Slice& internal_key, const char* memtable_key) {
      return memtable_key != nullptr ? FromEntry(memtable_key) : FromInternalKey(internal_key.data(), internal_key.size());
    }

    const SkipListRep* list_;
    Node* node_ = nullptr;
    const bool in_place_;
  };

  MemTableRep::Iterator* GetIterator(rocksdb::Arena* arena) override {
    if (arena == nullptr) return new Iterator(this, false);
    return new (ThreadIteratorMemory::Take(sizeof(Iterator))) Iterator(this, true);  // see IteratorMemory
  }

 private:
  int MaxHeight() const { return max_height_.load(std::memory_order_relaxed); }

  Node* NewNode(int height, size_t entry_bytes) {
    size_t pointers = sizeof(std::atomic<Node*>) * (height - 1);
    char* at = chunks_.Allocate(pointers + sizeof(Node) + entry_bytes);
    return reinterpret_cast<Node*>(at + pointers);
  }

  int RandomHeight() {
    int height = 1;
    while (height < kMaxHeight) {
      random_ ^= random_ << 13;  // xorshift64
      random_ ^= random_ >> 7;
      random_ ^= random_ << 17;
      if ((random_ & 3) != 0) break;
      ++height;
    }
    return height;
  }

  // The first node at or after `key` (null at the end).
  Node* FindGreaterOrEqual(const EntryKey& key) const { return Descend(key, head_, MaxHeight() - 1, nullptr); }

  // FindGreaterOrEqual for an insert; sets finger_[level], at every level,
  // to the last node before `key`. Ingest writes many keys in ascending runs
  // (new ids, sorted index entries), so when `key` comes after the last
  // insert the search starts from that insert's predecessors, at the lowest
  // level whose predecessor is followed by a node at or after `key`. The
  // levels above it need no search: a node between their predecessor and
  // `key` would be on that level too. Otherwise the search starts from the
  // head.
  Node* FindFromFinger(const EntryKey& key, int max_height) {
    if (finger_[0] == head_ || Compare(finger_[0]->Key(), key) >= 0) return Descend(key, head_, max_height - 1, finger_);
    int level = 0;
    for (; level < max_height - 1; ++level) {
      Node* next = finger_[level]->Load(level);
      if (next == nullptr || Compare(next->Key(), key) >= 0) break;
    }
    return Descend(key, finger_[level], level, finger_);
  }

  // From `at`, a node before `key` on `level`, down to level 0: returns the
  // first node at or after `key`; prev[level] (if given) becomes the last
  // node before it on each level passed. A node found after `key` on one
  // level is not compared again on the levels below.
  Node* Descend(const EntryKey& key, Node* at, int level, Node** prev) const {
    Node* known_after = nullptr;
    for (;;) {
      Node* next = at->Load(level);
      if (next != nullptr && next != known_after && Compare(next->Key(), key) < 0) {
        at = next;
        continue;
      }
      if (prev != nullptr) prev[level] = at;
      if (level == 0) return next;
      known_after = next;
      --level;
    }
  }

  // The last node before `key`, or null if none is.
  Node* FindLessThan(const EntryKey& key) const {
    Node* at = head_;
    for (int level = MaxHeight() - 1; level >= 0; --level)
      for (Node* next = at->Load(level); next != nullptr && Compare(next->Key(), key) < 0; next = at->Load(level))
        at = next;
    return at == head_ ? nullptr : at;
  }

  Node* FindLast() const {
    Node* at = head_;
    for (int level = MaxHeight() - 1; level >= 0; --level)
      for (Node* next = at->Load(level); next != nullptr; next = at->Load(level)) at = next;
    return at == head_ ? nullptr : at;
  }

  Chunks chunks_;
  Node* const head_;
  Node* finger_[kMaxHeight];  // the writer's: the last insert's predecessors (FindFromFinger)
  std::atomic<int> max_height_{1};
  uint64_t random_ = 0x9E3779B97F4A7C15ull;
};

class Factory final : public rocksdb::MemTableRepFactory {
 public:
  rocksdb::MemTableRep* CreateMemTableRep(const rocksdb::MemTableRep::KeyComparator&, rocksdb::Allocator* allocator,
                                          const rocksdb::SliceTransform*, rocksdb::Logger*) override {
    return new SkipListRep(allocator);
  }
  const char* Name() const override { return "NewsgraphSkipListFactory"; }
  bool CanHandleDuplicatedKey() const override { return true; }
};

}  // namespace

std::shared_ptr<rocksdb::MemTableRepFactory> NewMemTableFactory() { return std::make_shared<Factory>(); }

}  // namespace newsgraph
