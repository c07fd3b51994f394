// Hung-task detector output (kernel/hung_task.c): the "INFO: task comm:pid
// blocked for more than N seconds." header and, on 6.16+ kernels with
// CONFIG_DETECT_HUNG_TASK_BLOCKER, the owner hint "INFO: task A:1 is blocked
// on a mutex likely owned by task B:2."
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "console_line.h"

namespace vh {

struct HungTask {
  std::string comm;
  int pid = 0;
  std::optional<long long> seconds;
  bool io_wait = false;
  std::size_t line = 0;
  std::optional<double> time;
};

struct BlockerHint {
  std::string waiter_comm;
  int waiter_pid = 0;
  std::string lock_kind;  // "mutex", "semaphore", "rw-semaphore"
  std::string owner_comm; // empty when "the owner is not found"
  std::optional<int> owner_pid;
  std::size_t line = 0;
};

std::optional<HungTask> parse_hung_task_line(std::string_view text);
std::optional<BlockerHint> parse_blocker_line(std::string_view text);

struct HungTaskInfo {
  std::vector<HungTask> hung;
  std::vector<BlockerHint> blockers;
};
HungTaskInfo parse_hung_tasks(Lines lines);

}  // namespace vh
