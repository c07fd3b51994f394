#include "evidence.h"

#include "caller_streams.h"
#include "guest_replay.h"

namespace vh {

const TaskDump* Evidence::stack_of(int pid, std::size_t prefer_after_line) const {
  const TaskDump* best = nullptr;
  for (const TaskDump& t : tasks) {
    if (t.pid != pid) continue;
    if (prefer_after_line && t.line > prefer_after_line && t.line <= prefer_after_line + 4) return &t;
    if (!t.frames.empty() || !best) best = &t;
  }
  return best;
}

const LockDump* Evidence::dump_listing(int pid) const {
  for (int pass = 0; pass < 3; ++pass) {
    for (auto it = lock_dumps.rbegin(); it != lock_dumps.rend(); ++it) {
      bool wanted = pass == 0 ? it->system_wide && it->complete : pass == 1 ? it->system_wide : true;
      if (wanted && it->find(pid)) return &*it;
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
  return e;
}

}  // namespace vh
