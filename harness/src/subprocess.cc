#include "subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace vh {

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) reset(o.release());
  return *this;
}

int UniqueFd::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

void UniqueFd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

namespace {

volatile sig_atomic_t g_interrupt = 0;

void on_interrupt(int) { g_interrupt = 1; }

bool make_pipe(UniqueFd* r, UniqueFd* w) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  r->reset(fds[0]);
  w->reset(fds[1]);
  return true;
}

[[noreturn]] void exec_child(const std::vector<std::string>& argv, int out, int err, int status) {
  ::setpgid(0, 0);
  int devnull = ::open("/dev/null", O_RDONLY);
  if (devnull >= 0) ::dup2(devnull, 0);
  ::dup2(out, 1);
  ::dup2(err, 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  int e = errno;
  [[maybe_unused]] auto n = ::write(status, &e, sizeof e);
  ::_exit(127);
}

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

bool interrupt_requested() { return g_interrupt != 0; }

std::unique_ptr<Subprocess> Subprocess::spawn(const std::vector<std::string>& argv, std::string* error) {
  if (argv.empty()) {
    *error = "empty command";
    return nullptr;
  }
  UniqueFd out_r, out_w, err_r, err_w, st_r, st_w;
  if (!make_pipe(&out_r, &out_w) || !make_pipe(&err_r, &err_w) || !make_pipe(&st_r, &st_w)) {
    *error = std::string("pipe: ") + std::strerror(errno);
    return nullptr;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    *error = std::string("fork: ") + std::strerror(errno);
    return nullptr;
  }
  if (pid == 0) exec_child(argv, out_w.get(), err_w.get(), st_w.get());
  ::setpgid(pid, pid);
  out_w.reset();
  err_w.reset();
  st_w.reset();
  int child_errno = 0;
  ssize_t n;
  do n = ::read(st_r.get(), &child_errno, sizeof child_errno);
  while (n < 0 && errno == EINTR);
  std::unique_ptr<Subprocess> p(new Subprocess(pid, std::move(out_r), std::move(err_r)));
  if (n > 0) {
    ProcessResult ignored;
    p->reap(&ignored, true);
    *error = "cannot execute " + argv[0] + ": " + std::strerror(child_errno);
    return nullptr;
  }
  return p;
}

Subprocess::~Subprocess() {
  if (reaped_) return;
  kill_group();
  ProcessResult ignored;
  reap(&ignored, true);
}

void Subprocess::kill_group() {
  if (pid_ > 0 && !reaped_) {
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
  }
}

bool Subprocess::reap(ProcessResult* r, bool block) {
  if (reaped_) return true;
  int status = 0;
  pid_t w;
  do w = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  while (w < 0 && errno == EINTR);
  if (w == 0) return false;
  reaped_ = true;
  if (w != pid_) return true;
  r->exited = WIFEXITED(status);
  r->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  return true;
}

ProcessResult Subprocess::pump(double timeout_seconds, const OnOutput& on_output, const OnTick& on_tick,
                               double tick_seconds) {
  ProcessResult r;
  auto t0 = std::chrono::steady_clock::now();
  double next_tick = tick_seconds;
  char buf[65536];
  while (out_ || err_) {
    double elapsed = since(t0);
    if (timeout_seconds > 0 && elapsed >= timeout_seconds) {
      r.timed_out = true;
      break;
    }
    if (interrupt_requested()) {
      r.interrupted = true;
      break;
    }
    if (on_tick && elapsed >= next_tick) {
      on_tick(elapsed);
      next_tick = elapsed + tick_seconds;
    }
    pollfd fds[2] = {{out_.get(), POLLIN, 0}, {err_.get(), POLLIN, 0}};
    int rc = ::poll(fds, 2, 200);
    if (rc < 0 && errno != EINTR) break;
    for (int i = 0; i < 2 && rc > 0; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      UniqueFd& fd = i == 0 ? out_ : err_;
      ssize_t n = ::read(fd.get(), buf, sizeof buf);
      if (n <= 0) {
        if (n == 0 || errno != EINTR) fd.reset();
        continue;
      }
      if (on_output && !on_output(i == 0 ? Stream::Out : Stream::Err, std::string_view(buf, static_cast<std::size_t>(n))))
        r.stopped = true;
    }
    if (r.stopped) break;
  }
  // Both pipes closed: the child may still run; keep honouring the limit.
  while (!r.timed_out && !r.stopped && !r.interrupted && !reap(&r, false)) {
    if (timeout_seconds > 0 && since(t0) >= timeout_seconds) r.timed_out = true;
    else if (interrupt_requested()) r.interrupted = true;
    else ::usleep(50 * 1000);
  }
  if (r.timed_out || r.stopped || r.interrupted) kill_group();
  reap(&r, true);
  r.seconds = since(t0);
  return r;
}

}  // namespace vh
