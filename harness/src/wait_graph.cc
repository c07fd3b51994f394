#include "wait_graph.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "frame_filter.h"
#include "text_util.h"

namespace vh {

const char* wait_kind_name(WaitKind k) {
  switch (k) {
    case WaitKind::Lock: return "lock";
    case WaitKind::Rcu: return "rcu";
    case WaitKind::Completion: return "completion";
    case WaitKind::Other: return "other";
    case WaitKind::Unknown: return "unknown";
  }
  return "unknown";
}

namespace {

const std::set<std::string_view> kLockFns = {
    "__mutex_lock", "__mutex_lock_common", "mutex_lock", "mutex_lock_nested",
    "__mutex_lock_slowpath", "mutex_lock_killable", "mutex_lock_interruptible",
    "__mutex_lock_killable_slowpath", "__mutex_lock_interruptible_slowpath",
    "mutex_lock_killable_nested", "mutex_lock_interruptible_nested", "mutex_lock_io_nested",
    "rwsem_down_write_slowpath", "rwsem_down_read_slowpath", "down_write", "down_read",
    "down_write_killable", "down_read_killable", "down_write_nested", "down_read_nested",
    "__down_write", "__down_read", "__down_write_common", "__down_read_common", "__down",
    "__down_common", "down", "down_killable", "down_interruptible", "ww_mutex_lock",
    "__ww_mutex_lock", "__ww_mutex_lock_slowpath", "rt_mutex_slowlock", "__rt_mutex_slowlock",
    "rt_mutex_slowlock_block", "rtlock_slowlock_locked", "percpu_down_write", "percpu_rwsem_wait",
    "__percpu_down_read", "percpu_down_read"};

const std::set<std::string_view> kRcuFns = {
    "synchronize_rcu", "synchronize_rcu_expedited", "synchronize_rcu_normal", "wait_rcu_gp",
    "__wait_rcu_gp", "synchronize_srcu", "__synchronize_srcu", "synchronize_srcu_expedited",
    "rcu_barrier", "synchronize_rcu_tasks", "synchronize_rcu_tasks_generic",
    "synchronize_rcu_tasks_trace", "synchronize_rcu_tasks_rude", "rcu_tasks_wait_gp"};

const std::set<std::string_view> kSchedFns = {
    "__schedule", "schedule", "context_switch", "__schedule_loop", "schedule_preempt_disabled",
    "schedule_timeout", "schedule_timeout_uninterruptible", "schedule_timeout_killable",
    "schedule_timeout_interruptible", "io_schedule", "io_schedule_timeout", "__switch_to",
    "__switch_to_asm", "preempt_schedule_irq", "preempt_schedule_common", "__cond_resched",
    "lock_acquire", "__lock_acquire", "lock_acquired", "lock_contended", "__wait_for_common",
    "wait_for_common", "do_wait_for_common", "__wait_for_common_io", "wait_for_common_io",
    "rcu_gp_kthread", "finish_task_switch", "sched_submit_work", "sched_update_worker"};

bool is_completion_fn(std::string_view fn) {
  return fn.starts_with("wait_for_completion") || fn.starts_with("__wait_for_completion");
}

bool is_wait_machinery(std::string_view fn) {
  return kLockFns.count(fn) || kRcuFns.count(fn) || kSchedFns.count(fn) || is_completion_fn(fn);
}

}  // namespace

WaitSite classify_wait(const std::vector<Frame>& frames) {
  WaitSite w;
  bool lock = false, rcu = false, completion = false, lock_first = false;
  std::string lock_fn, rcu_fn, completion_fn;
  bool any_reliable = std::any_of(frames.begin(), frames.end(), [](const Frame& f) { return !f.unreliable; });
  for (const Frame& f : frames) {
    if (f.unreliable && (any_reliable || is_noise_frame(f.function))) continue;
    if (!is_wait_machinery(f.function)) {
      w.site = f;
      break;
    }
    if (kLockFns.count(f.function)) {
      if (!rcu) lock_first = true;
      lock = true;
      lock_fn = f.function;
    } else if (kRcuFns.count(f.function)) {
      rcu = true;
      rcu_fn = f.function;
    } else if (is_completion_fn(f.function)) {
      completion = true;
      completion_fn = f.function;
    }
  }
  if (lock && (lock_first || !rcu)) {
    w.kind = WaitKind::Lock;
    w.primitive = lock_fn;
  } else if (rcu) {
    w.kind = WaitKind::Rcu;
    w.primitive = rcu_fn;
  } else if (completion) {
    w.kind = WaitKind::Completion;
    w.primitive = completion_fn;
  } else {
    w.kind = frames.empty() ? WaitKind::Unknown : WaitKind::Other;
  }
  return w;
}

std::string summarize_stack(const std::vector<Frame>& frames, char state, const std::string& anchor) {
  std::vector<std::string> names;
  std::size_t shown = 0;
  for (; shown < frames.size() && names.size() < 4; ++shown) {
    const Frame& f = frames[shown];
    if (!kSchedFns.count(f.function) && !is_noise_frame(f.function)) names.push_back(f.function);
  }
  for (std::size_t i = shown; !anchor.empty() && i < frames.size(); ++i) {
    if (frames[i].function != anchor) continue;
    names.push_back("... <- " + describe_frame(frames[i]));
    break;
  }
  std::string what = state == 'R' ? "running" : state == 'D' ? "blocked" : "sleeping";
  std::string out = what + " (state " + std::string(1, state) + ")";
  if (!names.empty()) out += " in " + join(names, " <- ");
  return out;
}

const BlockedTask* WaitGraph::find(int pid) const {
  auto it = by_pid.find(pid);
  return it == by_pid.end() ? nullptr : &tasks[it->second];
}

namespace {

LockRef to_ref(const HeldLock& l) {
  return LockRef{l.address, l.class_name, l.site, l.location, l.index};
}

class GraphBuilder {
 public:
  explicit GraphBuilder(const Evidence& e) : e_(e) {
    for (std::size_t i = 0; i < e.hung.blockers.size(); ++i) hints_[e.hung.blockers[i].waiter_pid].push_back(i);
    for (auto it = e.lock_dumps.rbegin(); it != e.lock_dumps.rend() && !last_system_wide_; ++it)
      if (it->system_wide) last_system_wide_ = &*it;
    for (const TaskDump& d : e.tasks) first_by_comm_.emplace(d.comm, &d);
  }

  WaitGraph build() {
    collect_tasks();
    for (BlockedTask& t : g_.tasks) attach_stack_and_locks(t);
    for (BlockedTask& t : g_.tasks) find_holders(t);
    for (BlockedTask& t : g_.tasks) describe_holders(t);
    find_cycles();
    return std::move(g_);
  }

 private:
  BlockedTask& upsert(const std::string& comm, int pid) {
    auto [it, fresh] = g_.by_pid.emplace(pid, g_.tasks.size());
    if (!fresh) return g_.tasks[it->second];
    g_.tasks.push_back(BlockedTask{});
    g_.tasks.back().comm = comm;
    g_.tasks.back().pid = pid;
    return g_.tasks.back();
  }

  void collect_tasks() {
    for (const HungTask& h : e_.hung.hung) {
      bool fresh = !g_.find(h.pid);
      BlockedTask& t = upsert(h.comm, h.pid);
      t.hung = true;
      if (fresh || !t.report_line) {
        t.report_line = h.line;
        t.report_time = h.time;
      }
      if (h.seconds && (!t.blocked_seconds || *h.seconds > *t.blocked_seconds)) t.blocked_seconds = h.seconds;
    }
    for (const BlockerHint& b : e_.hung.blockers) upsert(b.waiter_comm, b.waiter_pid);
    for (const TaskDump& d : e_.tasks) {
      if (d.state != 'D' || d.running) continue;
      BlockedTask& t = upsert(d.comm, d.pid);
      if (!t.report_line) t.report_line = d.line;
    }
  }

  void attach_stack_and_locks(BlockedTask& t) {
    if (const TaskDump* d = e_.stack_of(t.pid, t.hung ? t.report_line : 0)) {
      UsableStack u = usable_frames(d->frames);
      t.stack = std::move(u.frames);
      t.stack_unreliable = u.unreliable;
      t.stack_line = d->line;
      t.state = d->state;
      t.tgid = d->tgid;
      if (t.comm.empty()) t.comm = d->comm;
    }
    t.wait = classify_wait(t.stack);
    if (t.wait.kind == WaitKind::Unknown && has_mutex_hint(t.pid)) t.wait.kind = WaitKind::Lock;
    const TaskLocks* tl = e_.locks_of(t.pid);
    if (!tl) return;
    t.locks_line = tl->line;
    for (const HeldLock& l : tl->locks) t.held.push_back(to_ref(l));
    if (t.wait.kind != WaitKind::Lock || t.held.empty()) return;
    // lockdep lists the lock a task is acquiring as its last entry, with
    // the blocked call site as its "at:": it waits for it, it does not hold it.
    t.acquiring = t.held.back();
    t.held.pop_back();
    std::string acquire_fn = site_function(t.acquiring->site);
    auto on_stack = std::find_if(t.stack.begin(), t.stack.end(),
                                 [&](const Frame& f) { return f.function == acquire_fn; });
    if (on_stack == t.stack.end()) {
      if (!t.stack.empty())
        t.notes.push_back("the last held-lock entry (acquire site " + t.acquiring->site +
                          ") is not on the stack; assumed to be the lock being acquired");
    } else if (t.stack_unreliable) {
      // Guess-unwinder stacks hold stale addresses above the real caller:
      // the acquire site lockdep recorded names the caller for sure.
      t.wait.site = *on_stack;
    }
  }

  static std::string site_function(const std::string& site) { return site.substr(0, site.find('+')); }

  bool has_mutex_hint(int pid) const { return hints_.count(pid) > 0; }

  // Is (pid, index) the entry a blocked task is still acquiring?
  bool is_acquiring_entry(int pid, int index) const {
    const BlockedTask* b = g_.find(pid);
    return b && b->acquiring && b->acquiring->index == index;
  }

  const LockDump* search_dump(const BlockedTask& t) const {
    if (const LockDump* d = e_.dump_listing(t.pid)) return d;
    return last_system_wide_;
  }

  // Where each lock address and class appears in a dump: (task, lock) positions.
  struct DumpIndex {
    std::unordered_map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> by_address, by_class;
    bool any_address = false;
  };

  const DumpIndex& index_of(const LockDump& d) {
    auto [it, fresh] = dump_index_.try_emplace(&d);
    if (!fresh) return it->second;
    DumpIndex& x = it->second;
    for (std::size_t ti = 0; ti < d.tasks.size(); ++ti)
      for (std::size_t li = 0; li < d.tasks[ti].locks.size(); ++li) {
        const HeldLock& l = d.tasks[ti].locks[li];
        if (!l.address.empty()) {
          x.any_address = true;
          x.by_address[l.address].emplace_back(ti, li);
        }
        x.by_class[l.class_name].emplace_back(ti, li);
      }
    return x;
  }

  void find_holders(BlockedTask& t) {
    if (t.acquiring) match_in_dump(t);
    add_hint_holders(t);
    if (t.wait.kind == WaitKind::Completion) add_vhost_worker(t);
    if (!t.holders.empty() || !t.acquiring) return;
    if (const LockDump* d = search_dump(t))
      for (const TaskLocks& tl : d->tasks)
        if (tl.unlisted() && tl.pid != t.pid)
          t.unlisted_candidates.push_back(tl.comm + "/" + std::to_string(tl.pid) + " (" +
                                          std::to_string(*tl.count) + " locks not listed)");
  }

  // Other tasks of the dump that list the lock t acquires (by address, else
  // by class when the dump prints no addresses), except where that entry is
  // itself a lock being acquired: each such task once, in dump order.
  void match_in_dump(BlockedTask& t) {
    const LockDump* d = search_dump(t);
    if (!d) return;
    const DumpIndex& x = index_of(*d);
    const LockRef& want = *t.acquiring;
    for (int pass = 0; pass < 2 && t.holders.empty(); ++pass) {
      bool by_class = pass == 1;
      if (by_class && !want.address.empty() && x.any_address) break;
      if (!by_class && want.address.empty()) continue;
      const auto& map = by_class ? x.by_class : x.by_address;
      auto hits = map.find(by_class ? want.class_name : want.address);
      if (hits == map.end()) continue;
      std::size_t last_task = static_cast<std::size_t>(-1);
      for (const auto& [ti, li] : hits->second) {
        const TaskLocks& tl = d->tasks[ti];
        const HeldLock& l = tl.locks[li];
        if (ti == last_task || tl.pid == t.pid || is_acquiring_entry(tl.pid, l.index)) continue;
        last_task = ti;
        HolderInfo h;
        h.comm = tl.comm;
        h.pid = tl.pid;
        h.held = to_ref(l);
        h.matched_by_class = by_class;
        t.holders.push_back(std::move(h));
        if (t.holders.size() >= kMaxHolders) return;
      }
    }
  }

  void add_hint_holders(BlockedTask& t) {
    auto hints = hints_.find(t.pid);
    if (hints == hints_.end()) return;
    for (std::size_t i : hints->second) {
      const BlockerHint& b = e_.hung.blockers[i];
      if (!b.owner_pid) continue;
      auto it = std::find_if(t.holders.begin(), t.holders.end(),
                             [&](const HolderInfo& h) { return h.pid == *b.owner_pid; });
      if (it != t.holders.end()) {
        it->from_blocker_hint = true;
        continue;
      }
      HolderInfo h;
      h.comm = b.owner_comm;
      h.pid = *b.owner_pid;
      h.from_blocker_hint = true;
      h.held = held_by(*b.owner_pid, t.acquiring);
      t.holders.push_back(std::move(h));
    }
  }

  std::optional<LockRef> held_by(int pid, const std::optional<LockRef>& want) const {
    const TaskLocks* tl = e_.locks_of(pid);
    if (!tl) return std::nullopt;
    for (const HeldLock& l : tl->locks) {
      bool same = want && (want->address.empty() ? l.class_name == want->class_name
                                                 : l.address == want->address);
      if (same) return to_ref(l);
    }
    return std::nullopt;
  }

  // A vhost flush waits for the device's worker ("vhost-<owner pid>") to
  // run the flush work.
  void add_vhost_worker(BlockedTask& t) {
    bool flush = false;
    for (const Frame& f : t.stack) flush = flush || f.function.find("vhost") != std::string::npos;
    if (!flush) return;
    std::vector<std::string> names = {"vhost-" + std::to_string(t.pid)};
    if (t.tgid) names.push_back("vhost-" + std::to_string(*t.tgid));
    for (const std::string& name : names) {
      auto it = first_by_comm_.find(name);
      if (it == first_by_comm_.end() || it->second->pid == t.pid) continue;
      HolderInfo h;
      h.comm = it->second->comm;
      h.pid = it->second->pid;
      h.via = "the flush needs this vhost worker to run its work";
      t.holders.push_back(std::move(h));
      return;
    }
  }

  std::string doing(const HolderInfo& h) const {
    if (const BlockedTask* b = g_.find(h.pid)) {
      std::string s = "blocked (state " + std::string(1, b->state) + ")";
      if (!b->wait.primitive.empty()) s += " in " + b->wait.primitive;
      if (b->wait.site) s += " called from " + describe_frame(*b->wait.site);
      if (b->acquiring) s += ", waiting for " + b->acquiring->class_name + " " + b->acquiring->address;
      return s;
    }
    if (const TaskDump* d = e_.stack_of(h.pid)) {
      std::string anchor = h.held ? h.held->site.substr(0, h.held->site.find('+')) : "";
      if (!d->frames.empty()) {
        UsableStack u = usable_frames(d->frames);
        return summarize_stack(u.frames, d->state, anchor) + (u.unreliable ? " [unreliable stack: every frame '? ']" : "");
      }
      return d->running ? "running (no stack printed)" : "state " + std::string(1, d->state) + " (no stack printed)";
    }
    if (e_.locks_of(h.pid)) return "running/not blocked (its locks were listed without a stack)";
    return "unknown (no stack or lock list printed)";
  }

  void describe_holders(BlockedTask& t) {
    for (HolderInfo& h : t.holders) h.doing = doing(h);
  }

  void find_cycles() {
    std::set<std::vector<int>> seen;
    for (const BlockedTask& t : g_.tasks) {
      std::vector<int> chain = chain_from(g_, t.pid);
      if (chain.size() < 2) continue;
      int last = chain.back();
      const BlockedTask* tail = g_.find(last);
      if (!tail || tail->holders.empty()) continue;
      int next = tail->holders.front().pid;
      auto pos = std::find(chain.begin(), chain.end(), next);
      if (pos == chain.end()) continue;
      std::vector<int> cycle(pos, chain.end());
      std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
      if (seen.insert(cycle).second) g_.cycles.push_back(cycle);
    }
  }

  const Evidence& e_;
  WaitGraph g_;
  std::unordered_map<int, std::vector<std::size_t>> hints_;  // waiter pid -> blocker hints
  const LockDump* last_system_wide_ = nullptr;
  std::unordered_map<std::string, const TaskDump*> first_by_comm_;
  std::unordered_map<const LockDump*, DumpIndex> dump_index_;
};

}  // namespace

WaitGraph build_wait_graph(const Evidence& e) { return GraphBuilder(e).build(); }

std::vector<int> chain_from(const WaitGraph& g, int pid) {
  std::vector<int> chain;
  std::set<int> seen;
  const BlockedTask* t = g.find(pid);
  while (t && seen.insert(t->pid).second && chain.size() < kMaxChain) {
    chain.push_back(t->pid);
    if (t->holders.empty()) break;
    int next = t->holders.front().pid;
    if (seen.count(next)) break;
    if (!g.find(next)) {
      chain.push_back(next);
      break;
    }
    t = g.find(next);
  }
  return chain;
}

}  // namespace vh
