#include "kvm_probe.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "subprocess.h"
#include "text_util.h"

namespace vh {

bool kvm_device_usable(const std::string& device, std::string* why) {
  UniqueFd fd(::open(device.c_str(), O_RDWR | O_CLOEXEC));
  if (!fd) {
    *why = device + " not usable: " + std::strerror(errno);
    return false;
  }
  return true;
}

bool probe_kvm(const QemuConfig& base, double timeout_seconds, std::string* why) {
  QemuConfig c = base;
  c.accel = "kvm";
  c.initrd.clear();
  c.append_extra.clear();
  c.base_append = "console=ttyS0";
  c.mem_mib = 512;
  c.smp = 1;
  std::string console;
  QemuCallbacks cb;
  cb.on_console = [&](std::string_view data) {
    console += data;
    if (console.size() > 65536) console.erase(0, console.size() - 1024);
    return console.find("Linux version") == std::string::npos;
  };
  QemuOutcome o = run_qemu(c, timeout_seconds, cb);
  if (console.find("Linux version") != std::string::npos) return true;
  if (!o.started) *why = "KVM probe failed: " + o.error;
  else if (o.timed_out) *why = "KVM probe showed no 'Linux version' within " + format_seconds(timeout_seconds) + " s";
  else *why = "KVM probe: QEMU ended without printing 'Linux version'";
  return false;
}

AccelChoice choose_accel(const std::string& requested, const QemuConfig& base, const std::string& kvm_device,
                         double probe_seconds) {
  if (requested == "tcg") return {"tcg", "requested with --accel tcg"};
  if (requested == "kvm") return {"kvm", "requested with --accel kvm"};
  std::string why;
  if (!kvm_device_usable(kvm_device, &why)) return {"tcg", why};
  if (!probe_kvm(base, probe_seconds, &why)) return {"tcg", why};
  return {"kvm", "KVM probe booted to 'Linux version'"};
}

}  // namespace vh
