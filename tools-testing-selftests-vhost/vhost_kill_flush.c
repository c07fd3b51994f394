// SPDX-License-Identifier: GPL-2.0
/*
 * SIGKILL the owner of a /dev/vhost-vsock device while its threads keep
 * flushes in flight and host-side connects keep work queued on the worker,
 * at varying delays, and check that every owner is reaped in time and that
 * the kernel printed no failure report meanwhile.
 *
 * Every ioctl that vhost_dev_ioctl() handles is followed by a flush of the
 * worker under the device mutex, even when it fails, so a thread looping on
 * a bogus VHOST_SET_MEM_TABLE keeps __vhost_worker_flush() waiters around
 * when the worker is killed; that is the path vhost_worker_killed() has to
 * complete before anything else.
 */
#define _GNU_SOURCE
#include <pthread.h>

#include "../kselftest_harness.h"
#include "vhost_test.h"
#include "vsock_dev.h"

#define ITERATIONS	40
#define FLUSHERS	2

static void *flusher(void *arg)
{
	int fd = *(int *)arg;

	for (;;)
		ioctl(fd, VHOST_SET_MEM_TABLE, NULL);
	return NULL;
}

/* The owner: start the device and its load, report ready, wait to die. */
static void owner_main(int ready)
{
	static struct vsock_dev dev;
	pthread_t t;
	char status = 'R';
	int i, ret;

	ret = vsock_dev_open(&dev);
	if (!ret)
		ret = vsock_dev_start(&dev);
	if (ret) {
		status = ret == -ENOENT ? 'S' : 'E';
		fprintf(stderr, "# vhost-vsock setup: %s\n", strerror(-ret));
	} else {
		for (i = 0; i < FLUSHERS; i++)
			pthread_create(&t, NULL, flusher, &dev.fd);
		pthread_create(&t, NULL, vsock_poke_loop, &dev.cid);
	}
	if (write(ready, &status, 1) != 1 || status != 'R')
		_exit(1);
	for (;;)
		pause();
}

FIXTURE(vsock_kill) {
	struct kmsg_watch kmsg;
};

FIXTURE_SETUP(vsock_kill)
{
	if (access(VSOCK_DEV, R_OK | W_OK))
		SKIP(return, "%s: %s", VSOCK_DEV, strerror(errno));
	if (kmsg_watch_start(&self->kmsg))
		TH_LOG("/dev/kmsg unavailable: kernel reports are not checked");
}

FIXTURE_TEARDOWN(vsock_kill)
{
	kmsg_watch_stop(&self->kmsg);
}

TEST_F_TIMEOUT(vsock_kill, during_flushes, 300)
{
	int64_t times[ITERATIONS];
	int i, n = 0, late = 0;

	for (i = 0; i < ITERATIONS; i++) {
		int ready[2], pidfd;
		int64_t t;
		char status;
		pid_t pid;

		ASSERT_EQ(0, pipe(ready));
		pid = fork();
		ASSERT_GE(pid, 0);
		if (!pid) {
			close(ready[0]);
			owner_main(ready[1]);
		}
		close(ready[1]);
		pidfd = sys_pidfd_open(pid, 0);
		ASSERT_GE(pidfd, 0);
		ASSERT_EQ(1, read(ready[0], &status, 1));
		close(ready[0]);
		if (status == 'S') {
			kill_and_reap(pid, pidfd, REAP_DEADLINE_MS);
			SKIP(return, "%s disappeared", VSOCK_DEV);
		}
		ASSERT_EQ('R', status);

		/* 0 to 19 ms after the load started, in 0.5 ms steps. */
		usleep((i % 40) * 500);
		t = kill_and_reap(pid, pidfd, REAP_DEADLINE_MS);
		if (t < 0) {
			TH_LOG("iteration %d: owner %d not reaped %d ms after SIGKILL",
			       i, pid, REAP_DEADLINE_MS);
			dump_stuck_worker(pid);
			late++;
			/* Nothing of ours holds it: give it a last chance. */
			if (wait_reaped(pidfd, 10 * REAP_DEADLINE_MS))
				TH_LOG("owner %d still not reaped, leaving it", pid);
		} else {
			times[n++] = t;
		}
		close(pidfd);
	}
	print_times("kill-to-reap during flushes", times, n);
	EXPECT_EQ(0, late);
	EXPECT_EQ(0, kmsg_scan(&self->kmsg, NULL, NULL, 0));
}

TEST_HARNESS_MAIN
