// Builds the QEMU command line and runs QEMU with the serial console on
// stdout, under a wall-clock limit.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "subprocess.h"

namespace vh {

struct QemuConfig {
  std::string qemu = "qemu-system-x86_64";
  std::string kernel;
  std::string initrd;          // empty: none
  std::string append_extra;
  std::string base_append = "console=ttyS0 panic=-1";
  int mem_mib = 2048;
  int smp = 2;
  std::string accel = "tcg";   // "tcg" or "kvm"
  // Instruction counting (TCG only): guest time advances by executed
  // instructions, 1 ns each, and jumps over idle time (-icount shift=0,sleep=off).
  bool icount = false;
};

std::vector<std::string> build_qemu_argv(const QemuConfig& c);

struct QemuOutcome {
  bool started = false;
  std::string error;           // spawn error or early-exit explanation
  bool timed_out = false;
  bool stopped = false;
  bool interrupted = false;
  std::optional<int> exit_status;
  int signal = 0;
  double seconds = 0;
  std::string stderr_tail;     // last few KiB of QEMU's stderr
};

struct QemuCallbacks {
  // Console bytes (QEMU stdout). Return false to stop QEMU.
  std::function<bool(std::string_view)> on_console;
  // QEMU's own stderr.
  std::function<void(std::string_view)> on_stderr;
  std::function<void(double)> on_tick;
};

QemuOutcome run_qemu(const QemuConfig& c, double timeout_seconds, const QemuCallbacks& cb);

}  // namespace vh
