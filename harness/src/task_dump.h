// sched_show_task() output ("task:comm state:D stack:0 pid:N tgid:M ppid:P
// ...") with the stack that follows it. Printed by the hung-task detector,
// sysrq-w ("Show Blocked State"), sysrq-t and RCU stall reports.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "console_line.h"
#include "stack_trace.h"

namespace vh {

struct TaskDump {
  std::string comm;
  int pid = 0;
  std::optional<int> tgid;
  std::optional<int> ppid;
  char state = '?';
  bool running = false;  // "running task" marker
  std::string workqueue;
  std::vector<Frame> frames;
  std::size_t line = 0;
  std::optional<double> time;
};

struct TaskHeader {
  std::string comm;
  int pid = 0;
  std::optional<int> tgid, ppid;
  char state = '?';
  bool running = false;
};
std::optional<TaskHeader> parse_task_header(std::string_view text);

// Frames reliable enough to reason about (drops "? " frames).
std::vector<Frame> reliable_frames(const std::vector<Frame>& frames);

std::vector<TaskDump> parse_task_dumps(Lines lines);
std::vector<TaskDump> parse_task_dumps(std::string_view log);

}  // namespace vh
