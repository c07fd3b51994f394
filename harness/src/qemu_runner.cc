#include "qemu_runner.h"

#include "text_util.h"

namespace vh {

namespace {

// Multi-line stderr as one line for messages.
std::string one_line(std::string_view s) {
  std::string out;
  for (std::string_view part : split_words(s)) {
    if (!out.empty()) out += ' ';
    out += part;
  }
  return out;
}

std::string how_it_ended(const ProcessResult& r) {
  return r.exited ? "exited with status " + std::to_string(r.exit_status) : "died of signal " + std::to_string(r.signal);
}

}  // namespace

std::vector<std::string> build_qemu_argv(const QemuConfig& c) {
  std::string append = c.base_append;
  if (!c.append_extra.empty()) append += " " + c.append_extra;
  std::vector<std::string> argv = {c.qemu, "-nographic", "-no-reboot", "-monitor", "none", "-serial", "stdio",
                                   "-m", std::to_string(c.mem_mib), "-smp", std::to_string(c.smp),
                                   "-accel", c.accel, "-cpu", c.accel == "kvm" ? "host" : "max",
                                   "-kernel", c.kernel};
  if (c.icount) {
    argv.push_back("-icount");
    argv.push_back("shift=0,sleep=off");
  }
  if (!c.initrd.empty()) {
    argv.push_back("-initrd");
    argv.push_back(c.initrd);
  }
  argv.push_back("-append");
  argv.push_back(append);
  return argv;
}

QemuOutcome run_qemu(const QemuConfig& c, double timeout_seconds, const QemuCallbacks& cb) {
  QemuOutcome o;
  std::string error;
  auto proc = Subprocess::spawn(build_qemu_argv(c), &error);
  if (!proc) {
    o.error = error;
    return o;
  }
  o.started = true;
  bool any_console = false;
  auto on_output = [&](Stream s, std::string_view data) {
    if (s == Stream::Err) {
      o.stderr_tail += data;
      if (o.stderr_tail.size() > 4096) o.stderr_tail.erase(0, o.stderr_tail.size() - 4096);
      if (cb.on_stderr) cb.on_stderr(data);
      return true;
    }
    any_console = true;
    return cb.on_console ? cb.on_console(data) : true;
  };
  ProcessResult r = proc->pump(timeout_seconds, on_output, cb.on_tick);
  o.timed_out = r.timed_out;
  o.stopped = r.stopped;
  o.interrupted = r.interrupted;
  o.seconds = r.seconds;
  o.signal = r.signal;
  if (r.exited) o.exit_status = r.exit_status;
  if (!any_console && !r.timed_out && !r.stopped && !r.interrupted && !(r.exited && r.exit_status == 0)) {
    o.started = false;
    o.error = "QEMU " + how_it_ended(r) + " without console output: " + one_line(o.stderr_tail);
  }
  return o;
}

}  // namespace vh
