// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the vhost kill tests, see vhost_util.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/vhost.h>

#include "vhost_util.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* How many records after its first line may still name what we test. */
#define KMSG_REPORT_WINDOW	40

int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

/*
 * Open a vhost device and become its owner, which creates its first worker
 * as @mode says. Selecting the mode needs VHOST_SET_FORK_FROM_OWNER; without
 * it workers are vhost_tasks, and a kthread cannot be asked for
 * (-EOPNOTSUPP). Returns the file descriptor or -errno.
 */
int vhost_open_owned(const char *path, enum vhost_worker_mode mode)
{
	int fd, err;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
#ifdef VHOST_SET_FORK_FROM_OWNER
	{
		__u8 fork_owner = mode == VHOST_WORKER_TASK ?
				  VHOST_FORK_OWNER_TASK :
				  VHOST_FORK_OWNER_KTHREAD;

		if (ioctl(fd, VHOST_SET_FORK_FROM_OWNER, &fork_owner) < 0 &&
		    (errno != ENOTTY || mode != VHOST_WORKER_TASK)) {
			close(fd);
			return -EOPNOTSUPP;
		}
	}
#else
	if (mode != VHOST_WORKER_TASK) {
		close(fd);
		return -EOPNOTSUPP;
	}
#endif
	if (ioctl(fd, VHOST_SET_OWNER, NULL) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

/* Find up to @max threads of @pid named @comm; returns how many. */
static int find_threads(pid_t pid, const char *comm, pid_t *tids, int max)
{
	char path[300], name[64];
	struct dirent *de;
	int n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while (n < max && (de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/comm", pid,
			 de->d_name);
		if (read_text(path, name, sizeof(name)) <= 0)
			continue;
		name[strcspn(name, "\n")] = '\0';
		if (!strcmp(name, comm))
			tids[n++] = atoi(de->d_name);
	}
	closedir(dir);
	return n;
}

/* The vhost_task workers ("vhost-<pid>") of process @owner, up to @max. */
int find_workers(pid_t owner, pid_t *tids, int max)
{
	char comm[32];

	snprintf(comm, sizeof(comm), "vhost-%d", owner);
	return find_threads(owner, comm, tids, max);
}

int count_workers(pid_t owner)
{
	pid_t tids[16];

	return find_workers(owner, tids, 16);
}

/*
 * Check that this machine can run a test on device @path with @workers
 * worker(s) of @mode: the device exists and we may open it, it takes an owner,
 * its first worker is what @mode says and, for two, VHOST_NEW_WORKER works.
 * Returns 0, or -errno with the reason to skip in @why.
 */
int vhost_probe_device(const char *path, enum vhost_worker_mode mode,
		       unsigned int workers, char *why, size_t len)
{
	struct vhost_worker_state worker = {};
	int fd, n, ret = 0;
	char buf[8];

	fd = vhost_open_owned(path, mode);
	if (fd == -ENOENT || fd == -ENODEV || fd == -ENXIO) {
		snprintf(why, len, "%s: %s (driver not built or module not loaded)",
			 path, strerror(-fd));
		return fd;
	}
	if (fd == -EACCES || fd == -EPERM) {
		snprintf(why, len, "%s: %s (needs root or access to the device)",
			 path, strerror(-fd));
		return fd;
	}
	if (fd == -EOPNOTSUPP) {
		snprintf(why, len,
			 "%s: no kthread workers (VHOST_SET_FORK_FROM_OWNER, CONFIG_VHOST_ENABLE_FORK_OWNER_CONTROL)",
			 path);
		return fd;
	}
	if (fd < 0) {
		snprintf(why, len, "%s: cannot own it: %s", path, strerror(-fd));
		return fd;
	}
	if (mode == VHOST_WORKER_TASK &&
	    read_text("/sys/module/vhost/parameters/fork_from_owner_default",
		      buf, sizeof(buf)) > 0 && buf[0] == 'N')
		ksft_print_msg("%s\n",
			       "fork_from_owner_default=N: vhost_task workers asked for with VHOST_SET_FORK_FROM_OWNER");
	n = count_workers(getpid());
	if (mode == VHOST_WORKER_TASK && n < 1) {
		snprintf(why, len,
			 "%s: the worker is not a vhost_task (kernel before 6.4, or fork_from_owner_default=0 and no VHOST_SET_FORK_FROM_OWNER)",
			 path);
		ret = -EOPNOTSUPP;
	} else if (mode == VHOST_WORKER_KTHREAD && n) {
		snprintf(why, len,
			 "%s: the worker is a vhost_task although a kthread was asked for",
			 path);
		ret = -EOPNOTSUPP;
	} else if (workers > 1 && ioctl(fd, VHOST_NEW_WORKER, &worker) < 0) {
		ret = -errno;
		snprintf(why, len, "%s: VHOST_NEW_WORKER: %s", path,
			 strerror(-ret));
	}
	close(fd);
	return ret;
}

/* State letter of thread @tid of @pid (R, S, D...), 0 when it is gone. */
char thread_state(pid_t pid, pid_t tid)
{
	char path[64], buf[512], *p;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	if (read_text(path, buf, sizeof(buf)) <= 0)
		return 0;
	p = strrchr(buf, ')');	/* the name in parentheses may hold spaces */
	return p && p[1] == ' ' ? p[2] : 0;
}

/* Where thread @tid of @pid sleeps, "?" when that cannot be read. */
void thread_wchan(pid_t pid, pid_t tid, char *buf, size_t len)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/wchan", pid, tid);
	if (read_text(path, buf, len) <= 0)
		snprintf(buf, len, "?");
}

/*
 * Wait up to @timeout_ms until the first worker of @owner is in one of the
 * task @states ("D": asleep uninterruptibly, as in mutex_lock()). Returns 0,
 * or -ETIMEDOUT.
 */
int wait_worker_state(pid_t owner, const char *states, int timeout_ms)
{
	int64_t end = now_ms() + timeout_ms;
	pid_t tid;
	char s;

	do {
		if (find_workers(owner, &tid, 1) == 1) {
			s = thread_state(owner, tid);
			if (s && strchr(states, s))
				return 0;
		}
		usleep(10000);
	} while (now_ms() < end);
	return -ETIMEDOUT;
}

int sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return syscall(__NR_pidfd_open, pid, flags);
}

int sys_pidfd_send_signal(int pidfd, int sig)
{
	return syscall(__NR_pidfd_send_signal, pidfd, sig, NULL, 0);
}

/* Read an owner's report, waiting no longer than SETUP_DEADLINE_MS. */
static int read_report(int fd, struct vhost_owner_report *r)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int64_t end = now_ms() + SETUP_DEADLINE_MS;
	ssize_t n;
	int ret;

	do {
		ret = poll(&pfd, 1, end - now_ms() > 0 ? end - now_ms() : 0);
	} while (ret < 0 && errno == EINTR);
	if (ret < 0)
		return -errno;
	if (!ret)
		return -ETIMEDOUT;
	n = read(fd, r, sizeof(*r));
	if (n < 0)
		return -errno;
	return n == sizeof(*r) ? 0 : -ECHILD;
}

void vhost_owner_init(struct vhost_owner *o)
{
	o->pid = -1;
	o->pidfd = -1;
	o->holder = 0;
	o->holder_fd = -1;
}

/*
 * Fork an owner that runs @fn(report_fd, @arg) and wait for its report in
 * @r. @fn sets up its device and ends with vhost_owner_report(). The owner
 * is the caller's child, with a pidfd in @o, and so is the CLONE_VM child
 * it reports once the owner is gone, if the caller is a child subreaper.
 * Even when this fails, vhost_owner_end() cleans up what was started.
 * Returns 0, or -ETIMEDOUT when no report came in time, -ECHILD when the
 * owner died first, -errno.
 */
int vhost_owner_start(struct vhost_owner *o, vhost_owner_fn fn,
		      const void *arg, struct vhost_owner_report *r)
{
	int report[2], ret;

	memset(r, 0, sizeof(*r));
	vhost_owner_init(o);
	if (pipe2(report, O_CLOEXEC))
		return -errno;
	fflush(stdout);
	fflush(stderr);
	o->pid = fork();
	if (o->pid < 0) {
		ret = -errno;
		close(report[0]);
		close(report[1]);
		return ret;
	}
	if (!o->pid) {
		close(report[0]);
		fn(report[1], arg);
		_exit(1);
	}
	close(report[1]);
	o->pidfd = sys_pidfd_open(o->pid, 0);
	ret = o->pidfd < 0 ? -errno : read_report(report[0], r);
	close(report[0]);
	if (r->holder > 0) {
		o->holder = r->holder;
		o->holder_fd = sys_pidfd_open(r->holder, 0);
		if (!ret && o->holder_fd < 0)
			ret = -errno;
	}
	return ret;
}

/*
 * In the owner: send the report, then wait to be killed. With @step, the
 * report is that @step failed with @err, and the owner exits.
 */
void vhost_owner_report(int report_fd, struct vhost_owner_report *r,
			const char *step, int err)
{
	if (step) {
		snprintf(r->step, sizeof(r->step), "%s", step);
		r->err = err < 0 ? -err : err;
		r->status = OWNER_ERROR;
	}
	if (write(report_fd, r, sizeof(*r)) != sizeof(*r) ||
	    r->status != OWNER_READY)
		_exit(1);
	for (;;)
		pause();
}

/*
 * Wait up to @timeout_ms for the process behind @pidfd to exit, all its
 * threads included: it can be reaped then. Returns 0 once it exited,
 * -ETIMEDOUT if it is still there.
 */
int wait_exit(int pidfd, int timeout_ms)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
	int64_t end = now_ms() + timeout_ms;
	int ret;

	for (;;) {
		int left = end - now_ms();

		ret = poll(&pfd, 1, left > 0 ? left : 0);
		if (ret > 0)
			return 0;
		if (ret == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

/*
 * SIGKILL the process behind @pidfd and measure how long it takes until it
 * can be reaped, in milliseconds, or -ETIMEDOUT after @timeout_ms.
 */
int64_t kill_and_wait(int pidfd, int timeout_ms)
{
	int64_t start = now_ms();
	int ret;

	if (sys_pidfd_send_signal(pidfd, SIGKILL) < 0)
		return -errno;
	ret = wait_exit(pidfd, timeout_ms);
	return ret < 0 ? ret : now_ms() - start;
}

/* SIGKILL every child of process @parent. */
/* Call @fn(pid, @arg) for every process in /proc. */
static void for_each_process(void (*fn)(pid_t pid, void *arg), void *arg)
{
	struct dirent *de;
	pid_t pid;
	DIR *dir;

	dir = opendir("/proc");
	if (!dir)
		return;
	while ((de = readdir(dir))) {
		pid = atoi(de->d_name);
		if (pid > 0)
			fn(pid, arg);
	}
	closedir(dir);
}

static void kill_child(pid_t pid, void *arg)
{
	char path[64], buf[512], *p;
	int ppid;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_text(path, buf, sizeof(buf)) <= 0)
		return;
	p = strrchr(buf, ')');
	if (p && sscanf(p + 1, " %*c %d", &ppid) == 1 && ppid == *(pid_t *)arg)
		kill(pid, SIGKILL);
}

static void kill_children(pid_t parent)
{
	for_each_process(kill_child, &parent);
}

struct kthread_count {
	pid_t owner;
	char comm[32];
	int n;
};

static void count_kthread(pid_t pid, void *arg)
{
	struct kthread_count *c = arg;
	char path[64], comm[32];

	if (pid == c->owner)
		return;
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	if (read_text(path, comm, sizeof(comm)) > 0 && !strcmp(comm, c->comm))
		c->n++;
}

/*
 * The kthread workers (VHOST_SET_FORK_FROM_OWNER) of process @owner: they
 * are named like vhost_task workers, "vhost-<pid>", but are processes of
 * their own.
 */
int count_kthread_workers(pid_t owner)
{
	struct kthread_count c = { .owner = owner };

	snprintf(c.comm, sizeof(c.comm), "vhost-%d\n", owner);
	for_each_process(count_kthread, &c);
	return c.n;
}

/*
 * Reap every child of ours that exits within @timeout_ms. Returns 0 when no
 * child is left, alive or not; -ETIMEDOUT when one is still alive.
 */
static int reap_children(int timeout_ms)
{
	int64_t end = now_ms() + timeout_ms;
	siginfo_t info;

	for (;;) {
		memset(&info, 0, sizeof(info));
		if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG) < 0)
			return errno == ECHILD ? 0 : -errno;
		if (info.si_pid)
			continue;
		if (now_ms() >= end)
			return -ETIMEDOUT;
		usleep(10000);
	}
}

/*
 * Kill what is left of owner @o and its holder, holder first (that ends a
 * stall), reap them and check that no child of ours is left: the next test
 * starts with none. Returns 0, or -ETIMEDOUT when a process is still there.
 */
int vhost_owner_end(struct vhost_owner *o)
{
	siginfo_t info;
	int ret = 0;

	if (o->holder_fd >= 0)
		sys_pidfd_send_signal(o->holder_fd, SIGKILL);
	if (o->pidfd >= 0) {
		/*
		 * Until it is reaped, the owner's pid is its own: any child
		 * of it is a holder it could not tell about.
		 */
		kill_children(o->pid);
		sys_pidfd_send_signal(o->pidfd, SIGKILL);
		ret = wait_exit(o->pidfd, REAP_DEADLINE_MS);
		if (ret)
			ksft_print_msg("owner %d cannot be reaped\n", o->pid);
		else
			waitid(P_PIDFD, o->pidfd, &info, WEXITED);
	}
	/* Holders whose owner is gone are ours. */
	kill_children(getpid());
	if (reap_children(REAP_DEADLINE_MS)) {
		ksft_print_msg("a child of the test is still alive\n");
		ret = -ETIMEDOUT;
	}
	if (o->pidfd >= 0)
		close(o->pidfd);
	if (o->holder_fd >= 0)
		close(o->holder_fd);
	vhost_owner_init(o);
	return ret;
}

static void print_lines(const char *prefix, char *buf)
{
	char *line, *save;

	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		ksft_print_msg("%s%s\n", prefix, line);
}

/* State, wait channel and kernel stack of thread @tid of @pid. */
void dump_thread(const char *what, pid_t pid, pid_t tid)
{
	char path[64], wchan[64], buf[4096];
	int ret;

	thread_wchan(pid, tid, wchan, sizeof(wchan));
	ksft_print_msg("%s (pid %d, tid %d): state %c, wchan %s\n", what, pid,
		       tid, thread_state(pid, tid) ? : '?', wchan);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stack", pid, tid);
	ret = read_text(path, buf, sizeof(buf));
	if (ret > 0)
		print_lines("  ", buf);
	else
		ksft_print_msg("  kernel stack: %s\n", strerror(-ret));
}

/* Write @keys to the sysrq trigger; returns 0 or -errno. */
static int trigger_sysrq(const char *keys)
{
	int fd, ret = 0;

	fd = open("/proc/sysrq-trigger", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (; *keys && !ret; keys++)
		if (write(fd, keys, 1) != 1)
			ret = -errno;
	close(fd);
	return ret;
}

/*
 * Print what keeps a SIGKILLed owner from being reaped, while it still does:
 * the state, wait channel and kernel stack of its vhost workers and of
 * @holder (if not 0), then the blocked tasks (sysrq w) and, with lockdep,
 * every held lock (sysrq d) on the console. The hung-task detector is not
 * waited for: its timeout may be minutes.
 */
void dump_stuck(pid_t owner, pid_t holder)
{
	char buf[32], what[32];
	pid_t tids[16];
	bool lockdep;
	int i, n, ret;

	if (read_text("/proc/sys/kernel/hung_task_timeout_secs", buf,
		      sizeof(buf)) > 0)
		ksft_print_msg("hung_task_timeout_secs=%.*s: %s\n",
			       (int)strcspn(buf, "\n"), buf,
			       "not waiting for the hung-task detector");
	n = find_workers(owner, tids, 16);
	if (!n)
		ksft_print_msg("no thread vhost-%d left in process %d\n",
			       owner, owner);
	snprintf(what, sizeof(what), "vhost-%d", owner);
	for (i = 0; i < n; i++)
		dump_thread(what, owner, tids[i]);
	if (holder > 0)
		dump_thread("holder", holder, holder);
	lockdep = !access("/proc/lockdep", F_OK);
	ret = trigger_sysrq(lockdep ? "wd" : "w");
	if (ret)
		ksft_print_msg("sysrq: %s: no dump of blocked tasks\n",
			       strerror(-ret));
	else
		ksft_print_msg("sysrq %s: blocked tasks%s on the console\n",
			       lockdep ? "w+d" : "w",
			       lockdep ? " and held locks" : "");
}

/*
 * Owner @o was not reaped within its deadline after the SIGKILL at
 * @killed_at: show why while it is stuck (dump_stuck()), then kill the
 * holder, which ends the stall, and say whether that let the owner go.
 */
void vhost_owner_unwind(struct vhost_owner *o, int64_t killed_at)
{
	int64_t released;

	ksft_print_msg("owner %d not reaped %lld ms after SIGKILL; holder %d still stalled\n",
		       o->pid, (long long)(now_ms() - killed_at), o->holder);
	dump_stuck(o->pid, o->holder);

	released = now_ms();
	if (o->holder_fd >= 0)
		sys_pidfd_send_signal(o->holder_fd, SIGKILL);
	if (wait_exit(o->pidfd, REAP_DEADLINE_MS)) {
		ksft_print_msg("owner %d still not reaped %d ms after killing the holder\n",
			       o->pid, REAP_DEADLINE_MS);
		return;
	}
	ksft_print_msg("owner %d reaped %lld ms after killing the holder, %lld ms after SIGKILL\n",
		       o->pid, (long long)(now_ms() - released),
		       (long long)(now_ms() - killed_at));
}

/* First words of the first line of a kernel report. */
static const char * const kernel_reports[] = {
	"INFO: task ",				/* hung task */
	"WARNING:",				/* WARN(), lockdep */
	"BUG:",					/* BUG(), KASAN, sleeping in atomic */
	"Oops:",
	"Kernel panic",
	"rcu: INFO:",				/* RCU stall */
	"watchdog: BUG:",			/* soft/hard lockup */
};

/*
 * What a report that concerns these tests names: vhost code or a vhost
 * worker ("vhost-<pid>"), the tasks of the tests (whose names start with
 * "vhost_"), the locks involved, vsock and tun code they drive, userfaultfd.
 */
static const char * const relevant[] = {
	"vhost", "vsock", "vq->mutex", "worker->mutex", "exit_mutex",
	"tun_", "userfault",
};

static bool is_report(const char *msg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kernel_reports); i++)
		if (!strncmp(msg, kernel_reports[i], strlen(kernel_reports[i])))
			return true;
	return false;
}

static bool is_relevant(const char *msg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(relevant); i++)
		if (strstr(msg, relevant[i]))
			return true;
	return false;
}

/* Start watching /dev/kmsg from its current end. */
int kmsg_watch_start(struct kmsg_watch *w)
{
	memset(w, 0, sizeof(*w));
	w->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (w->fd < 0)
		return -errno;
	if (lseek(w->fd, 0, SEEK_END) < 0) {
		close(w->fd);
		w->fd = -1;
		return -errno;
	}
	return 0;
}

static void kmsg_close_report(struct kmsg_watch *w)
{
	if (!w->first[0])
		return;
	if (w->relevant && w->is_known) {
		ksft_print_msg("kernel: %s (known: %s; not counted)\n",
			       w->first, w->known_why);
	} else if (w->relevant) {
		ksft_print_msg("kernel: %s (names vhost or a task of this test)\n",
			       w->first);
		w->reports++;
	} else {
		ksft_print_msg("kernel: %s (names nothing this test uses, not counted)\n",
			       w->first);
	}
	w->first[0] = '\0';
	w->relevant = false;
	w->is_known = false;
	w->window = 0;
}

/*
 * Read what the kernel printed since the last call and return the number of
 * reports so far that name vhost, its workers, the tests' tasks or the
 * locks involved, in their first line or the KMSG_REPORT_WINDOW records
 * after it. Every report is printed.
 */
int kmsg_watch_reports(struct kmsg_watch *w)
{
	char rec[1024], *msg;
	ssize_t n;

	if (w->fd < 0)
		return 0;
	for (;;) {
		n = read(w->fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)	/* overwritten: skip ahead */
			continue;
		if (n <= 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = '\0';
		if (is_report(msg)) {
			kmsg_close_report(w);
			n = strnlen(msg, sizeof(w->first) - 1);
			memcpy(w->first, msg, n);
			w->first[n] = '\0';
			w->window = KMSG_REPORT_WINDOW + 1;
		}
		if (!w->window)
			continue;
		if (is_relevant(msg))
			w->relevant = true;
		if (w->known && strstr(msg, w->known))
			w->is_known = true;
		if (!--w->window || strstr(msg, "---[ end trace"))
			kmsg_close_report(w);
	}
	kmsg_close_report(w);
	return w->reports;
}

void kmsg_watch_stop(struct kmsg_watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort @v and print its median and maximum. */
void print_times(const char *what, int64_t *v, int n)
{
	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_i64);
	ksft_print_msg("%s: n=%d median=%lld ms max=%lld ms\n", what, n,
		       (long long)v[n / 2], (long long)v[n - 1]);
}
