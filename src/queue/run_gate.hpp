#pragma once
// Runs suspect messages alone. A message delivered again after a delivery without an outcome
// may be what killed its worker, or it may only have been running beside that one: with
// several lanes, a crash interrupts every task in hand, and all of them come back. Running
// each suspect with nothing beside it (and nothing new starting meanwhile) means a crash
// from then on is counted against the task that caused it, so that TASK_MAX_DELIVERIES
// dead-letters the poison message and not its neighbours.
//
// Lives on the worker's I/O thread; no locking.

namespace tessera::queue {

class RunGate {
 public:
  // Whether a task (alone: a suspect) may start now. A waiting suspect keeps new ordinary
  // tasks out, so that it is not starved.
  bool may_enter(bool alone) const {
    if (alone_running_) return false;
    return alone ? running_ == 0 : suspects_waiting_ == 0;
  }
  void enter(bool alone) {
    ++running_;
    alone_running_ = alone;
  }
  void leave(bool alone) {
    --running_;
    if (alone) alone_running_ = false;
  }
  void wait_alone(int change) { suspects_waiting_ += change; }

 private:
  int running_ = 0;
  int suspects_waiting_ = 0;
  bool alone_running_ = false;
};

}  // namespace tessera::queue
