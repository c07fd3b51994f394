#include "frame_filter.h"

#include <array>
#include <set>

namespace vh {

namespace {

const std::set<std::string_view> kNoise = {
    // lockdep
    "lock_acquire", "__lock_acquire", "lock_release", "__lock_release", "lock_acquired", "lock_contended",
    "lock_is_held_type", "lock_sync", "mark_lock", "mark_held_locks", "mark_usage", "validate_chain",
    "check_prev_add", "check_noncircular", "check_irq_usage", "find_held_lock", "hlock_class",
    "lookup_chain_cache_add", "add_chain_cache", "__bfs", "match_held_lock", "reacquire_held_locks",
    "debug_check_no_locks_freed", "debug_lockdep_rcu_enabled", "__lock_is_held", "lock_pin_lock",
    "lock_unpin_lock", "lock_repin_lock", "debug_mutex_lock_common", "debug_mutex_unlock",
    "debug_mutex_add_waiter", "debug_mutex_remove_waiter",
    // irq-flag and preempt-count tracing
    "trace_hardirqs_on", "trace_hardirqs_off", "trace_hardirqs_on_prepare", "trace_hardirqs_off_finish",
    "preempt_count_add", "preempt_count_sub", "__preempt_count_add", "__preempt_count_sub",
    "preempt_schedule_thunk", "preempt_schedule_notrace",
    // spinlocks
    "_raw_spin_lock", "_raw_spin_lock_irq", "_raw_spin_lock_irqsave", "_raw_spin_lock_bh",
    "_raw_spin_unlock", "_raw_spin_unlock_irq", "_raw_spin_unlock_irqrestore", "_raw_spin_unlock_bh",
    "do_raw_spin_lock", "do_raw_spin_unlock", "do_raw_spin_trylock", "_raw_spin_trylock",
    "raw_spin_rq_lock_nested", "raw_spin_rq_unlock", "queued_spin_lock_slowpath",
    "native_queued_spin_lock_slowpath",
    // RCU read side, might_sleep, fault annotations
    "rcu_read_lock_held", "rcu_read_lock_sched_held", "rcu_read_lock_any_held", "rcu_is_watching",
    "__might_sleep", "__might_resched", "__might_fault", "might_fault",
    // stack dumping and printk
    "show_stack", "dump_stack", "dump_stack_lvl", "show_trace_log_lvl", "sched_show_task",
    "__unwind_start", "unwind_next_frame", "stack_trace_save", "arch_stack_walk", "printk",
    "_printk", "vprintk_emit", "vprintk",
    // list debugging (CONFIG_DEBUG_LIST)
    "list_del", "__list_del_entry_valid", "__list_del_entry_valid_or_report", "__list_add_valid",
    "__list_add_valid_or_report",
    // misc helpers that leave addresses behind
    "__this_cpu_preempt_check", "check_preemption_disabled", "kthread_should_stop",
    "__switch_to", "__switch_to_asm", "finish_task_switch"};

constexpr std::array<std::string_view, 7> kNoisePrefixes = {"lockdep_", "__sanitizer_", "__asan_", "kasan_",
                                                            "__kasan_", "__kcsan_", "kmsan_"};

}  // namespace

bool is_noise_frame(std::string_view function) {
  if (kNoise.count(function)) return true;
  for (std::string_view p : kNoisePrefixes)
    if (function.starts_with(p)) return true;
  return false;
}

UsableStack usable_frames(const std::vector<Frame>& frames) {
  UsableStack s;
  for (const Frame& f : frames)
    if (!f.unreliable) s.frames.push_back(f);
  if (!s.frames.empty() || frames.empty()) return s;
  s.unreliable = true;
  for (const Frame& f : frames) {
    if (is_noise_frame(f.function)) continue;
    // The same stale return address found in several stack slots.
    if (!s.frames.empty() && s.frames.back().symbol == f.symbol) continue;
    s.frames.push_back(f);
  }
  return s;
}

}  // namespace vh
