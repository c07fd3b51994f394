// Chooses the accelerator. "auto" uses KVM only after a short probe boot of
// the same kernel shows "Linux version" on the console in time (KVM guests
// are known to hang in firmware on some hosts); otherwise TCG.
#pragma once

#include <string>

#include "qemu_runner.h"

namespace vh {

struct AccelChoice {
  std::string accel;   // "tcg" or "kvm"
  std::string reason;
};

// Can /dev/kvm (or `device`) be opened read-write?
bool kvm_device_usable(const std::string& device, std::string* why);

// Boots `base.kernel` with -accel kvm and "console=ttyS0" for at most
// timeout_seconds; true if "Linux version" appeared.
bool probe_kvm(const QemuConfig& base, double timeout_seconds, std::string* why);

AccelChoice choose_accel(const std::string& requested, const QemuConfig& base,
                         const std::string& kvm_device = "/dev/kvm", double probe_seconds = 8.0);

}  // namespace vh
