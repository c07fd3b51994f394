#include "evidence.h"

#include "caller_streams.h"
#include "guest_replay.h"

namespace vh {

const TaskDump* Evidence::stack_of(int pid, std::size_t prefer_after_line) const {
  auto it = tasks_by_pid.find(pid);
  if (it == tasks_by_pid.end()) return nullptr;
  const TaskDump* best = nullptr;
  for (std::size_t i : it->second) {
    const TaskDump& t = tasks[i];
    if (prefer_after_line && t.line > prefer_after_line && t.line <= prefer_after_line + 4) return &t;
    if (!t.frames.empty() || !best) best = &t;
  }
  return best;
}

const LockDump* Evidence::dump_listing(int pid) const {
  auto it = dumps_by_pid.find(pid);
  if (it == dumps_by_pid.end()) return nullptr;
  for (int pass = 0; pass < 3; ++pass) {
    for (auto i = it->second.rbegin(); i != it->second.rend(); ++i) {
      const LockDump& d = lock_dumps[*i];
      bool wanted = pass == 0 ? d.system_wide && d.complete : pass == 1 ? d.system_wide : true;
      if (wanted) return &d;
    }
  }
  return nullptr;
}

const TaskLocks* Evidence::locks_of(int pid) const {
  const LockDump* d = dump_listing(pid);
  return d ? d->find(pid) : nullptr;
}

namespace {

bool looks_like_kernel(Lines lines, const Evidence& e) {
  if (!e.reports.empty() || e.ktap.found() || !e.tasks.empty() || !e.lock_dumps.empty()) return true;
  for (const LogLine& l : lines)
    if (l.time || l.text.find("Linux version") != std::string_view::npos) return true;
  return false;
}

}  // namespace

Evidence collect_evidence(Lines all) {
  std::vector<LogLine> regrouped = regroup_by_caller(all);
  ConsoleParts parts = split_replay(Lines(regrouped));
  Lines lines(parts.kernel_lines);
  Evidence e;
  e.line_count = all.size();
  e.replayed = parts.replayed;
  e.guest_output = std::move(parts.guest_output);
  e.reports = find_reports(lines);
  e.hung = parse_hung_tasks(lines);
  e.tasks = parse_task_dumps(lines);
  e.lock_dumps = parse_lock_dumps(lines);
  e.ktap = parse_ktap(Lines(parts.ktap_lines));
  e.kernel_text = looks_like_kernel(all, e);
  for (std::size_t i = 0; i < e.tasks.size(); ++i) e.tasks_by_pid[e.tasks[i].pid].push_back(i);
  for (std::size_t i = 0; i < e.lock_dumps.size(); ++i)
    for (const auto& [pid, index] : e.lock_dumps[i].by_pid) e.dumps_by_pid[pid].push_back(i);
  return e;
}

}  // namespace vh
