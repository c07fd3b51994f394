#include "console_reports.h"

#include <array>

#include "text_util.h"

namespace vh {

const char* kind_name(ReportKind k) {
  switch (k) {
    case ReportKind::HungTask: return "hung_task";
    case ReportKind::Lockdep: return "lockdep";
    case ReportKind::RcuStall: return "rcu_stall";
    case ReportKind::Warning: return "warning";
    case ReportKind::Bug: return "bug";
    case ReportKind::Oops: return "oops";
    case ReportKind::Panic: return "panic";
    case ReportKind::Kasan: return "kasan";
    case ReportKind::SoftLockup: return "soft_lockup";
    case ReportKind::HardLockup: return "hard_lockup";
    case ReportKind::SleepInAtomic: return "sleep_in_atomic";
    case ReportKind::Ubsan: return "ubsan";
    case ReportKind::Kmemleak: return "kmemleak";
  }
  return "bug";
}

namespace {

constexpr std::array<std::string_view, 13> kLockdepWarnings = {
    "possible circular locking dependency detected",
    "possible recursive locking detected",
    "suspicious RCU usage",
    "held lock freed!",
    "bad unlock balance detected!",
    "inconsistent lock state",
    "possible irq lock inversion dependency detected",
    "lock held when returning to user space!",
    "Nested lock was not taken",
    "chain_key collision",
    "bad contention detected!",
    "still has locks held!",
    "lock order detected",
};

bool is_lockdep_warning(std::string_view body) {
  for (std::string_view w : kLockdepWarnings)
    if (body.find(w) != std::string_view::npos) return true;
  return false;
}

bool is_rcu_stall(std::string_view t) {
  if (t.starts_with("rcu: ")) t.remove_prefix(5);
  if (!t.starts_with("INFO: ")) return false;
  return t.find(" detected stall") != std::string_view::npos ||
         t.find(" self-detected stall") != std::string_view::npos ||
         t.find(" detected expedited stall") != std::string_view::npos;
}

std::optional<ReportKind> classify_bug(std::string_view t) {
  if (t.starts_with("BUG: KASAN: ")) return ReportKind::Kasan;
  if (t.starts_with("BUG: soft lockup")) return ReportKind::SoftLockup;
  if (t.starts_with("BUG: sleeping function called from invalid context"))
    return ReportKind::SleepInAtomic;
  if (t.starts_with("BUG: MAX_LOCKDEP") || t.starts_with("BUG: lock held")) return ReportKind::Lockdep;
  return ReportKind::Bug;
}

}  // namespace

std::optional<ReportKind> classify_report_header(std::string_view t) {
  t = trim(t);
  if (t.starts_with("watchdog: ")) t.remove_prefix(10);
  if (t.starts_with("INFO: task ") &&
      (t.find(" blocked for more than ") != std::string_view::npos ||
       t.find(" blocked in I/O wait for more than ") != std::string_view::npos))
    return ReportKind::HungTask;
  if (t.starts_with("WARNING: ")) {
    return is_lockdep_warning(t.substr(9)) ? ReportKind::Lockdep : ReportKind::Warning;
  }
  if (t.starts_with("[ BUG: ")) return ReportKind::Lockdep;  // "[ BUG: Invalid wait context ]"
  if (t.starts_with("BUG: ")) return classify_bug(t);
  if (t.starts_with("kernel BUG at ")) return ReportKind::Bug;
  if (t.starts_with("Oops: ") || t.starts_with("general protection fault") ||
      t.starts_with("Unable to handle kernel "))
    return ReportKind::Oops;
  if (t.starts_with("Kernel panic - not syncing")) return ReportKind::Panic;
  if (is_rcu_stall(t)) return ReportKind::RcuStall;
  if (t.find("Watchdog detected hard LOCKUP") != std::string_view::npos) return ReportKind::HardLockup;
  if (t.starts_with("UBSAN: ")) return ReportKind::Ubsan;
  // The scan's summary in the kernel log, and each object as the guest
  // prints /sys/kernel/debug/kmemleak.
  if (t.starts_with("kmemleak: ") && t.find(" suspected memory leak") != std::string_view::npos)
    return ReportKind::Kmemleak;
  if (t.starts_with("unreferenced object 0x")) return ReportKind::Kmemleak;
  return std::nullopt;
}

namespace {

// "INFO: task comm:pid blocked ..."
void task_from_hung(std::string_view t, Report* r) {
  std::size_t start = t.find("INFO: task ") + 11;
  std::size_t end = t.find(" blocked", start);
  if (auto cp = split_comm_pid(t.substr(start, end - start), ':')) {
    r->task = cp->comm;
    r->pid = cp->pid;
  }
}

// "... [comm:pid]" at the end (soft lockup).
void task_from_brackets(std::string_view t, Report* r) {
  std::size_t open = t.rfind('[');
  if (open == std::string_view::npos || t.back() != ']') return;
  if (auto cp = split_comm_pid(t.substr(open + 1, t.size() - open - 2), ':')) {
    r->task = cp->comm;
    r->pid = cp->pid;
  }
}

// 7.x WARNING: "WARNING: file:line at sym, CPU#1: comm/pid".
void task_from_warning_tail(std::string_view t, Report* r) {
  std::size_t cpu = t.rfind(", CPU#");
  if (cpu == std::string_view::npos) return;
  std::size_t colon = t.find(": ", cpu);
  if (colon == std::string_view::npos) return;
  if (auto cp = split_comm_pid(trim(t.substr(colon + 2)), '/')) {
    r->task = cp->comm;
    r->pid = cp->pid;
  }
}

// "comm/pid is trying to acquire lock:" and similar lockdep lines.
bool task_from_lockdep_line(std::string_view t, Report* r) {
  static constexpr std::array<std::string_view, 5> kMarks = {
      " is trying to ", " is freeing ", " is exiting ", " [HC", " still has locks held"};
  for (std::string_view m : kMarks) {
    std::size_t pos = t.find(m);
    if (pos == std::string_view::npos) continue;
    std::string_view who = trim(t.substr(0, pos));
    if (who.starts_with("WARNING: ")) who.remove_prefix(9);
    if (auto cp = split_comm_pid(who, '/')) {
      r->task = cp->comm;
      r->pid = cp->pid;
      return true;
    }
  }
  return false;
}

// dump_stack header "CPU: 1 UID: 0 PID: 123 Comm: foo Not tainted ..." or
// "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 123, name: foo".
bool task_from_context_line(std::string_view t, Report* r) {
  if (t.starts_with("CPU: ")) {
    auto pid = int_after_key(t, "PID:");
    std::size_t c = t.find(" Comm: ");
    if (!pid || c == std::string_view::npos) return false;
    auto words = split_words(t.substr(c + 7));
    r->pid = static_cast<int>(*pid);
    if (!words.empty()) r->task = std::string(words.front());
    return true;
  }
  if (t.starts_with("in_atomic(): ")) {
    std::size_t n = t.find(", name: ");
    auto pid = int_after_key(t, "pid:");
    if (!pid || n == std::string_view::npos) return false;
    r->pid = static_cast<int>(*pid);
    r->task = std::string(trim(t.substr(n + 8)));
    return true;
  }
  return false;
}

void fill_task(Lines lines, std::size_t i, Report* r) {
  std::string_view t = trim(lines[i].text);
  switch (r->kind) {
    case ReportKind::HungTask: return task_from_hung(t, r);
    case ReportKind::SoftLockup: return task_from_brackets(t, r);
    case ReportKind::Warning: task_from_warning_tail(t, r); break;
    case ReportKind::Lockdep: task_from_lockdep_line(t, r); break;
    default: break;
  }
  if (r->pid) return;
  // Look ahead, without crossing into the next report.
  for (std::size_t j = i + 1; j < lines.size() && j <= i + 60; ++j) {
    std::string_view u = trim(lines[j].text);
    if (classify_report_header(u)) return;
    if (r->kind == ReportKind::Lockdep && j <= i + 8 && task_from_lockdep_line(u, r)) return;
    if (task_from_context_line(u, r)) return;
  }
}

}  // namespace

std::vector<Report> find_reports(Lines lines) {
  std::vector<Report> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto kind = classify_report_header(lines[i].text);
    if (!kind) continue;
    Report r;
    r.kind = *kind;
    r.title = std::string(trim(lines[i].text));
    r.line = lines[i].number;
    r.time = lines[i].time;
    fill_task(lines, i, &r);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<Report> find_reports(std::string_view log) {
  return parse_text(log, [](Lines l) { return find_reports(l); });
}

}  // namespace vh
