// The memtable of newsgraph's databases: a skiplist like RocksDB's own (one
// writer, readers without locks) that compares entries inline and takes its
// memory in large chunks.
//
// Why not RocksDB's: in a BBC ingest its skiplist inserts were about half of
// the storage CPU. Each of an insert's ~34 comparisons went through the
// memtable key, the internal key and the user comparator (a virtual call and
// a thread-local perf counter in the shared library): ~115 instructions. Here
// a comparison is a memcmp of the user keys and a compare of the sequence
// tags. The memory comes in chunks that grow to 2 MiB, which the kernel may
// back with huge pages (a first touch of a 4 KiB page costs ~10 us on this
// project's VMs).
//
// The entries' bytes and order are RocksDB's, so nothing on disk changes.
//
// REQUIRES: the column family's comparator is RocksDB's bytewise comparator
// (every newsgraph family's is), and one thread at a time inserts
// (`allow_concurrent_memtable_write = false`; one writer anyway). Readers may
// run on other threads while the writer inserts.
#ifndef NEWSGRAPH_GRAPH_MEMTABLE_H_
#define NEWSGRAPH_GRAPH_MEMTABLE_H_

#include <rocksdb/memtablerep.h>

#include <memory>

namespace newsgraph {

std::shared_ptr<rocksdb::MemTableRepFactory> NewMemTableFactory();

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_MEMTABLE_H_
