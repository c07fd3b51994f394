#include "lock_dump.h"

#include "text_util.h"

namespace vh {

const TaskLocks* LockDump::find(int pid) const {
  auto it = by_pid.find(pid);
  return it == by_pid.end() ? nullptr : &tasks[it->second];
}

std::optional<TaskLocksHeader> parse_task_locks_header(std::string_view text) {
  std::string_view t = trim(text);
  TaskLocksHeader h;
  std::string_view who;
  if (t.starts_with("no locks held by ")) {
    who = t.substr(17);
    if (who.ends_with(".")) who.remove_suffix(1);
    h.count = 0;
  } else if (t.starts_with("locks held by ")) {  // 7.x
    std::size_t colon = t.find(": ", 14);
    if (colon == std::string_view::npos) return std::nullopt;
    who = t.substr(14, colon - 14);
    if (auto n = leading_int(t.substr(colon + 2))) h.count = static_cast<int>(*n);
  } else {
    std::size_t held = t.find(" held by ");
    if (held == std::string_view::npos || !t.ends_with(":")) return std::nullopt;
    std::string_view lead = t.substr(0, held);
    if (!lead.ends_with(" lock") && !lead.ends_with(" locks")) return std::nullopt;
    auto n = leading_int(lead);
    if (!n) return std::nullopt;
    h.count = static_cast<int>(*n);
    who = t.substr(held + 9, t.size() - held - 10);
  }
  auto cp = split_comm_pid(trim(who), '/');
  if (!cp) return std::nullopt;
  h.comm = cp->comm;
  h.pid = cp->pid;
  return h;
}

namespace {

void parse_site(std::string_view s, HeldLock* l) {
  auto words = split_words(s);
  if (words.empty()) return;
  std::size_t i = 0;
  if (words[0].starts_with("[<") && words.size() > 1) i = 1;  // old "[<addr>] sym"
  l->site = std::string(words[i]);
  l->site_function = l->site.substr(0, l->site.find('+'));
  if (i + 1 < words.size() && words[i + 1].find(':') != std::string_view::npos)
    l->location = std::string(words[i + 1]);
}

}  // namespace

std::optional<HeldLock> parse_held_lock(std::string_view text) {
  std::string_view t = trim(text);
  if (!t.starts_with("#")) return std::nullopt;
  std::size_t colon = t.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto idx = parse_int(t.substr(1, colon - 1));
  if (!idx) return std::nullopt;
  HeldLock l;
  l.index = static_cast<int>(*idx);
  std::string_view body = trim(t.substr(colon + 1));
  if (body.starts_with("<RELEASED>")) return l;
  std::size_t open = body.find('(');
  std::size_t at = body.find(", at: ");
  if (open == std::string_view::npos) return std::nullopt;
  l.address = std::string(trim(body.substr(0, open)));
  std::string_view cls = body.substr(open + 1, at == std::string_view::npos ? std::string_view::npos : at - open - 1);
  std::size_t end = cls.rfind("){");
  if (end == std::string_view::npos) end = cls.rfind(')');
  l.class_name = std::string(cls.substr(0, end));
  if (at != std::string_view::npos) parse_site(body.substr(at + 6), &l);
  return l;
}

namespace {

class DumpBuilder {
 public:
  void feed(const LogLine& l) {
    std::string_view t = trim(l.text);
    if (t.starts_with("Showing all locks held in the system")) {
      close();
      open(l, true);
    } else if (t.starts_with("=============================================") && cur_) {
      cur_->complete = cur_->system_wide;
      close();
    } else if (auto h = parse_task_locks_header(t)) {
      if (!cur_) open(l, false);
      TaskLocks tl;
      tl.comm = h->comm;
      tl.pid = h->pid;
      tl.count = h->count;
      tl.line = l.number;
      tl.time = l.time;
      cur_->tasks.push_back(std::move(tl));
    } else if (auto lock = parse_held_lock(t); lock && cur_ && !cur_->tasks.empty()) {
      add_lock(std::move(*lock), l.number);
    } else if (cur_ && !cur_->system_wide && ++loose_misses_ > 1) {
      close();
    }
  }

  std::vector<LockDump> finish() {
    close();
    return std::move(out_);
  }

 private:
  void open(const LogLine& l, bool system_wide) {
    cur_ = LockDump{};
    cur_->system_wide = system_wide;
    cur_->line = l.number;
    cur_->time = l.time;
    loose_misses_ = 0;
  }

  void close() {
    if (!cur_) return;
    for (std::size_t i = 0; i < cur_->tasks.size(); ++i) cur_->by_pid.emplace(cur_->tasks[i].pid, i);
    out_.push_back(std::move(*cur_));
    cur_.reset();
  }

  // syzbot prints one "#N:" line per inlined frame of the acquire site; the
  // last of a run carries the real (non-inline) function.
  void add_lock(HeldLock lock, std::size_t line) {
    loose_misses_ = 0;
    std::vector<HeldLock>& locks = cur_->tasks.back().locks;
    lock.line = line;
    if (!locks.empty() && locks.back().index == lock.index && locks.back().address == lock.address) {
      locks.back().site = lock.site;
      locks.back().site_function = lock.site_function;
      locks.back().location = lock.location;
      return;
    }
    locks.push_back(std::move(lock));
  }

  std::optional<LockDump> cur_;
  std::vector<LockDump> out_;
  int loose_misses_ = 0;
};

}  // namespace

std::vector<LockDump> parse_lock_dumps(Lines lines) {
  DumpBuilder b;
  for (const LogLine& l : lines) b.feed(l);
  return b.finish();
}

std::vector<LockDump> parse_lock_dumps(std::string_view log) {
  return parse_text(log, [](Lines l) { return parse_lock_dumps(l); });
}

}  // namespace vh
