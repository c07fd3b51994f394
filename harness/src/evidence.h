// Everything the console says about failures, parsed once: reports, hung
// tasks, task stacks, held-lock dumps and KTAP results.
#pragma once

#include <string_view>
#include <unordered_map>
#include <vector>

#include "console_reports.h"
#include "hung_task.h"
#include "ktap_parser.h"
#include "lock_dump.h"
#include "task_dump.h"

namespace vh {

struct Evidence {
  std::size_t line_count = 0;
  bool kernel_text = false;  // printk timestamps, "Linux version", KTAP...
  bool replayed = false;     // KTAP came from the guest's replay (guest_replay.h)
  std::vector<LogLine> guest_output;  // ConsoleParts::guest_output
  std::vector<Report> reports;
  HungTaskInfo hung;
  std::vector<TaskDump> tasks;
  std::vector<LockDump> lock_dumps;
  KtapResult ktap;
  // Indices (built by collect_evidence): positions in `tasks` and in
  // `lock_dumps` per pid, in log order, so that no lookup scans the log.
  std::unordered_map<int, std::vector<std::size_t>> tasks_by_pid;
  std::unordered_map<int, std::vector<std::size_t>> dumps_by_pid;

  // Latest stack printed for pid (sysrq-w or hung-task report); the one
  // printed right after a hung-task header wins when `prefer_line` is given.
  const TaskDump* stack_of(int pid, std::size_t prefer_after_line = 0) const;
  // Held locks of pid from the last complete system-wide dump that lists it,
  // else any dump that lists it (latest first).
  const TaskLocks* locks_of(int pid) const;
  // The dump locks_of() used; holders are searched in the same dump.
  const LockDump* dump_listing(int pid) const;
};

// Line numbers in the result refer to `lines`, whose LogLine::number is kept.
Evidence collect_evidence(Lines lines);

}  // namespace vh
