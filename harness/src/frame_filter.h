// Which frames of a printed stack to reason about.
//
// ORC and frame-pointer kernels print the real call chain plus a few "? "
// frames (stale return addresses found on the stack); the guess unwinder
// (CONFIG_UNWINDER_GUESS, kernels built without ORC) prints *every* text
// address it finds on the stack, all with "? ". So: when a stack has
// reliable frames, use those; when every frame is "? ", use them all
// (marked unreliable) rather than nothing, minus the noise that stale
// addresses are mostly made of: lockdep and irq-flag tracing internals,
// spinlock and preempt-count helpers, might_sleep checks, sanitizer and
// stack-dump machinery (and one frame for an address found several times in
// a row). That is the list of frames syzbot's report parser
// skips when it deduplicates stacks (the "skip" patterns of syzkaller's
// pkg/report/linux.go), narrowed to the exact names seen in these logs.
#pragma once

#include <string_view>
#include <vector>

#include "stack_trace.h"

namespace vh {

bool is_noise_frame(std::string_view function);

struct UsableStack {
  std::vector<Frame> frames;
  bool unreliable = false;  // every printed frame had "? " (guess unwinder)
};

UsableStack usable_frames(const std::vector<Frame>& frames);

}  // namespace vh
