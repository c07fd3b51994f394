/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the vhost kill tests: owning a device, checking up front
 * what the machine can do, running an owner process and waiting for it with a
 * deadline, evidence about a worker that does not exit, and kernel reports in
 * /dev/kmsg.
 */
#ifndef __SELFTESTS_VHOST_UTIL_H
#define __SELFTESTS_VHOST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../kselftest.h"

/*
 * How long a SIGKILLed vhost owner may take to be reaped. The kill handler
 * gives up on a busy vq->mutex after 100 ms and the rest of the exit takes
 * milliseconds, even under QEMU TCG: three seconds leave a wide margin for a
 * slow machine. Without the fix the owner is not reaped for as long as the
 * vq->mutex holder stalls, which the tests end after this deadline.
 */
#define REAP_DEADLINE_MS	3000

/* How long an owner may take to set up its device and report. */
#define SETUP_DEADLINE_MS	5000

/* Room for a skip reason, a step or a line of /proc. */
#define VHOST_REASON_LEN	160

enum vhost_worker_mode {
	VHOST_WORKER_TASK,	/* vhost_task, a thread of the owner */
	VHOST_WORKER_KTHREAD,	/* kthread (VHOST_SET_FORK_FROM_OWNER) */
};

int vhost_open_owned(const char *path, enum vhost_worker_mode mode);
int vhost_probe_device(const char *path, enum vhost_worker_mode mode,
		       unsigned int workers, char *why, size_t len);

int64_t now_ms(void);
int read_text(const char *path, char *buf, size_t len);
int count_workers(pid_t owner);
int count_kthread_workers(pid_t owner);
int find_workers(pid_t owner, pid_t *tids, int max);
char thread_state(pid_t pid, pid_t tid);
void thread_wchan(pid_t pid, pid_t tid, char *buf, size_t len);
int wait_worker_state(pid_t owner, const char *states, int timeout_ms);

/* What an owner process tells the test once its device is set up. */
enum vhost_owner_status {
	OWNER_READY = 1,	/* set up as asked, waiting to be killed */
	OWNER_ERROR,		/* a setup step failed */
};

struct vhost_owner_report {
	enum vhost_owner_status status;
	int err;			/* errno of the step that failed */
	pid_t holder;			/* a CLONE_VM child, or 0 */
	pid_t fault_tid;		/* who faulted on the stall page */
	char step[64];			/* the step that failed */
};

/* An owner process and the CLONE_VM child it left behind, if any. */
struct vhost_owner {
	pid_t pid;
	int pidfd;
	pid_t holder;
	int holder_fd;
};

typedef void (*vhost_owner_fn)(int report_fd, const void *arg);

void vhost_owner_init(struct vhost_owner *o);
int vhost_owner_start(struct vhost_owner *o, vhost_owner_fn fn,
		      const void *arg, struct vhost_owner_report *r);
__noreturn void vhost_owner_report(int report_fd,
				   struct vhost_owner_report *r,
				   const char *step, int err);
int vhost_owner_end(struct vhost_owner *o);

int sys_pidfd_open(pid_t pid, unsigned int flags);
int sys_pidfd_send_signal(int pidfd, int sig);
int wait_exit(int pidfd, int timeout_ms);
int64_t kill_and_wait(int pidfd, int timeout_ms);
void dump_thread(const char *what, pid_t pid, pid_t tid);
void dump_stuck(pid_t owner, pid_t holder);
void vhost_owner_unwind(struct vhost_owner *o, int64_t killed_at);

/*
 * Kernel reports (hung task, WARNING, BUG, Oops, RCU stall, lockup) printed
 * while a test runs. Those that name vhost, a vhost worker or a task of the
 * test are counted; the others are only printed.
 */
struct kmsg_watch {
	int fd;
	int window;		/* records left to look at in the open report */
	bool relevant;		/* the open report names what we test */
	int reports;		/* relevant reports seen so far */
	char first[256];	/* first line of the open report */
	/*
	 * Set by the caller after kmsg_watch_start(): a report with a line
	 * that contains @known is a known one, for the reason @known_why,
	 * and is printed but not counted.
	 */
	const char *known;
	const char *known_why;
	bool is_known;		/* the open report is a known one */
};

int kmsg_watch_start(struct kmsg_watch *w);
int kmsg_watch_reports(struct kmsg_watch *w);
void kmsg_watch_stop(struct kmsg_watch *w);

void print_times(const char *what, int64_t *v, int n);

#endif /* __SELFTESTS_VHOST_UTIL_H */
