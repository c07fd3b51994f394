#include "task_dump.h"

#include "console_reports.h"
#include "text_util.h"

namespace vh {

std::optional<TaskHeader> parse_task_header(std::string_view text) {
  std::string_view t = trim(text);
  if (!t.starts_with("task:")) return std::nullopt;
  std::size_t st = t.find(" state:");
  if (st == std::string_view::npos || st + 7 >= t.size()) return std::nullopt;
  auto pid = int_after_key(t, "pid:");
  if (!pid) return std::nullopt;
  TaskHeader h;
  h.comm = std::string(trim(t.substr(5, st - 5)));
  h.state = t[st + 7];
  h.pid = static_cast<int>(*pid);
  if (auto v = int_after_key(t, "tgid:")) h.tgid = static_cast<int>(*v);
  if (auto v = int_after_key(t, "ppid:")) h.ppid = static_cast<int>(*v);
  h.running = t.find("running task") != std::string_view::npos;
  return h;
}

std::vector<Frame> reliable_frames(const std::vector<Frame>& frames) {
  std::vector<Frame> out;
  for (const Frame& f : frames)
    if (!f.unreliable) out.push_back(f);
  return out;
}

namespace {

bool ends_stack(std::string_view t) {
  return t.starts_with("task:") || t.starts_with("Showing all locks held") ||
         t.find("locks held by ") != std::string_view::npos ||
         t.find("lock held by ") != std::string_view::npos || classify_report_header(t).has_value();
}

// "RIP: 0010:...", "RAX: ...", "FS:  ...", "Code: ..." register dump lines.
bool is_register_line(std::string_view t) {
  std::size_t colon = t.find(':');
  if (colon == std::string_view::npos || colon < 2 || colon > 6) return false;
  std::string_view key = t.substr(0, colon);
  if (key == "Code") return true;
  for (char c : key)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

// Collects the stack following a task header at index i. Tolerates lines
// from other CPUs in between; stops at </TASK>, the next dump, or after a
// run of non-frame lines.
void collect_stack(Lines lines, std::size_t i, TaskDump* d) {
  int misses = 0;
  bool in_task = false;
  for (std::size_t j = i + 1; j < lines.size(); ++j) {
    std::string_view t = trim(lines[j].text);
    if (t == "</TASK>" && in_task) return;
    if (ends_stack(t)) return;
    if (t == "<TASK>") in_task = true;
    if (t.starts_with("Workqueue: ")) d->workqueue = std::string(t.substr(11));
    if (auto f = parse_frame(t)) {
      d->frames.push_back(std::move(*f));
      misses = 0;
      continue;
    }
    bool known = t == "<TASK>" || t == "Call Trace:" || t == "<IRQ>" || t == "</IRQ>" ||
                 t.starts_with("Workqueue: ") || t.empty() || is_register_line(t);
    if (!known && ++misses > (in_task ? 12 : 6)) return;
  }
}

}  // namespace

std::vector<TaskDump> parse_task_dumps(Lines lines) {
  std::vector<TaskDump> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto h = parse_task_header(lines[i].text);
    if (!h) continue;
    TaskDump d;
    d.comm = h->comm;
    d.pid = h->pid;
    d.tgid = h->tgid;
    d.ppid = h->ppid;
    d.state = h->state;
    d.running = h->running;
    d.line = lines[i].number;
    d.time = lines[i].time;
    collect_stack(lines, i, &d);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<TaskDump> parse_task_dumps(std::string_view log) {
  return parse_text(log, [](Lines l) { return parse_task_dumps(l); });
}

}  // namespace vh
