/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the vhost kill tests: opening an owned device, timing,
 * waiting for a killed process with a deadline, evidence about a worker
 * that does not exit, and kernel failure reports in /dev/kmsg.
 */
#ifndef __SELFTESTS_VHOST_TEST_H
#define __SELFTESTS_VHOST_TEST_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <linux/vhost.h>

#include "../kselftest.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/*
 * How long a SIGKILLed vhost owner may take to be reaped. The kill handler
 * gives up on a contended vq->mutex after one second and everything else on
 * the exit path takes milliseconds, even under QEMU TCG: five seconds leaves
 * a wide margin for a slow machine while staying well below the time a
 * management stack waits before it declares a VM unkillable. Without the fix
 * the owner is not reaped for as long as the vq->mutex holder stalls.
 */
#define REAP_DEADLINE_MS	5000

/*
 * Open a vhost device and become its owner, which creates its first worker:
 * a vhost_task in the caller's thread group, or with @kthread a kthread
 * (VHOST_SET_FORK_FROM_OWNER; -EOPNOTSUPP when the kernel lacks it).
 * Returns the file descriptor or -errno.
 */
static inline int vhost_open_owned(const char *path, bool kthread)
{
	int fd, err;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (kthread) {
#ifdef VHOST_SET_FORK_FROM_OWNER
		__u8 fork_owner = VHOST_FORK_OWNER_KTHREAD;

		if (ioctl(fd, VHOST_SET_FORK_FROM_OWNER, &fork_owner) < 0) {
			close(fd);
			return -EOPNOTSUPP;
		}
#else
		close(fd);
		return -EOPNOTSUPP;
#endif
	}
	if (ioctl(fd, VHOST_SET_OWNER, NULL) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

static inline int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static inline int sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return syscall(__NR_pidfd_open, pid, flags);
}

/*
 * Wait up to @timeout_ms for the process behind @pidfd to exit, and reap it
 * if it did. Returns 0 once reaped, -ETIMEDOUT if it is still there.
 */
static inline int wait_reaped(int pidfd, int timeout_ms)
{
	struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
	int64_t end = now_ms() + timeout_ms;
	siginfo_t info;
	int ret;

	for (;;) {
		int left = end - now_ms();

		ret = poll(&pfd, 1, left > 0 ? left : 0);
		if (ret > 0)
			break;
		if (ret == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
	memset(&info, 0, sizeof(info));
	if (waitid(P_PIDFD, pidfd, &info, WEXITED) < 0)
		return -errno;
	return 0;
}

/* Kill @pid and measure how long it takes to be reaped, in milliseconds. */
static inline int64_t kill_and_reap(pid_t pid, int pidfd, int timeout_ms)
{
	int64_t start = now_ms();
	int ret;

	if (kill(pid, SIGKILL) < 0)
		return -errno;
	ret = wait_reaped(pidfd, timeout_ms);
	return ret < 0 ? ret : now_ms() - start;
}

static inline int read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

/* Find up to @max threads of @pid named @comm; returns how many. */
static inline int find_threads(pid_t pid, const char *comm, pid_t *tids,
			       int max)
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

/* How many vhost_task workers ("vhost-<pid>") the process @owner has. */
static inline int count_workers(pid_t owner)
{
	pid_t tids[16];
	char comm[32];

	snprintf(comm, sizeof(comm), "vhost-%d", owner);
	return find_threads(owner, comm, tids, 16);
}

/* State letter of thread @tid of @pid (R, S, D...), 0 when it is gone. */
static inline char thread_state(pid_t pid, pid_t tid)
{
	char path[64], buf[512], *p;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	if (read_text(path, buf, sizeof(buf)) <= 0)
		return 0;
	p = strrchr(buf, ')');	/* the name in parentheses may hold spaces */
	return p && p[1] == ' ' ? p[2] : 0;
}

/*
 * Wait up to @timeout_ms until the worker of @owner sleeps uninterruptibly,
 * as it does in mutex_lock(). Returns 0, or -ETIMEDOUT.
 */
static inline int wait_worker_blocked(pid_t owner, int timeout_ms)
{
	int64_t end = now_ms() + timeout_ms;
	char comm[32];
	pid_t tid;

	snprintf(comm, sizeof(comm), "vhost-%d", owner);
	do {
		if (find_threads(owner, comm, &tid, 1) == 1 &&
		    thread_state(owner, tid) == 'D')
			return 0;
		usleep(10000);
	} while (now_ms() < end);
	return -ETIMEDOUT;
}

/*
 * Print what a stuck vhost worker of @owner is doing: its state and kernel
 * stack, then ask the kernel for the blocked tasks and all held locks (sysrq
 * w and d) while the hang is still live. Goes to stderr as TAP comments.
 */
static inline void dump_stuck_worker(pid_t owner)
{
	char comm[32], path[64], buf[4096], *line, *save;
	pid_t tids[16];
	int i, n, fd;

	snprintf(comm, sizeof(comm), "vhost-%d", owner);
	n = find_threads(owner, comm, tids, 16);
	if (!n)
		fprintf(stderr, "# no thread %s left in process %d\n", comm, owner);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", owner, tids[i]);
		if (read_text(path, buf, sizeof(buf)) > 0)
			fprintf(stderr, "# %s stat: %s", comm, buf);
		snprintf(path, sizeof(path), "/proc/%d/task/%d/stack", owner, tids[i]);
		if (read_text(path, buf, sizeof(buf)) > 0) {
			fprintf(stderr, "# %s (tid %d) kernel stack:\n", comm, tids[i]);
			for (line = strtok_r(buf, "\n", &save); line;
			     line = strtok_r(NULL, "\n", &save))
				fprintf(stderr, "#   %s\n", line);
		}
	}
	fd = open("/proc/sysrq-trigger", O_WRONLY);
	if (fd >= 0) {
		fprintf(stderr, "# sysrq w+d: blocked tasks and held locks on the console\n");
		if (write(fd, "w", 1) < 0 || write(fd, "d", 1) < 0)
			fprintf(stderr, "# sysrq-trigger: %s\n", strerror(errno));
		close(fd);
	}
}

/*
 * Kernel failure reports, as the first words of their first line. A test
 * that starts a watch fails if any of these is printed while it runs.
 */
static const char * const kernel_reports[] = {
	"INFO: task ",				/* hung task */
	"WARNING:",				/* WARN(), lockdep */
	"BUG:",					/* BUG(), KASAN, sleeping in atomic */
	"Oops:",
	"Kernel panic",
	"rcu: INFO:",				/* RCU stall */
	"watchdog: BUG:",			/* soft/hard lockup */
};

struct kmsg_watch {
	int fd;
};

/* Start watching /dev/kmsg from its current end. */
static inline int kmsg_watch_start(struct kmsg_watch *w)
{
	w->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (w->fd < 0)
		return -errno;
	if (lseek(w->fd, 0, SEEK_END) < 0)
		return -errno;
	return 0;
}

/*
 * Read what the kernel printed since the last call. Copies the first record
 * that contains @needle (if not NULL) to @found and returns the number of
 * kernel failure reports seen; each report is echoed to stderr.
 */
static inline int kmsg_scan(struct kmsg_watch *w, const char *needle,
			    char *found, size_t len)
{
	char rec[1024], *msg;
	int reports = 0;
	ssize_t n;
	size_t i;

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
		if (needle && found && !found[0] && strstr(msg, needle)) {
			i = strnlen(msg, len - 1);
			memcpy(found, msg, i);
			found[i] = '\0';
		}
		for (i = 0; i < ARRAY_SIZE(kernel_reports); i++) {
			if (!strncmp(msg, kernel_reports[i], strlen(kernel_reports[i]))) {
				fprintf(stderr, "# kernel: %s\n", msg);
				reports++;
				break;
			}
		}
	}
	return reports;
}

static inline void kmsg_watch_stop(struct kmsg_watch *w)
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

/* Sort @v and print its median and maximum as a TAP comment. */
static inline void print_times(const char *what, int64_t *v, int n)
{
	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_i64);
	fprintf(stderr, "# %s: n=%d median=%lld ms max=%lld ms\n", what, n,
		(long long)v[n / 2], (long long)v[n - 1]);
}

#endif /* __SELFTESTS_VHOST_TEST_H */
