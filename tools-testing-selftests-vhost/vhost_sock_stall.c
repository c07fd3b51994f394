// SPDX-License-Identifier: GPL-2.0
/*
 * A vhost-vsock worker that waits for the lock of a host socket, held by a
 * process that has nothing to do with the VMM for as long as it likes.
 *
 * The holder, a process of its own that shares nothing with the owner of
 * the device (the VMM), listens on an AF_VSOCK port and calls
 * setsockopt(SO_VM_SOCKETS_BUFFER_SIZE) on the listener with the option
 * value on a page registered with userfaultfd and never served:
 * vsock_connectible_setsockopt() takes lock_sock() and then faults in
 * copy_from_sockptr(), so the listener stays locked. The VMM runs a
 * vhost-vsock device with a guest CID and puts one connection request for
 * that port on its TX ring: vhost_vsock_handle_tx_kick() takes the TX
 * vq->mutex, virtio_transport_recv_pkt() waits for the listener's lock.
 * The test checks both through /proc before it goes on: the holder's thread
 * sleeps in handle_userfault() under vsock_connectible_setsockopt(), the
 * worker in lock_sock under virtio_transport_recv_pkt().
 *
 * Then, by variant:
 *
 * - task_kill, task_exit: SIGKILL of the owner, or exit_group() by the owner
 *   itself (which SIGKILLs its other threads, the worker included); the
 *   owner must be reaped within REAP_DEADLINE_MS while the holder stalls,
 *   and within REAP_TARGET_MS at the 99th percentile. The kill-to-reap
 *   times are printed.
 * - task_kill_in_close: the owner closes the device first; its release
 *   waits for the TX vq->mutex that the worker holds. SIGKILL of the owner
 *   must still be bounded.
 * - kthread_kill: the worker is a kthread (VHOST_SET_FORK_FROM_OWNER), which
 *   no signal reaches: the owner's exit runs the release of the device,
 *   which waits for the TX vq->mutex for as long as the holder stalls. Only
 *   what the kernel guarantees is checked: the owner is reaped once the
 *   stall ends. How long it was held up is printed.
 * - task_close: a live owner closes the device. Nothing bounds that close()
 *   while the holder stalls, it is only measured and printed; it has to
 *   return once the stall ends.
 *
 * The stall ends when the holder is SIGKILLed: the copy fails, the socket
 * is released and the exit closes the userfaultfd, which only the holder
 * has. Evidence of an owner that is not reaped (the workers' and the
 * holder's state, wait channel and kernel stack, sysrq w and d) is printed
 * while the hang is live; the test never waits for the hung-task detector
 * and leaves no process behind.
 *
 * Each case first checks what the machine can do and skips with the reason:
 * AF_VSOCK, /dev/vhost-vsock and the worker mode, userfaultfd for kernel
 * faults (root, CAP_SYS_PTRACE or /dev/userfaultfd), kernel stacks in /proc
 * (CONFIG_STACKTRACE, root) to tell where the threads wait.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/vm_sockets.h>

#include "../kselftest_harness.h"
#include "vhost_util.h"
#include "vsock_dev.h"
#include "uffd_stall.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/*
 * How long a SIGKILLed owner may take to be reaped while the holder stalls,
 * at the 99th percentile of the rounds of a test, besides REAP_DEADLINE_MS
 * for each. Once the worker leaves the socket lock, the exit has nothing to
 * wait for: tens of milliseconds under QEMU TCG.
 */
#define REAP_TARGET_MS		250
/* How long the holder stalls a live owner's close() of the device. */
#define CLOSE_HOLD_MS		1000

#define ITERATIONS_MAX		20
/*
 * One round takes at most twice SETUP_DEADLINE_MS to start the holder and
 * the owner, then up to eight waits of REAP_DEADLINE_MS (the holder's and
 * the worker's state, the close(), the reap, the reap once the stall ended,
 * the holder's exit and the two of vhost_owner_end()): 34 s. No round
 * starts after ROUND_BUDGET_MS, and the teardown may wait three times
 * REAP_DEADLINE_MS again: 73 s in all, within the test's timeout.
 */
#define ROUND_BUDGET_MS		30000
#define TEST_TIMEOUT_S		80

#define CMD_CLOSE		'c'	/* close the device */
#define CMD_EXIT		'x'	/* exit_group() */

enum sock_action {
	ACT_KILL,		/* SIGKILL the owner */
	ACT_EXIT,		/* the owner calls exit_group() */
	ACT_KILL_IN_CLOSE,	/* SIGKILL the owner while it closes */
	ACT_CLOSE,		/* the live owner closes the device */
};

struct sock_spec {
	enum vhost_worker_mode mode;
	enum sock_action action;
	bool bounded;		/* the owner goes while the holder stalls */
	int iterations;
};

/* The process that holds the listener's lock, and its stalled thread. */
struct sock_holder {
	pid_t pid;
	int pidfd;
	pid_t tid;
	unsigned int port;
};

/* One round: a holder, an owner, and pipes to and from the owner. */
struct sock_round {
	struct vhost_owner owner;
	struct sock_holder holder;
	int cmd[2];		/* the test tells the owner what to do next */
	int done[2];		/* the owner tells how its close() went */
};

FIXTURE(vhost_sock_stall) {
	struct kmsg_watch kmsg;
	struct sock_round round;
};

FIXTURE_VARIANT(vhost_sock_stall) {
	struct sock_spec spec;
};

FIXTURE_VARIANT_ADD(vhost_sock_stall, task_kill) {
	.spec = {
		.mode = VHOST_WORKER_TASK,
		.action = ACT_KILL,
		.bounded = true,
		.iterations = 20,
	},
};

FIXTURE_VARIANT_ADD(vhost_sock_stall, task_exit) {
	.spec = {
		.mode = VHOST_WORKER_TASK,
		.action = ACT_EXIT,
		.bounded = true,
		.iterations = 5,
	},
};

FIXTURE_VARIANT_ADD(vhost_sock_stall, task_kill_in_close) {
	.spec = {
		.mode = VHOST_WORKER_TASK,
		.action = ACT_KILL_IN_CLOSE,
		.bounded = true,
		.iterations = 5,
	},
};

/* No signal reaches the worker: the release waits for the stall. */
FIXTURE_VARIANT_ADD(vhost_sock_stall, kthread_kill) {
	.spec = {
		.mode = VHOST_WORKER_KTHREAD,
		.action = ACT_KILL,
		.iterations = 1,
	},
};

/* A live owner's worker waits as long as the holder likes. */
FIXTURE_VARIANT_ADD(vhost_sock_stall, task_close) {
	.spec = {
		.mode = VHOST_WORKER_TASK,
		.action = ACT_CLOSE,
		.iterations = 2,
	},
};

struct holder_report {
	int err;		/* errno of the step that failed, or 0 */
	char step[48];
	unsigned int port;	/* the listener's */
	pid_t tid;		/* the thread stalled in setsockopt() */
};

/* In the holder process. */
static int holder_sock = -1;
static struct uffd_stall holder_stall;
static pid_t holder_tid;

static void *holder_setsockopt(void *arg)
{
	__atomic_store_n(&holder_tid, (pid_t)syscall(SYS_gettid),
			 __ATOMIC_RELEASE);
	/* lock_sock(), then a fault on the missing page. */
	setsockopt(holder_sock, AF_VSOCK, SO_VM_SOCKETS_BUFFER_SIZE,
		   uffd_stall_page(&holder_stall), sizeof(uint64_t));
	return NULL;
}

/* Send the report, or that @step failed with @err and exit; then sleep. */
static __noreturn void holder_report(int fd, struct holder_report *r,
				     const char *step, int err)
{
	if (step) {
		snprintf(r->step, sizeof(r->step), "%s", step);
		r->err = err < 0 ? -err : err;
	}
	if (write(fd, r, sizeof(*r)) != sizeof(*r) || step)
		_exit(1);
	for (;;)
		pause();
}

/*
 * The holder: listen on a free AF_VSOCK port and stall a setsockopt() on
 * the listener from a second thread; report the port and that thread once
 * it faulted. Only a SIGKILL ends it.
 */
static __noreturn void holder_main(int report_fd)
{
	struct sockaddr_vm addr = {
		.svm_family = AF_VSOCK,
		.svm_cid = VMADDR_CID_ANY,
		.svm_port = VMADDR_PORT_ANY,
	};
	socklen_t len = sizeof(addr);
	struct holder_report r = {};
	pthread_t t;
	pid_t tid;
	int ret;

	holder_sock = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (holder_sock < 0)
		holder_report(report_fd, &r, "socket(AF_VSOCK)", -errno);
	if (bind(holder_sock, (struct sockaddr *)&addr, sizeof(addr)) ||
	    getsockname(holder_sock, (struct sockaddr *)&addr, &len) ||
	    listen(holder_sock, 8))
		holder_report(report_fd, &r, "listen on AF_VSOCK", -errno);
	r.port = addr.svm_port;
	ret = uffd_stall_init(&holder_stall, -1);
	if (ret)
		holder_report(report_fd, &r, "userfaultfd", ret);
	ret = -pthread_create(&t, NULL, holder_setsockopt, NULL);
	if (ret)
		holder_report(report_fd, &r, "start setsockopt()", ret);
	ret = uffd_stall_wait_fault(&holder_stall, SETUP_DEADLINE_MS / 2, &tid);
	if (ret)
		holder_report(report_fd, &r, "fault in setsockopt()", ret);
	if (tid != __atomic_load_n(&holder_tid, __ATOMIC_ACQUIRE))
		holder_report(report_fd, &r, "fault taken by setsockopt()",
			      -EPROTO);
	r.tid = tid;
	holder_report(report_fd, &r, NULL, 0);
}

/* Read @len bytes from @fd within @timeout_ms: 0, -ETIMEDOUT or -errno. */
static int read_within(int fd, void *buf, size_t len, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int64_t end = now_ms() + timeout_ms;
	ssize_t n;
	int ret;

	do {
		int left = end - now_ms();

		ret = poll(&pfd, 1, left > 0 ? left : 0);
	} while (ret < 0 && errno == EINTR);
	if (ret < 0)
		return -errno;
	if (!ret)
		return -ETIMEDOUT;
	n = read(fd, buf, len);
	if (n < 0)
		return -errno;
	return n == len ? 0 : -ECHILD;
}

static void holder_init(struct sock_holder *h)
{
	memset(h, 0, sizeof(*h));
	h->pid = -1;
	h->pidfd = -1;
}

/*
 * Fork a holder and wait for its report. Even when this fails,
 * holder_end() cleans up what was started. Returns 0 or -errno, with what
 * failed in the holder in @r.
 */
static int holder_start(struct sock_holder *h, struct holder_report *r)
{
	int report[2], ret;

	holder_init(h);
	memset(r, 0, sizeof(*r));
	if (pipe2(report, O_CLOEXEC))
		return -errno;
	fflush(stdout);
	fflush(stderr);
	h->pid = fork();
	if (h->pid < 0) {
		ret = -errno;
		close(report[0]);
		close(report[1]);
		return ret;
	}
	if (!h->pid) {
		close(report[0]);
		holder_main(report[1]);
	}
	close(report[1]);
	h->pidfd = sys_pidfd_open(h->pid, 0);
	ret = h->pidfd < 0 ? -errno :
	      read_within(report[0], r, sizeof(*r), SETUP_DEADLINE_MS);
	close(report[0]);
	if (!ret && r->err)
		ret = -r->err;
	h->tid = r->tid;
	h->port = r->port;
	return ret;
}

/*
 * End the stall: SIGKILL the holder, whose copy then fails and whose exit
 * releases the listener and closes the userfaultfd, and reap it. Returns 0,
 * or -ETIMEDOUT when it is still there.
 */
static int holder_end(struct sock_holder *h)
{
	siginfo_t info;
	int ret = 0;

	if (h->pidfd >= 0) {
		sys_pidfd_send_signal(h->pidfd, SIGKILL);
		ret = wait_exit(h->pidfd, REAP_DEADLINE_MS);
		if (ret)
			ksft_print_msg("holder %d cannot be reaped\n", h->pid);
		else
			waitid(P_PIDFD, h->pidfd, &info, WEXITED);
		close(h->pidfd);
	}
	holder_init(h);
	return ret;
}

struct owner_arg {
	enum vhost_worker_mode mode;
	unsigned int port;
	int cmd;		/* read end */
	int done;		/* write end */
};

struct close_result {
	int64_t ms;		/* how long close() took */
	int err;
};

/*
 * The owner: set the device up as a VMM does, send a guest's connection
 * request to the holder's port, report, then do what the test says.
 */
static void owner_main(int report_fd, const void *arg)
{
	struct vhost_owner_report r = { .status = OWNER_READY };
	const struct owner_arg *a = arg;
	static struct vsock_dev dev;
	struct close_result res;
	int64_t start;
	int ret;
	char c;

	ret = vsock_dev_open(&dev, a->mode);
	if (ret)
		vhost_owner_report(report_fd, &r, "own vhost-vsock", ret);
	ret = vsock_dev_start(&dev);
	if (ret)
		vhost_owner_report(report_fd, &r, "start vhost-vsock", ret);
	ret = vsock_dev_request(&dev, a->port);
	if (ret)
		vhost_owner_report(report_fd, &r, "guest connection request",
				   ret);
	if (write(report_fd, &r, sizeof(r)) != sizeof(r))
		_exit(1);
	while (read(a->cmd, &c, 1) == 1) {
		if (c == CMD_EXIT)
			_exit(0);
		if (c != CMD_CLOSE)
			continue;
		start = now_ms();
		res.err = close(dev.fd) ? errno : 0;
		res.ms = now_ms() - start;
		if (write(a->done, &res, sizeof(res)) != sizeof(res))
			_exit(1);
	}
	for (;;)
		pause();
}

/* The kthread worker of @owner: "vhost-<owner>", not one of its threads. */
static pid_t find_kthread_worker(pid_t owner)
{
	char path[300], comm[64], name[32];
	struct dirent *de;
	pid_t pid, found = 0;
	DIR *dir;

	snprintf(name, sizeof(name), "vhost-%d", owner);
	dir = opendir("/proc");
	if (!dir)
		return 0;
	while (!found && (de = readdir(dir))) {
		pid = atoi(de->d_name);
		if (pid <= 0 || pid == owner)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
		if (read_text(path, comm, sizeof(comm)) <= 0)
			continue;
		comm[strcspn(comm, "\n")] = '\0';
		if (!strcmp(comm, name))
			found = pid;
	}
	closedir(dir);
	return found;
}

/* The thread that runs @owner's vhost work, as pid and tid; 0 or -ESRCH. */
static int find_worker(enum vhost_worker_mode mode, pid_t owner,
		       pid_t *pid, pid_t *tid)
{
	pid_t tids[2];

	if (mode == VHOST_WORKER_KTHREAD) {
		*pid = find_kthread_worker(owner);
		*tid = *pid;
		return *pid > 0 ? 0 : -ESRCH;
	}
	*pid = owner;
	if (find_workers(owner, tids, 2) != 1)
		return -ESRCH;
	*tid = tids[0];
	return 0;
}

static int read_stack(pid_t pid, pid_t tid, char *buf, size_t len)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stack", pid, tid);
	return read_text(path, buf, len);
}

/*
 * Wait up to @timeout_ms until thread @tid of @pid is asleep in one of
 * @states with each function of @fns on its kernel stack. Returns 0 or
 * -ETIMEDOUT.
 */
static int wait_asleep_in(pid_t pid, pid_t tid, const char *states,
			  const char * const *fns, int timeout_ms)
{
	int64_t end = now_ms() + timeout_ms;
	char stack[4096];
	int i;

	do {
		char s = thread_state(pid, tid);

		if (s && strchr(states, s) &&
		    read_stack(pid, tid, stack, sizeof(stack)) > 0) {
			for (i = 0; fns[i] && strstr(stack, fns[i]); i++)
				;
			if (!fns[i])
				return 0;
		}
		usleep(10000);
	} while (now_ms() < end);
	return -ETIMEDOUT;
}

/* The holder's thread: in the copy of setsockopt(), the listener locked. */
static const char * const in_setsockopt[] = {
	"handle_userfault", "vsock_connectible_setsockopt", NULL,
};

/* The worker: waiting for the listener's lock (__lock_sock() or killable). */
static const char * const in_lock_sock[] = {
	"lock_sock", "virtio_transport_recv_pkt", NULL,
};

/* A close() of the device, or the owner's exit, in the release. */
static const char * const in_release[] = {
	"vhost_vsock_dev_release", NULL,
};

static void show_wait(const char *what, pid_t pid, pid_t tid)
{
	char wchan[64];

	thread_wchan(pid, tid, wchan, sizeof(wchan));
	ksft_print_msg("%s (pid %d, tid %d): state %c, wchan %s\n", what, pid,
		       tid, thread_state(pid, tid) ? : '?', wchan);
}

static void round_init(struct sock_round *rd)
{
	int i;

	vhost_owner_init(&rd->owner);
	holder_init(&rd->holder);
	for (i = 0; i < 2; i++) {
		rd->cmd[i] = -1;
		rd->done[i] = -1;
	}
}

FIXTURE_SETUP(vhost_sock_stall)
{
	const struct sock_spec *spec = &variant->spec;
	char why[VHOST_REASON_LEN], buf[64];
	int fd, ret;

	round_init(&self->round);
	self->kmsg.fd = -1;

	/* What this machine can do, before anything is started. */
	fd = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		SKIP(return, "AF_VSOCK: %s (CONFIG_VSOCKETS)", strerror(errno));
	close(fd);
	if (vhost_probe_device(VSOCK_DEV, spec->mode, 1, why, sizeof(why)))
		SKIP(return, "%s", why);
	if (uffd_stall_probe(why, sizeof(why)))
		SKIP(return, "%s", why);
	ret = read_text("/proc/self/stack", buf, sizeof(buf));
	if (ret < 0)
		SKIP(return,
		     "/proc/self/stack: %s (CONFIG_STACKTRACE, root): cannot tell where the worker waits",
		     strerror(-ret));

	ret = kmsg_watch_start(&self->kmsg);
	if (ret)
		TH_LOG("/dev/kmsg: %s: kernel reports are not checked",
		       strerror(-ret));
}

static void close_pipes(struct sock_round *rd)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (rd->cmd[i] >= 0)
			close(rd->cmd[i]);
		if (rd->done[i] >= 0)
			close(rd->done[i]);
		rd->cmd[i] = -1;
		rd->done[i] = -1;
	}
}

/* End the stall first, then the owner: no process is left. */
static int round_end(struct sock_round *rd)
{
	int ret = holder_end(&rd->holder);

	ret = vhost_owner_end(&rd->owner) ? : ret;
	close_pipes(rd);
	return ret;
}

FIXTURE_TEARDOWN(vhost_sock_stall)
{
	/* Whatever happened above, leave no process behind. */
	EXPECT_EQ(0, round_end(&self->round));
	kmsg_watch_stop(&self->kmsg);
}

/* Tell the owner what to do next: CMD_CLOSE or CMD_EXIT. */
static int owner_cmd(struct sock_round *rd, char cmd)
{
	return write(rd->cmd[1], &cmd, 1) == 1 ? 0 : -errno;
}

/*
 * The owner was not reaped in time: show why while it is still held, then
 * end the stall and check that this lets it go. When that is a failure
 * (@failed), also dump the blocked tasks and held locks on the console.
 */
static void unwind(struct __test_metadata *_metadata,
		   struct sock_round *rd, pid_t worker_pid,
		   pid_t worker_tid, int64_t killed_at, bool failed)
{
	struct vhost_owner *o = &rd->owner;
	struct sock_holder *h = &rd->holder;
	int64_t ended;

	if (failed)
		TH_LOG("owner %d not reaped %lld ms after it was told to go, holder %d stalled",
		       o->pid, (long long)(now_ms() - killed_at), h->pid);
	else
		ksft_print_msg("owner %d not reaped %lld ms after it was told to go\n",
			       o->pid, (long long)(now_ms() - killed_at));
	if (worker_pid != o->pid)
		dump_thread("kthread worker", worker_pid, worker_tid);
	if (thread_state(o->pid, o->pid))
		dump_thread("owner", o->pid, o->pid);
	dump_thread("holder", h->pid, h->tid);
	if (failed)
		dump_stuck(o->pid, 0);

	ended = now_ms();
	holder_end(h);
	if (wait_exit(o->pidfd, REAP_DEADLINE_MS)) {
		TH_LOG("owner %d still not reaped %d ms after the stall ended",
		       o->pid, REAP_DEADLINE_MS);
		_metadata->exit_code = KSFT_FAIL;
		return;
	}
	ksft_print_msg("owner %d reaped %lld ms after the stall ended, %lld ms after %s\n",
		       o->pid, (long long)(now_ms() - ended),
		       (long long)(now_ms() - killed_at), "it was told to go");
}

/*
 * The live owner closes the device while its worker waits: measure how
 * long close() takes, ending the stall after CLOSE_HOLD_MS; it has to
 * return once the stall ended.
 */
static void close_live(struct __test_metadata *_metadata,
		       struct sock_round *rd, int64_t *took)
{
	struct vhost_owner *o = &rd->owner;
	struct close_result res;
	int64_t start, ended;
	int ret;

	start = now_ms();
	ASSERT_EQ(0, owner_cmd(rd, CMD_CLOSE));
	ret = read_within(rd->done[0], &res, sizeof(res), CLOSE_HOLD_MS);
	if (!ret) {
		ksft_print_msg("close() returned in %lld ms while the worker waited\n",
			       (long long)res.ms);
		*took = res.ms;
		return;
	}
	ASSERT_EQ(-ETIMEDOUT, ret);
	ASSERT_EQ(0, wait_asleep_in(o->pid, o->pid, "D", in_release, 0))
		TH_LOG("close() neither returned nor waits in the release");
	show_wait("close() of the device", o->pid, o->pid);

	ended = now_ms();
	ASSERT_EQ(0, holder_end(&rd->holder));
	ret = read_within(rd->done[0], &res, sizeof(res), REAP_DEADLINE_MS);
	ASSERT_EQ(0, ret)
		TH_LOG("close() has not returned %d ms after the stall ended",
		       REAP_DEADLINE_MS);
	ASSERT_EQ(0, res.err);
	ksft_print_msg("close() took %lld ms; the stall ended after %lld ms, %s %lld ms\n",
		       (long long)res.ms, (long long)(ended - start),
		       "close() returned after another", (long long)(now_ms() - ended));
	*took = res.ms;
}

/*
 * The owner is told to go while the worker waits: SIGKILL, exit_group(),
 * or SIGKILL while its close() of the device waits in the release. Returns
 * how long it took to be reaped in ms, or -ETIMEDOUT.
 */
static int64_t owner_go(struct __test_metadata *_metadata,
			struct sock_round *rd,
			const struct sock_spec *spec, bool verbose,
			int64_t *told_at)
{
	struct vhost_owner *o = &rd->owner;
	struct close_result res;
	int ret;

	switch (spec->action) {
	case ACT_EXIT:
		*told_at = now_ms();
		ASSERT_EQ(0, owner_cmd(rd, CMD_EXIT));
		ret = wait_exit(o->pidfd, REAP_DEADLINE_MS);
		return ret ? ret : now_ms() - *told_at;
	case ACT_KILL_IN_CLOSE:
		ASSERT_EQ(0, owner_cmd(rd, CMD_CLOSE));
		ret = wait_asleep_in(o->pid, o->pid, "D", in_release,
				     REAP_DEADLINE_MS);
		if (!ret) {
			if (verbose)
				show_wait("close() of the device", o->pid,
					  o->pid);
			break;
		}
		/* Not a kill during close() then, but still a kill. */
		ASSERT_EQ(0, read_within(rd->done[0], &res, sizeof(res), 0))
			TH_LOG("close() does not wait in the release");
		ksft_print_msg("close() returned in %lld ms while the worker waited\n",
			       (long long)res.ms);
		break;
	default:
		break;
	}
	*told_at = now_ms();
	return kill_and_wait(o->pidfd, REAP_DEADLINE_MS);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Print every time, then the median, the 99th percentile and the maximum. */
static int64_t print_p99(const char *what, int64_t *v, int n)
{
	char line[VHOST_REASON_LEN * 2];
	int64_t p99;
	int i, len = 0;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_i64);
	for (i = 0; i < n && len < (int)sizeof(line) - 12; i++)
		len += snprintf(line + len, sizeof(line) - len, " %lld",
				(long long)v[i]);
	p99 = v[(n * 99 + 99) / 100 - 1];
	ksft_print_msg("%s (ms):%s\n", what, line);
	ksft_print_msg("%s: n=%d median=%lld ms p99=%lld ms max=%lld ms\n",
		       what, n, (long long)v[n / 2], (long long)p99,
		       (long long)v[n - 1]);
	return p99;
}

TEST_F_TIMEOUT(vhost_sock_stall, device_released, TEST_TIMEOUT_S)
{
	const struct sock_spec *spec = &variant->spec;
	int64_t times[ITERATIONS_MAX], p99, start = now_ms();
	struct sock_round *rd = &self->round;
	struct vhost_owner *o = &rd->owner;
	struct sock_holder *h = &rd->holder;
	int i, n = 0, late = 0;

	for (i = 0; i < spec->iterations && i < ITERATIONS_MAX && !late; i++) {
		struct owner_arg arg = { .mode = spec->mode };
		struct vhost_owner_report r;
		struct holder_report hr;
		pid_t wpid, wtid;
		int64_t told_at, t;
		bool verbose = !i;
		int ret;

		if (now_ms() - start > ROUND_BUDGET_MS) {
			ksft_print_msg("%d of %d rounds in %d ms, no time for more\n",
				       i, spec->iterations, ROUND_BUDGET_MS);
			break;
		}

		/* The holder: the listener locked by a stalled setsockopt(). */
		ret = holder_start(h, &hr);
		ASSERT_EQ(0, ret)
			TH_LOG("holder: %s: %s", hr.step[0] ? hr.step : "start",
			       strerror(-ret));
		ASSERT_EQ(0, wait_asleep_in(h->pid, h->tid, "SD", in_setsockopt,
					    REAP_DEADLINE_MS))
			TH_LOG("holder %d is not stalled in setsockopt()",
			       h->pid);
		if (verbose)
			show_wait("holder, in setsockopt() with the listener locked",
				  h->pid, h->tid);

		/* The owner: its worker waits for the listener's lock. */
		ASSERT_EQ(0, pipe2(rd->cmd, O_CLOEXEC));
		ASSERT_EQ(0, pipe2(rd->done, O_CLOEXEC));
		arg.port = h->port;
		arg.cmd = rd->cmd[0];
		arg.done = rd->done[1];
		ret = vhost_owner_start(o, owner_main, &arg, &r);
		ASSERT_EQ(0, ret) TH_LOG("owner: %s", strerror(-ret));
		ASSERT_EQ(OWNER_READY, r.status)
			TH_LOG("owner setup: %s: %s", r.step, strerror(r.err));
		ASSERT_EQ(0, find_worker(spec->mode, o->pid, &wpid, &wtid))
			TH_LOG("no worker vhost-%d", o->pid);
		ASSERT_EQ(0, wait_asleep_in(wpid, wtid, "D", in_lock_sock,
					    REAP_DEADLINE_MS)) {
			TH_LOG("vhost-%d does not wait for the listener's lock",
			       o->pid);
			dump_thread("worker", wpid, wtid);
		}
		if (verbose)
			show_wait("worker, in virtio_transport_recv_pkt()",
				  wpid, wtid);

		if (spec->action == ACT_CLOSE) {
			close_live(_metadata, rd, &t);
			times[n++] = t;
			ASSERT_EQ(0, round_end(rd));
			continue;
		}

		t = owner_go(_metadata, rd, spec, verbose, &told_at);
		if (t >= 0) {
			/* Reaped while the listener was still locked. */
			ASSERT_EQ(0, wait_asleep_in(h->pid, h->tid, "SD",
						    in_setsockopt, 0))
				TH_LOG("the stall ended before the owner was reaped");
			times[n++] = t;
		} else if (spec->bounded) {
			late++;
			unwind(_metadata, rd, wpid, wtid, told_at, true);
		} else {
			/* A kthread worker: where does the owner wait? */
			ret = wait_asleep_in(o->pid, o->pid, "D", in_release, 0);
			unwind(_metadata, rd, wpid, wtid, told_at, false);
			if (ret)
				ksft_print_msg("%s\n",
					       "not bounded, and the owner's exit does not wait in the device's release");
			else
				ksft_print_msg("%s\n",
					       "not bounded, as expected: no signal reaches a kthread worker; the owner's exit runs the device's release, which waits for the TX vq->mutex while the worker waits for the socket lock");
		}
		ASSERT_EQ(0, round_end(rd));
	}
	if (spec->action == ACT_CLOSE) {
		print_p99("close() of the device with a stalled socket lock holder",
			  times, n);
	} else {
		p99 = print_p99("kill-to-reap with a stalled socket lock holder",
				times, n);
		if (spec->bounded)
			EXPECT_GE(REAP_TARGET_MS, p99);
	}
	EXPECT_EQ(0, late);
	EXPECT_EQ(0, kmsg_watch_reports(&self->kmsg));
}

TEST_HARNESS_MAIN
