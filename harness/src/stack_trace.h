// One stack frame line as printed by show_stack()/dump_stack():
//   " __schedule+0x149b/0x4fd0 kernel/sched/core.c:6863"
//   " context_switch kernel/sched/core.c:5256 [inline]"   (syzbot)
//   " ? lock_release+0xda/0x2c0"                           (unreliable)
//   " [<ffffffff8de17609>] ? __schedule+0x239/0x6f0"       (old kernels)
//   " btrfs_lookup+0x12/0x40 [btrfs]"                      (module)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vh {

struct Frame {
  std::string function;  // "__mutex_lock" (".constprop.0" etc. removed)
  std::string symbol;    // as printed: "__mutex_lock+0x7e6/0x1350"
  std::string location;  // "kernel/locking/mutex.c:776", may be empty
  std::string module;    // "btrfs", may be empty
  bool inlined = false;
  bool unreliable = false;  // "? " frames
};

std::optional<Frame> parse_frame(std::string_view text);

// "sym+0x1/0x2 (file.c:12)" style one-liner for humans.
std::string describe_frame(const Frame& f);

bool has_function(const std::vector<Frame>& frames, std::string_view fn);

}  // namespace vh
