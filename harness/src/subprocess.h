// The one place that spawns processes: fork/exec with stdout and stderr on
// pipes, stdin from /dev/null, the child in its own process group. Output is
// pumped with poll(); a wall-clock limit kills the child's group. The
// destructor kills and reaps a child that is still running.
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vh {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }
  int get() const { return fd_; }
  int release();
  void reset(int fd = -1);
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

enum class Stream { Out, Err };

struct ProcessResult {
  bool exited = false;       // exited normally (else signalled)
  int exit_status = -1;
  int signal = 0;
  bool timed_out = false;
  bool stopped = false;      // the output callback asked to stop
  bool interrupted = false;  // SIGINT/SIGTERM arrived (see install_interrupt_handlers)
  double seconds = 0;
};

// After this, SIGINT/SIGTERM no longer kill us: they set a flag that pump()
// honours by killing the child's group, so a child in its own process group
// is never left running.
void install_interrupt_handlers();
bool interrupt_requested();

class Subprocess {
 public:
  // Output callback: return false to stop (the child is then killed).
  using OnOutput = std::function<bool(Stream, std::string_view)>;
  using OnTick = std::function<void(double elapsed)>;

  // nullptr with *error on failure (including exec failure, e.g. ENOENT).
  static std::unique_ptr<Subprocess> spawn(const std::vector<std::string>& argv, std::string* error);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // Pumps output until the child exits, the callback stops it, or
  // timeout_seconds (<= 0: none) pass. on_tick runs about every tick_seconds.
  ProcessResult pump(double timeout_seconds, const OnOutput& on_output, const OnTick& on_tick = {},
                     double tick_seconds = 1.0);
  pid_t pid() const { return pid_; }

 private:
  Subprocess(pid_t pid, UniqueFd out, UniqueFd err) : pid_(pid), out_(std::move(out)), err_(std::move(err)) {}
  void kill_group();
  bool reap(ProcessResult* r, bool block);  // false: still running

  pid_t pid_ = -1;
  bool reaped_ = false;
  UniqueFd out_, err_;
};

}  // namespace vh
