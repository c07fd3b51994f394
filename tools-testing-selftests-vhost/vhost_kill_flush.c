// SPDX-License-Identifier: GPL-2.0
/*
 * SIGKILL the owner of a /dev/vhost-vsock device while its threads keep
 * flushes in flight and host-side connects keep work queued on the worker,
 * at varying delays, and check that every owner is reaped in time and that
 * the kernel printed no report about vhost meanwhile.
 *
 * Every ioctl that vhost_dev_ioctl() handles is followed by a flush of the
 * worker under the device mutex, even when it fails, so a thread looping on
 * a bogus VHOST_SET_MEM_TABLE keeps __vhost_worker_flush() waiters around
 * when the worker is killed; that is the path vhost_worker_killed() has to
 * complete before anything else.
 *
 * The worker is a vhost_task, asked for explicitly where the kernel lets
 * the owner choose. The test skips when the device cannot be used, or its
 * worker cannot be a vhost_task.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/vhost.h>

#include "../kselftest_harness.h"
#include "vhost_util.h"
#include "vsock_dev.h"

#define ITERATIONS	40
#define FLUSHERS	2
/*
 * One iteration takes at most SETUP_DEADLINE_MS to set up, 20 ms of load,
 * then three waits of REAP_DEADLINE_MS (the reap, and the two of
 * vhost_owner_end()): 15 s. No iteration starts after ITERATION_BUDGET_MS, and
 * the teardown may wait twice REAP_DEADLINE_MS again: 81 s in all, within
 * the test's timeout.
 */
#define ITERATION_BUDGET_MS	60000
#define TEST_TIMEOUT_S		90

static void *flusher(void *arg)
{
	int fd = *(int *)arg;

	for (;;)
		ioctl(fd, VHOST_SET_MEM_TABLE, NULL);
	return NULL;
}

/* The owner: start the device and its load, report ready, wait to die. */
static void owner_main(int report_fd, const void *arg)
{
	struct vhost_owner_report r = { .status = OWNER_READY };
	static struct vsock_dev dev;
	pthread_t t;
	int i, ret;

	ret = vsock_dev_open(&dev, VHOST_WORKER_TASK);
	if (ret)
		vhost_owner_report(report_fd, &r, "own vhost-vsock", ret);
	ret = vsock_dev_start(&dev);
	if (ret)
		vhost_owner_report(report_fd, &r, "start vhost-vsock", ret);
	for (i = 0; i < FLUSHERS && !ret; i++)
		ret = -pthread_create(&t, NULL, flusher, &dev.fd);
	if (!ret)
		ret = -pthread_create(&t, NULL, vsock_poke_loop, &dev.cid);
	if (ret)
		vhost_owner_report(report_fd, &r, "start the load", ret);
	vhost_owner_report(report_fd, &r, NULL, 0);
}

FIXTURE(vhost_kill_flush) {
	struct kmsg_watch kmsg;
	struct vhost_owner owner;
};

FIXTURE_SETUP(vhost_kill_flush)
{
	char why[VHOST_REASON_LEN];
	int ret;

	vhost_owner_init(&self->owner);
	self->kmsg.fd = -1;
	if (vhost_probe_device(VSOCK_DEV, VHOST_WORKER_TASK, 1, why,
			       sizeof(why)))
		SKIP(return, "%s", why);
	ret = kmsg_watch_start(&self->kmsg);
	if (ret)
		TH_LOG("/dev/kmsg: %s: kernel reports are not checked",
		       strerror(-ret));
}

FIXTURE_TEARDOWN(vhost_kill_flush)
{
	/* Whatever happened above, leave no process behind. */
	EXPECT_EQ(0, vhost_owner_end(&self->owner));
	kmsg_watch_stop(&self->kmsg);
}

TEST_F_TIMEOUT(vhost_kill_flush, during_flushes, TEST_TIMEOUT_S)
{
	int64_t times[ITERATIONS], start = now_ms();
	struct vhost_owner *o = &self->owner;
	int i, n = 0, late = 0;

	for (i = 0; i < ITERATIONS && !late; i++) {
		struct vhost_owner_report r;
		int64_t t;
		int ret;

		if (now_ms() - start > ITERATION_BUDGET_MS) {
			ksft_print_msg("%d of %d iterations in %d ms, no time for more\n",
				       i, ITERATIONS, ITERATION_BUDGET_MS);
			break;
		}
		ret = vhost_owner_start(o, owner_main, NULL, &r);
		ASSERT_EQ(0, ret) TH_LOG("owner: %s", strerror(-ret));
		ASSERT_EQ(OWNER_READY, r.status)
			TH_LOG("owner setup: %s: %s", r.step, strerror(r.err));
		ASSERT_EQ(1, count_workers(o->pid));

		/* 0 to 19.5 ms after the load started, in 0.5 ms steps. */
		usleep((i % 40) * 500);
		t = kill_and_wait(o->pidfd, REAP_DEADLINE_MS);
		if (t < 0) {
			TH_LOG("iteration %d: owner %d not reaped %d ms after SIGKILL",
			       i, o->pid, REAP_DEADLINE_MS);
			dump_stuck(o->pid, 0);
			late++;
		} else {
			times[n++] = t;
		}
		/* Nothing of ours holds a late owner: one more chance. */
		ASSERT_EQ(0, vhost_owner_end(o));
	}
	print_times("kill-to-reap during flushes", times, n);
	EXPECT_EQ(0, late);
	EXPECT_EQ(0, kmsg_watch_reports(&self->kmsg));
}

TEST_HARNESS_MAIN
