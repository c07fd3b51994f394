// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded stress of the kill and release paths. Each iteration draws an
 * owner of a /dev/vhost-vsock or /dev/vhost-net device, with a vhost_task
 * or (where the owner may choose) a kthread worker, flushes in flight
 * (threads looping on an ioctl that flushes), work queued (host-side
 * connects or ring kicks) and, half of the time, a forked child that
 * shares the device and closes it at a random moment: when the owner is
 * already dead by then, that close is the last one, and the release runs
 * while the kill handler is draining the worker and walking its vqs. The
 * owner is SIGKILLed at a random moment too. Every owner must be reaped,
 * every child must be able to exit, and every worker must be gone within
 * the deadline, with no kernel report about vhost.
 *
 * VHOST_STRESS_SEED (default 1) and VHOST_STRESS_ITERATIONS (default 200)
 * in the environment choose the run. The seed is printed; a failing
 * iteration prints its draw, so a run can be replayed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <linux/vhost.h>

#include "../kselftest_harness.h"
#include "net_dev.h"
#include "vhost_util.h"
#include "vsock_dev.h"

#define DEFAULT_SEED		1
#define DEFAULT_ITERATIONS	200
#define MAX_DELAY_US		20000
/*
 * An iteration may take SETUP_DEADLINE_MS, 20 ms and three times
 * REAP_DEADLINE_MS: no iteration starts after ITERATION_BUDGET_MS, within
 * the test's timeout (and the selftests' 540 s).
 */
#define ITERATION_BUDGET_MS	450000
#define TEST_TIMEOUT_S		500

/* What one iteration does, drawn from the seed. */
struct stress_draw {
	bool net;			/* vhost-net, else vhost-vsock */
	enum vhost_worker_mode mode;
	int flushers;			/* threads looping on a flush */
	bool traffic;			/* connects (vsock) or kicks (net) */
	bool share;			/* a child shares and closes the device */
	int close_us;			/* the child's close, after setup */
	int kill_us;			/* the SIGKILL, after setup */
};

/* splitmix64: the same sequence from a seed on every libc. */
static uint64_t next_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * Every value is drawn whatever this machine can do, and only then masked
 * by it: a seed draws the same delays and loads everywhere.
 */
static void draw(uint64_t *state, bool net_ok, bool kthread_ok,
		 struct stress_draw *d)
{
	bool net = next_rand(state) % 2;
	bool kthread = next_rand(state) % 4 == 0;

	d->net = net_ok && net;
	d->mode = kthread_ok && kthread ? VHOST_WORKER_KTHREAD :
		  VHOST_WORKER_TASK;
	d->flushers = next_rand(state) % 3;
	d->traffic = next_rand(state) % 2;
	d->share = next_rand(state) % 2;
	d->close_us = next_rand(state) % MAX_DELAY_US;
	d->kill_us = next_rand(state) % MAX_DELAY_US;
}

static void print_draw(int i, const struct stress_draw *d)
{
	ksft_print_msg("iteration %d: %s, %s worker, %d flushers, %s, %s, kill at %d us\n",
		       i, d->net ? "vhost-net" : "vhost-vsock",
		       d->mode == VHOST_WORKER_TASK ? "vhost_task" : "kthread",
		       d->flushers, d->traffic ? "traffic" : "no traffic",
		       d->share ? "shared with a child" : "not shared",
		       d->kill_us);
	if (d->share)
		ksft_print_msg("iteration %d: the child closes at %d us\n", i,
			       d->close_us);
}

static unsigned long env_ulong(const char *name, unsigned long def)
{
	const char *s = getenv(name);

	return s && *s ? strtoul(s, NULL, 0) : def;
}

static void *flusher(void *arg)
{
	int fd = *(int *)arg;

	for (;;)
		ioctl(fd, VHOST_SET_MEM_TABLE, NULL);
	return NULL;
}

static void *kicker(void *arg)
{
	struct vhost_rings *rings = arg;

	for (;;) {
		vhost_rings_kick(rings, NET_VQ_TX);
		vhost_rings_kick(rings, NET_VQ_RX);
		usleep(100);
	}
	return NULL;
}

/* The owner: the device, its load, the child; report ready, wait to die. */
static void owner_main(int report_fd, const void *arg)
{
	const struct stress_draw *d = arg;
	struct vhost_owner_report r = { .status = OWNER_READY };
	static struct vsock_dev vsock;
	static struct net_dev net;
	pthread_t t;
	int i, fd, ret;
	pid_t child;

	if (d->net) {
		fd = vhost_open_owned(NET_DEV, d->mode);
		if (fd < 0)
			vhost_owner_report(report_fd, &r, "own vhost-net", fd);
		net.fd = fd;
		ret = net_dev_start(&net);
	} else {
		ret = vsock_dev_open(&vsock, d->mode);
		if (ret)
			vhost_owner_report(report_fd, &r, "own vhost-vsock", ret);
		fd = vsock.fd;
		ret = vsock_dev_start(&vsock);
	}
	if (ret)
		vhost_owner_report(report_fd, &r, "start the device", ret);
	for (i = 0; i < d->flushers && !ret; i++)
		ret = -pthread_create(&t, NULL, flusher, &fd);
	if (!ret && d->traffic)
		ret = -pthread_create(&t, NULL, d->net ? kicker : vsock_poke_loop,
				      d->net ? (void *)&net.rings :
					       (void *)&vsock.cid);
	if (ret)
		vhost_owner_report(report_fd, &r, "start the load", ret);
	if (d->share) {
		child = fork();
		if (child < 0)
			vhost_owner_report(report_fd, &r, "fork", -errno);
		if (!child) {
			/* Only async-signal-safe calls in here. */
			usleep(d->close_us);
			close(fd);
			_exit(0);
		}
		r.holder = child;
	}
	vhost_owner_report(report_fd, &r, NULL, 0);
}

static int wait_workers_gone(pid_t owner, int timeout_ms)
{
	int64_t end = now_ms() + timeout_ms;

	while (count_workers(owner) + count_kthread_workers(owner) > 0) {
		if (now_ms() >= end)
			return -ETIMEDOUT;
		usleep(1000);
	}
	return 0;
}

FIXTURE(vhost_kill_stress) {
	struct kmsg_watch kmsg;
	struct vhost_owner owner;
	bool net_ok, kthread_ok;
};

FIXTURE_SETUP(vhost_kill_stress)
{
	char why[VHOST_REASON_LEN];
	int ret;

	vhost_owner_init(&self->owner);
	self->kmsg.fd = -1;
	/* The children of dead owners are ours to wait for and reap. */
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	if (vhost_probe_device(VSOCK_DEV, VHOST_WORKER_TASK, 1, why,
			       sizeof(why)))
		SKIP(return, "%s", why);
	self->net_ok = !vhost_probe_device(NET_DEV, VHOST_WORKER_TASK, 1, why,
					   sizeof(why)) &&
		       !net_tap_probe(why, sizeof(why));
	if (!self->net_ok)
		ksft_print_msg("vhost-net left out: %s\n", why);
	self->kthread_ok = !vhost_probe_device(VSOCK_DEV, VHOST_WORKER_KTHREAD,
					       1, why, sizeof(why));
	if (!self->kthread_ok)
		ksft_print_msg("kthread workers left out: %s\n", why);
	ret = kmsg_watch_start(&self->kmsg);
	if (ret)
		TH_LOG("/dev/kmsg: %s: kernel reports are not checked",
		       strerror(-ret));
}

FIXTURE_TEARDOWN(vhost_kill_stress)
{
	EXPECT_EQ(0, vhost_owner_end(&self->owner));
	kmsg_watch_stop(&self->kmsg);
}

TEST_F_TIMEOUT(vhost_kill_stress, seeded, TEST_TIMEOUT_S)
{
	unsigned long seed = env_ulong("VHOST_STRESS_SEED", DEFAULT_SEED);
	int iterations = env_ulong("VHOST_STRESS_ITERATIONS", DEFAULT_ITERATIONS);
	struct vhost_owner *o = &self->owner;
	int i, n = 0, bad = 0, shared = 0, drawn[2][2] = { 0 };
	int64_t *times, start = now_ms();
	uint64_t state = seed;

	times = calloc(iterations > 0 ? iterations : 1, sizeof(*times));
	ASSERT_NE(NULL, times);
	ksft_print_msg("seed %lu, %d iterations (VHOST_STRESS_SEED, VHOST_STRESS_ITERATIONS)\n",
		       seed, iterations);
	for (i = 0; i < iterations && !bad; i++) {
		struct vhost_owner_report r;
		struct stress_draw d;
		int64_t t;
		int ret;

		draw(&state, self->net_ok, self->kthread_ok, &d);
		if (now_ms() - start > ITERATION_BUDGET_MS) {
			ksft_print_msg("%d of %d iterations in %d ms, no time for more\n",
				       i, iterations, ITERATION_BUDGET_MS);
			break;
		}
		drawn[d.net][d.mode == VHOST_WORKER_KTHREAD]++;
		ret = vhost_owner_start(o, owner_main, &d, &r);
		if (ret || r.status != OWNER_READY) {
			print_draw(i, &d);
			ASSERT_EQ(0, ret) TH_LOG("owner: %s", strerror(-ret));
			ASSERT_EQ(OWNER_READY, r.status)
				TH_LOG("owner setup: %s: %s", r.step,
				       strerror(r.err));
		}
		usleep(d.kill_us);
		t = kill_and_wait(o->pidfd, REAP_DEADLINE_MS);
		if (t < 0) {
			print_draw(i, &d);
			TH_LOG("owner %d not reaped %d ms after SIGKILL", o->pid,
			       REAP_DEADLINE_MS);
			dump_stuck(o->pid, o->holder);
			bad++;
		} else {
			times[n++] = t;
		}
		if (!bad && d.share) {
			shared++;
			if (wait_exit(o->holder_fd, REAP_DEADLINE_MS)) {
				print_draw(i, &d);
				TH_LOG("the child %d that closes the device did not exit",
				       o->holder);
				dump_stuck(o->holder, 0);
				bad++;
			}
		}
		if (!bad && wait_workers_gone(o->pid, REAP_DEADLINE_MS)) {
			print_draw(i, &d);
			TH_LOG("a worker of owner %d is left after every close",
			       o->pid);
			bad++;
		}
		ASSERT_EQ(0, vhost_owner_end(o));
	}
	ksft_print_msg("%d iterations, %d with the release in a child\n", i,
		       shared);
	ksft_print_msg("vhost-vsock: %d vhost_task, %d kthread\n", drawn[0][0],
		       drawn[0][1]);
	ksft_print_msg("vhost-net: %d vhost_task, %d kthread\n", drawn[1][0],
		       drawn[1][1]);
	print_times("kill-to-reap under stress", times, n);
	free(times);
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, kmsg_watch_reports(&self->kmsg));
}

TEST_HARNESS_MAIN
