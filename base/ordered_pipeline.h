// OrderedPipeline<In, Out>: a transformation of a stream on worker threads
// and the calling thread, with the results consumed in input order on the
// calling thread. So a pipelined run hands its sink exactly what a serial
// one would, in the same order.
//
//   OrderedPipeline<Line, Result<Facts>> pipe(
//       [](Line& l) { return Parse(l); }, OrderedPipeline<...>::DefaultThreads(),
//       [&](Result<Facts>&& f) { return Store(std::move(f)); });
//   for (...) NG_RETURN_IF_ERROR(pipe.Push(std::move(line)));
//   Status s = pipe.Finish();
//
// The workers run `work`; the calling thread runs the sink and, whenever
// it would otherwise wait for a worker, runs `work` on the next item
// itself. So one worker fewer than cores keeps every core busy without a
// thread too many (DefaultThreads), and nobody sleeps or is woken while
// there is work: a worker is woken only when it had run out of items, the
// calling thread only when the item it waits for is done.
//
// Thread safety: `work` runs on several threads at once; the sink only on
// the thread that calls Push and Finish.
#ifndef NEWSGRAPH_BASE_ORDERED_PIPELINE_H_
#define NEWSGRAPH_BASE_ORDERED_PIPELINE_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "base/status.h"

namespace newsgraph {

template <typename In, typename Out>
class OrderedPipeline {
 public:
  using Work = std::function<Out(In&)>;
  using Sink = std::function<Status(Out&&)>;

  // `threads` workers besides the calling thread; 0 runs `work` inline. Up
  // to `window` items in flight (0: four a working thread); a sink that
  // stores groups of N items at a time wants several groups' worth, so
  // that the workers keep going while it writes.
  OrderedPipeline(Work work, int threads, Sink sink, size_t window = 0)
      : work_(std::move(work)), sink_(std::move(sink)) {
    if (threads <= 0) return;
    ring_.resize(window ? window : 4 * (static_cast<size_t>(threads) + 1));
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { WorkerLoop(); });
  }
  // Without Finish: stops the workers (each ends the item it is on); items
  // not yet consumed are dropped.
  ~OrderedPipeline() { Stop(); }
  OrderedPipeline(const OrderedPipeline&) = delete;  // workers hold `this`
  OrderedPipeline& operator=(const OrderedPipeline&) = delete;

  // Queues one item, consuming finished ones meanwhile; while the window
  // is full, works or waits. Returns the sink's first error; the sink is
  // never called again after it.
  // REQUIRES: Push and Finish are called from one thread.
  Status Push(In&& item) {
    if (!error_.ok()) return error_;
    if (workers_.empty()) return error_ = sink_(work_(item));
    std::unique_lock<std::mutex> lock(mu_);
    Consume(lock, ring_.size() - 1);
    if (!error_.ok()) return error_;
    Slot& slot = At(tail_++);
    slot.in = std::move(item);
    slot.done = false;
    bool wake = idle_workers_ > 0;
    lock.unlock();
    if (wake) work_ready_.notify_one();
    return Status::OK();
  }

  // Consumes every item pushed, in order, then stops the workers.
  Status Finish() {
    {
      std::unique_lock<std::mutex> lock(mu_);
      Consume(lock, 0);
    }
    Stop();
    return error_;
  }

  // Workers for this machine: the number of cores less one (the calling
  // thread works too), at least 0.
  static int DefaultThreads() {
    unsigned n = std::thread::hardware_concurrency();
    return n <= 1 ? 0 : static_cast<int>(n) - 1;
  }

 private:
  // A slot's `in` and `out` belong to one thread at a time, handed over
  // under mu_: to the pushing thread while free or once done; to the thread
  // that claimed it (advanced next_ past it) until it fills `out`. So they
  // need no lock; the counters and flags do.
  struct Slot {
    In in;
    std::optional<Out> out;
    bool done = false;
  };
  Slot& At(size_t i) { return ring_[i % ring_.size()]; }

  void Run(Slot& slot) { slot.out.emplace(work_(slot.in)); }

  void WorkerLoop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      if (!stopping_ && next_ == tail_) {
        ++idle_workers_;
        work_ready_.wait(lock, [&] { return stopping_ || next_ != tail_; });
        --idle_workers_;
      }
      if (stopping_) return;
      size_t i = next_++;
      Slot& slot = At(i);
      lock.unlock();
      Run(slot);
      lock.lock();
      slot.done = true;
      if (pusher_waits_ && i == head_) front_done_.notify_one();
    }
  }

  // Calls the sink on the finished slots at the front, helping (below)
  // until at most `in_flight` items remain or the sink fails.
  void Consume(std::unique_lock<std::mutex>& lock, size_t in_flight) {
    for (;;) {
      while (error_.ok() && head_ != tail_ && At(head_).done) {
        Slot& slot = At(head_++);
        lock.unlock();
        error_ = sink_(std::move(*slot.out));
        slot.out.reset();
        lock.lock();
      }
      if (!error_.ok()) {  // nothing more will be consumed: stop working
        stopping_ = true;
        work_ready_.notify_all();
        return;
      }
      if (tail_ - head_ <= in_flight) return;
      Help(lock);
    }
  }

  // Brings the front slot closer to done: works on the oldest unclaimed
  // item here, or, when workers hold all of them, waits for the front.
  // REQUIRES: a slot in flight.
  void Help(std::unique_lock<std::mutex>& lock) {
    if (next_ != tail_) {
      Slot& slot = At(next_++);
      lock.unlock();
      Run(slot);
      lock.lock();
      slot.done = true;
      return;
    }
    pusher_waits_ = true;
    front_done_.wait(lock, [&] { return At(head_).done; });
    pusher_waits_ = false;
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    for (std::thread& t : workers_) t.join();
    workers_.clear();
  }

  const Work work_;
  const Sink sink_;
  Status error_;  // the sink's first error; touched by the pushing thread only

  // Slots [head_, next_) are being worked on or done, [next_, tail_) wait
  // for a thread; counters grow forever, At() wraps them.
  std::vector<Slot> ring_;  // `window` slots, allocated once
  std::mutex mu_;
  std::condition_variable work_ready_;  // next_ < tail_, or stopping_
  std::condition_variable front_done_;  // At(head_).done
  size_t head_ = 0, next_ = 0, tail_ = 0;
  int idle_workers_ = 0;       // waiting on work_ready_
  bool pusher_waits_ = false;  // the pushing thread waits on front_done_
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_ORDERED_PIPELINE_H_
