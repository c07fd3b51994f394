// Lines of two CPUs interleaved: when two tasks print at once (a sysrq-w
// dump while the hung-task detector reports, two sysrq dumps on two CPUs),
// their records alternate on the console and a multi-line dump is cut by
// the other task's lines. With CONFIG_PRINTK_CALLER every line names its
// printer ("[  T123]" / "[    C1]"), which is enough to put each printer's
// lines back together.
//
// regroup_by_caller() keeps the log in order but moves each line next to
// the previous line of the same caller when that line is recent (at most
// kMaxGapLines lines back and, with timestamps, at most kMaxGapSeconds
// earlier): each burst of one caller becomes contiguous, placed where it
// began. Lines without a caller id (user space on the console, untagged
// logs) are never moved. A log without caller ids comes back unchanged.
#pragma once

#include <vector>

#include "console_line.h"

namespace vh {

inline constexpr std::size_t kMaxGapLines = 2000;
inline constexpr double kMaxGapSeconds = 2.0;

std::vector<LogLine> regroup_by_caller(Lines lines);

}  // namespace vh
