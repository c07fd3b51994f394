// `vhost-harness run --kernel BZIMAGE --initrd CPIO --out DIR ...`: boots the
// kernel under QEMU, streams the console to the terminal (unless --quiet)
// and DIR/console.log, then analyses it like `parse`.
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "cli_args.h"
#include "known_reports.h"
#include "commands.h"
#include "kvm_probe.h"
#include "output_files.h"
#include "progress.h"
#include "qemu_runner.h"
#include "text_util.h"

namespace vh {

namespace {

struct RunOptions {
  QemuConfig qemu;
  std::string requested_accel = "auto";
  std::string out_dir;
  std::string name;
  double timeout = 1800;
  bool quiet = false;
  std::vector<std::string> expect;
  std::vector<std::string> expect_bodies;
  std::vector<KnownReport> known;
};

std::optional<RunOptions> run_options(const std::vector<std::string>& args, std::string* error) {
  OptionSpec spec{{"--kernel", "--initrd", "--out", "--name", "--timeout", "--accel", "--append", "--qemu", "--mem",
                   "--smp", "--expect-report", "--expect-report-body", "--known-reports"},
                  {"--quiet", "--icount"}};
  auto a = parse_args(args, spec, error);
  if (!a) return std::nullopt;
  if (!a->get("--kernel") || !a->get("--initrd") || !a->get("--out") || !a->positional.empty()) {
    *error = "usage: run --kernel BZIMAGE --initrd CPIO --out DIR [options]";
    return std::nullopt;
  }
  RunOptions o;
  o.qemu.kernel = *a->get("--kernel");
  o.qemu.initrd = *a->get("--initrd");
  o.qemu.append_extra = a->get_or("--append", "");
  o.qemu.qemu = a->get_or("--qemu", "qemu-system-x86_64");
  o.out_dir = *a->get("--out");
  o.name = a->get_or("--name", "run");
  o.quiet = a->has("--quiet");
  o.expect = a->all("--expect-report");
  o.expect_bodies = a->all("--expect-report-body");
  auto known = known_reports_option(a->all("--known-reports"), error);
  if (!known) return std::nullopt;
  o.known = *known;
  o.requested_accel = a->get_or("--accel", "auto");
  if (o.requested_accel != "auto" && o.requested_accel != "tcg" && o.requested_accel != "kvm") {
    *error = "--accel must be auto, tcg or kvm";
    return std::nullopt;
  }
  o.qemu.icount = a->has("--icount");
  if (o.qemu.icount && o.requested_accel == "kvm") {
    *error = "--icount needs TCG (--accel tcg or auto)";
    return std::nullopt;
  }
  auto timeout = int_option(*a, "--timeout", 1800, error);
  auto mem = int_option(*a, "--mem", 2048, error);
  auto smp = int_option(*a, "--smp", 2, error);
  if (!timeout || !mem || !smp) return std::nullopt;
  o.timeout = static_cast<double>(*timeout);
  o.qemu.mem_mib = static_cast<int>(*mem);
  o.qemu.smp = static_cast<int>(*smp);
  return o;
}

// Console sink: log file, terminal, progress line.
class ConsoleSink {
 public:
  ConsoleSink(std::ofstream& log, bool quiet) : log_(log), quiet_(quiet), tty_(::isatty(2) == 1) {}

  bool console(std::string_view data) {
    text_ += data;
    log_.write(data.data(), static_cast<std::streamsize>(data.size()));
    log_.flush();
    progress_.feed(data);
    if (!quiet_ && !data.empty()) {
      clear_progress();
      std::cout.write(data.data(), static_cast<std::streamsize>(data.size()));
      std::cout.flush();
      at_line_start_ = data.back() == '\n';
    }
    return true;
  }

  void tick(double elapsed) {
    if (tty_ && (quiet_ || at_line_start_)) {
      std::cerr << "\r\033[K" << progress_.status_line(elapsed) << std::flush;
      drawn_ = true;
    } else if (!tty_ && elapsed >= next_plain_) {
      std::cerr << "vhost-harness: " << progress_.status_line(elapsed) << "\n";
      next_plain_ = elapsed + 60;
    }
  }

  void clear_progress() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
  }

  const std::string& text() const { return text_; }

 private:
  std::ofstream& log_;
  bool quiet_, tty_;
  bool drawn_ = false, at_line_start_ = true;
  double next_plain_ = 60;
  ProgressTracker progress_;
  std::string text_;
};

RunFacts run_facts(const QemuOutcome& q, const RunOptions& o, const AccelChoice& accel) {
  RunFacts f;
  f.ran_qemu = true;
  f.qemu_started = q.started;
  f.qemu_error = q.error;
  f.timed_out = q.timed_out;
  f.interrupted = q.interrupted;
  f.timeout_seconds = o.timeout;
  f.wall_seconds = q.seconds;
  f.qemu_exit_status = q.exit_status;
  f.accel = accel.accel;
  f.accel_reason = accel.reason;
  f.clock = o.qemu.icount ? "icount" : "wall";
  return f;
}

}  // namespace

int cmd_run(const std::vector<std::string>& args) {
  std::string error;
  auto o = run_options(args, &error);
  if (!o) return usage_error(error);
  if (!make_dirs(o->out_dir, &error)) return usage_error(error);
  std::ofstream log(o->out_dir + "/console.log", std::ios::binary | std::ios::trunc);
  if (!log) return usage_error("cannot write " + o->out_dir + "/console.log");

  install_interrupt_handlers();
  AccelChoice accel = o->qemu.icount ? AccelChoice{"tcg", "--icount needs TCG"}
                                     : choose_accel(o->requested_accel, o->qemu);
  o->qemu.accel = accel.accel;
  std::cout << "vhost-harness: accel " << accel.accel << " (" << accel.reason << ")" << std::endl;

  ConsoleSink sink(log, o->quiet);
  QemuCallbacks cb;
  cb.on_console = [&](std::string_view d) { return sink.console(d); };
  cb.on_stderr = [&](std::string_view d) {
    sink.clear_progress();
    std::cerr.write(d.data(), static_cast<std::streamsize>(d.size()));
  };
  cb.on_tick = [&](double t) { sink.tick(t); };
  QemuOutcome q = run_qemu(o->qemu, o->timeout, cb);
  sink.clear_progress();
  if (q.interrupted) std::cout << "\nvhost-harness: interrupted; killed QEMU\n";
  if (q.timed_out)
    std::cout << "\nvhost-harness: wall-clock limit of " << format_seconds(o->timeout) << " s reached; killed QEMU\n";

  AnalyzeOptions opts;
  opts.name = o->name;
  opts.expect_reports = o->expect;
  opts.expect_report_bodies = o->expect_bodies;
  opts.known_reports = o->known;
  opts.facts = run_facts(q, *o, accel);
  return analyze_and_report(sink.text(), opts, o->out_dir);
}

}  // namespace vh
