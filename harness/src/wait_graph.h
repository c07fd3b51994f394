// Wait-for graph over blocked tasks: task -> lock it is acquiring -> task(s)
// holding that lock (matched by address, else by class) -> what the holder
// is doing. Cycles are deadlocks; other paths are "blocked behind" chains.
#pragma once

#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "evidence.h"

namespace vh {

enum class WaitKind { Lock, Rcu, Completion, Other, Unknown };
const char* wait_kind_name(WaitKind k);  // "lock","rcu","completion","other","unknown"

struct LockRef {
  std::string address;
  std::string class_name;
  std::string site;
  std::string location;
  int index = 0;
};

struct HolderInfo {
  std::string comm;
  int pid = 0;
  std::optional<LockRef> held;  // the holder's entry for the lock
  bool matched_by_class = false;
  bool from_blocker_hint = false;
  std::string via;    // non-lock edge, e.g. "the flush needs this vhost worker to run"
  std::string doing;  // what the holder is doing
};

struct WaitSite {
  WaitKind kind = WaitKind::Unknown;
  std::string primitive;      // "__mutex_lock", "synchronize_rcu", ...
  std::optional<Frame> site;  // first frame outside the wait machinery
};
WaitSite classify_wait(const std::vector<Frame>& frames);

struct BlockedTask {
  std::string comm;
  int pid = 0;
  std::optional<int> tgid;
  char state = '?';
  bool hung = false;  // named by the hung-task detector
  std::optional<long long> blocked_seconds;
  std::optional<double> report_time;
  std::size_t report_line = 0;  // hung-task header or task dump line
  WaitSite wait;
  std::vector<Frame> stack;   // reliable frames, else the "? " ones (frame_filter.h)
  bool stack_unreliable = false;  // every frame was "? " (guess unwinder)
  std::size_t stack_line = 0;
  std::size_t locks_line = 0;
  std::optional<LockRef> acquiring;
  std::vector<LockRef> held;
  std::vector<HolderInfo> holders;
  std::vector<std::string> unlisted_candidates;  // "comm/pid (N locks not listed)"
  std::vector<std::string> notes;
};

struct WaitGraph {
  std::vector<BlockedTask> tasks;
  std::vector<std::vector<int>> cycles;  // pids, each cycle once
  std::unordered_map<int, std::size_t> by_pid;  // index into tasks
  const BlockedTask* find(int pid) const;
};

// Chains and cycles longer than this are cut (real ones are a handful of
// tasks; the bound keeps hostile logs linear).
inline constexpr std::size_t kMaxChain = 64;
// Holders named for one lock (shared locks can have many).
inline constexpr std::size_t kMaxHolders = 16;

WaitGraph build_wait_graph(const Evidence& e);

// pids along the first-holder edges starting at pid (stops at a repeat, or
// after kMaxChain tasks).
std::vector<int> chain_from(const WaitGraph& g, int pid);

// "sleeping (state S) in a <- b <- c" style summary of a stack (usable
// frames, frame_filter.h); if `anchor`
// (a function) is deeper in the stack it is appended ("... <- anchor+0x..").
std::string summarize_stack(const std::vector<Frame>& frames, char state, const std::string& anchor = "");

}  // namespace vh
