#include "hung_task.h"

#include <array>

#include "text_util.h"

namespace vh {

std::optional<HungTask> parse_hung_task_line(std::string_view text) {
  std::string_view t = trim(text);
  if (!t.starts_with("INFO: task ")) return std::nullopt;
  std::size_t b = t.find(" blocked for more than ");
  std::size_t io = t.find(" blocked in I/O wait for more than ");
  std::size_t end = b != std::string_view::npos ? b : io;
  if (end == std::string_view::npos) return std::nullopt;
  auto cp = split_comm_pid(t.substr(11, end - 11), ':');
  if (!cp) return std::nullopt;
  HungTask h;
  h.comm = cp->comm;
  h.pid = cp->pid;
  h.io_wait = b == std::string_view::npos;
  std::size_t num = t.find("more than ", end) + 10;
  h.seconds = leading_int(t.substr(num));
  return h;
}

std::optional<BlockerHint> parse_blocker_line(std::string_view text) {
  std::string_view t = trim(text);
  if (!t.starts_with("INFO: task ")) return std::nullopt;
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kForms = {{
      {" is blocked on a mutex likely owned by task ", "mutex"},
      {" blocked on a semaphore likely last held by task ", "semaphore"},
      {" blocked on an rw-semaphore likely owned by task ", "rw-semaphore"},
      {" is blocked on a mutex, but the owner is not found", "mutex"},
      {" is blocked on a semaphore, but the last holder is not found", "semaphore"},
      {" is blocked on an rw-semaphore, but the owner is not found", "rw-semaphore"},
  }};
  for (const auto& [marker, kind] : kForms) {
    std::size_t pos = t.find(marker);
    if (pos == std::string_view::npos) continue;
    std::string_view who = t.substr(11, pos - 11);
    if (std::size_t lt = who.find(" <"); lt != std::string_view::npos) who = who.substr(0, lt);
    auto waiter = split_comm_pid(who, ':');
    if (!waiter) return std::nullopt;
    BlockerHint hint;
    hint.waiter_comm = waiter->comm;
    hint.waiter_pid = waiter->pid;
    hint.lock_kind = std::string(kind);
    std::string_view owner = t.substr(pos + marker.size());
    if (std::size_t lt = owner.find(" <"); lt != std::string_view::npos) owner = owner.substr(0, lt);
    while (owner.ends_with(".")) owner.remove_suffix(1);
    if (auto o = split_comm_pid(trim(owner), ':')) {
      hint.owner_comm = o->comm;
      hint.owner_pid = o->pid;
    }
    return hint;
  }
  return std::nullopt;
}

HungTaskInfo parse_hung_tasks(Lines lines) {
  HungTaskInfo info;
  for (const LogLine& l : lines) {
    if (auto h = parse_hung_task_line(l.text)) {
      h->line = l.number;
      h->time = l.time;
      info.hung.push_back(std::move(*h));
    } else if (auto b = parse_blocker_line(l.text)) {
      b->line = l.number;
      info.blockers.push_back(std::move(*b));
    }
  }
  return info;
}

}  // namespace vh
