// lockdep held-lock listings: the system-wide dump from debug_show_all_locks()
// ("Showing all locks held in the system:" ... "=====") printed by sysrq-d
// and by the hung-task detector, and the per-task lists inside splats.
// Understands the 6.x header "N locks held by comm/pid:", "no locks held by
// comm/pid." and the 7.x header "locks held by comm/pid: N, on CPU#X:".
#pragma once

#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "console_line.h"

namespace vh {

struct HeldLock {
  int index = 0;
  std::string address;     // "ffff8880550c0258"; empty if not printed
  std::string class_name;  // "&vq->mutex"
  std::string site;        // acquire site "vhost_worker_killed+0x12b/0x390"
  std::string site_function;
  std::string location;    // "drivers/vhost/vhost.c:476", may be empty
  std::size_t line = 0;
};

struct TaskLocks {
  std::string comm;
  int pid = 0;
  std::optional<int> count;  // as announced in the header
  std::vector<HeldLock> locks;
  std::size_t line = 0;
  std::optional<double> time;
  // The header announced locks but none were listed (old kernels skip the
  // list of a running task).
  bool unlisted() const { return count.value_or(0) > 0 && locks.empty(); }
};

struct LockDump {
  bool system_wide = false;  // "Showing all locks held in the system"
  bool complete = false;     // saw the closing "=====" line
  std::size_t line = 0;
  std::optional<double> time;
  std::vector<TaskLocks> tasks;
  std::unordered_map<int, std::size_t> by_pid;  // first entry of each pid in tasks
  const TaskLocks* find(int pid) const;
};

struct TaskLocksHeader {
  std::string comm;
  int pid = 0;
  std::optional<int> count;
};
std::optional<TaskLocksHeader> parse_task_locks_header(std::string_view text);
std::optional<HeldLock> parse_held_lock(std::string_view text);

std::vector<LockDump> parse_lock_dumps(Lines lines);
std::vector<LockDump> parse_lock_dumps(std::string_view log);

}  // namespace vh
