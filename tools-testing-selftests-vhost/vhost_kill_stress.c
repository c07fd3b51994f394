// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded stress of the kill and release paths. Each iteration draws an
 * owner of a /dev/vhost-vsock, /dev/vhost-net or /dev/vhost-scsi device
 * (with an LIO target, see scsi_dev.h), with a vhost_task or (where the
 * owner may choose) a kthread worker, flushes in flight (threads looping on
 * an ioctl that flushes; for vhost-scsi, on creating a worker, attaching a
 * virtqueue to it and back, and freeing it, which flush), work queued
 * (host-side connects, ring kicks or SCSI writes) and a child of one of
 * two kinds, or none. A closer shares the device and closes it at a
 * random moment: when the owner is already dead by then, that close is the
 * last one, and the release runs while the kill handler is draining the
 * worker and walking its vqs. A stalled holder keeps a vq->mutex of the
 * device in an ioctl stalled on a userfaultfd page (see uffd_stall.h), so
 * the kill handler finds it busy; the test ends the stall once the owner is
 * reaped, or at a random moment up to MAX_END_STALL_US after the kill,
 * while the kill handler may still be trying for that vq->mutex: the
 * holder's exit is then the last close, and the release runs against the
 * handler's walk of the vqs. The owner is SIGKILLed at a random moment. Every owner must be
 * reaped, every child must be able to exit, and every worker must be gone
 * within the deadline, with no kernel report about vhost.
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
#include "scsi_dev.h"
#include "uffd_stall.h"
#include "vhost_util.h"
#include "vsock_dev.h"

#define DEFAULT_SEED		1
#define DEFAULT_ITERATIONS	200
#define MAX_DELAY_US		20000
/* Beyond the 100 ms that a kill handler tries for a vq->mutex. */
#define MAX_END_STALL_US	150000
/*
 * An iteration may take SETUP_DEADLINE_MS, 20 ms and three times
 * REAP_DEADLINE_MS: no iteration starts after ITERATION_BUDGET_MS, within
 * the test's timeout (and the selftests' 540 s).
 */
#define ITERATION_BUDGET_MS	450000
#define TEST_TIMEOUT_S		500
#define SCSI_WRITES		4

enum stress_dev { DEV_VSOCK, DEV_NET, DEV_SCSI, NR_DEVS };
enum stress_child { CHILD_NONE, CHILD_CLOSER, CHILD_STALLED_HOLDER, NR_CHILDREN };

static const char * const dev_name[] = { "vhost-vsock", "vhost-net", "vhost-scsi" };
static const unsigned int dev_nvqs[] = { VSOCK_NVQS, NET_NVQS, SCSI_NVQS };

/* What this machine can do. */
struct stress_caps {
	bool dev_ok[NR_DEVS];
	bool kthread_ok;
	bool stall_ok;
};

/* What one iteration does, drawn from the seed. */
struct stress_draw {
	enum stress_dev dev;
	enum vhost_worker_mode mode;
	int flushers;			/* threads looping on a flush */
	bool traffic;			/* connects, kicks or SCSI writes */
	enum stress_child child;
	unsigned int stall_vq;		/* the virtqueue a holder stalls */
	int end_stall_us;		/* after the SIGKILL, or -1: reaped */
	int close_us;			/* the closer's close, after setup */
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
static void draw(uint64_t *state, const struct stress_caps *caps,
		 struct stress_draw *d)
{
	enum stress_dev dev = next_rand(state) % NR_DEVS;
	bool kthread = next_rand(state) % 4 == 0;
	/* Closers half of the time, stalled holders a quarter. */
	unsigned int child = next_rand(state) % 4;
	uint64_t vq = next_rand(state);
	uint64_t end_stall = next_rand(state);

	d->flushers = next_rand(state) % 3;
	d->traffic = next_rand(state) % 2;
	d->close_us = next_rand(state) % MAX_DELAY_US;
	d->kill_us = next_rand(state) % MAX_DELAY_US;

	d->dev = caps->dev_ok[dev] ? dev : DEV_VSOCK;
	d->mode = caps->kthread_ok && kthread ? VHOST_WORKER_KTHREAD :
		  VHOST_WORKER_TASK;
	d->child = child < 2 ? CHILD_CLOSER : child == 2 ? CHILD_NONE :
		   caps->stall_ok ? CHILD_STALLED_HOLDER : CHILD_CLOSER;
	d->stall_vq = vq % dev_nvqs[d->dev];
	/* Half of the stalls end during the kill, half once it is over. */
	d->end_stall_us = end_stall % 2 ?
			  (int)(end_stall / 2 % MAX_END_STALL_US) : -1;
	/*
	 * The owner's ioctls would wait for the device mutex, which the
	 * holder's ioctl keeps, in an uninterruptible mutex_lock() that no
	 * change to the kill path can end: with a stalled holder, no
	 * flushers.
	 */
	if (d->child == CHILD_STALLED_HOLDER)
		d->flushers = 0;
}

static void print_draw(int i, const struct stress_draw *d)
{
	ksft_print_msg("iteration %d: %s, %s worker, %d flushers, %s, kill at %d us\n",
		       i, dev_name[d->dev],
		       d->mode == VHOST_WORKER_TASK ? "vhost_task" : "kthread",
		       d->flushers, d->traffic ? "traffic" : "no traffic",
		       d->kill_us);
	if (d->child == CHILD_CLOSER)
		ksft_print_msg("iteration %d: a child shares the device and closes it at %d us\n",
			       i, d->close_us);
	else if (d->child == CHILD_STALLED_HOLDER)
		ksft_print_msg("iteration %d: a holder stalls in an ioctl on vq %u\n",
			       i, d->stall_vq);
	if (d->child == CHILD_STALLED_HOLDER && d->end_stall_us >= 0)
		ksft_print_msg("iteration %d: the stall ends %d us after the kill\n",
			       i, d->end_stall_us);
}

static unsigned long env_ulong(const char *name, unsigned long def)
{
	const char *s = getenv(name);

	return s && *s ? strtoul(s, NULL, 0) : def;
}

/*
 * SIGKILL the owner of @o, end its holder's stall @end_us later (or once
 * the owner is reaped, if that comes first), and return how long the owner
 * took to be reaped, in milliseconds, or -ETIMEDOUT after REAP_DEADLINE_MS.
 */
static int64_t kill_end_stall_and_wait(struct vhost_owner *o, int end_us)
{
	int64_t start = now_ms(), t = -1;
	int ret;

	if (sys_pidfd_send_signal(o->pidfd, SIGKILL) < 0)
		return -errno;
	if (!wait_exit(o->pidfd, end_us / 1000))
		t = now_ms() - start;
	sys_pidfd_send_signal(o->holder_fd, SIGKILL);
	if (t >= 0)
		return t;
	ret = wait_exit(o->pidfd, REAP_DEADLINE_MS - (now_ms() - start));
	return ret < 0 ? ret : now_ms() - start;
}

static void *flusher(void *arg)
{
	int fd = *(int *)arg;

	for (;;)
		ioctl(fd, VHOST_SET_MEM_TABLE, NULL);
	return NULL;
}

/* Flushes of vhost-scsi: a new worker, attached to a vq and back, freed. */
static void *churner(void *arg)
{
	int fd = *(int *)arg;

	for (;;) {
		struct vhost_worker_state w = {};
		struct vhost_vring_worker a = { .index = SCSI_VQ_IO };

		if (ioctl(fd, VHOST_NEW_WORKER, &w) < 0)
			continue;
		a.worker_id = w.worker_id;
		ioctl(fd, VHOST_ATTACH_VRING_WORKER, &a);
		a.worker_id = 0;
		ioctl(fd, VHOST_ATTACH_VRING_WORKER, &a);
		ioctl(fd, VHOST_FREE_WORKER, &w);
	}
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

/* Own and start the device of @d: the fd, or -errno. */
static int owner_device(const struct stress_draw *d, struct vsock_dev *vsock,
			struct net_dev *net, struct scsi_dev *scsi)
{
	int fd, ret;

	if (d->dev == DEV_VSOCK) {
		ret = vsock_dev_open(vsock, d->mode);
		if (!ret)
			ret = vsock_dev_start(vsock);
		return ret ? ret : vsock->fd;
	}
	fd = vhost_open_owned(d->dev == DEV_NET ? NET_DEV : SCSI_DEV, d->mode);
	if (fd < 0)
		return fd;
	if (d->dev == DEV_NET) {
		net->fd = fd;
		ret = net_dev_start(net);
	} else {
		ret = scsi_dev_start(scsi, fd);
	}
	return ret ? ret : fd;
}

/* The owner: the device, its load, the child; report ready, wait to die. */
static void owner_main(int report_fd, const void *arg)
{
	const struct stress_draw *d = arg;
	struct vhost_owner_report r = { .status = OWNER_READY };
	static struct vsock_dev vsock;
	static struct uffd_stall stall;
	static struct net_dev net;
	static struct scsi_dev scsi;
	void *(*load)(void *) = NULL;
	void *load_arg = NULL;
	pthread_t t;
	int i, fd, ret;
	pid_t child;

	fd = owner_device(d, &vsock, &net, &scsi);
	if (fd < 0)
		vhost_owner_report(report_fd, &r, "start the device", fd);
	for (i = 0, ret = 0; i < d->flushers && !ret; i++)
		ret = -pthread_create(&t, NULL,
				      d->dev == DEV_SCSI ? churner : flusher,
				      &fd);
	if (d->traffic && d->dev == DEV_VSOCK) {
		load = vsock_poke_loop;
		load_arg = &vsock.cid;
	} else if (d->traffic && d->dev == DEV_NET) {
		load = kicker;
		load_arg = &net.rings;
	}
	if (!ret && load)
		ret = -pthread_create(&t, NULL, load, load_arg);
	if (!ret && d->traffic && d->dev == DEV_SCSI) {
		ret = scsi_dev_post_writes(&scsi, SCSI_WRITES);
		if (!ret)
			ret = scsi_dev_kick(&scsi, SCSI_VQ_IO);
	}
	if (ret)
		vhost_owner_report(report_fd, &r, "start the load", ret);
	if (d->child == CHILD_STALLED_HOLDER) {
		ret = uffd_stall_init(&stall, fd);
		if (!ret)
			ret = uffd_stall_ioctl(&stall, VHOST_SET_VRING_CALL,
					       uffd_stall_arg(&stall, d->stall_vq),
					       SETUP_DEADLINE_MS / 2);
		if (stall.holder > 0)
			r.holder = stall.holder;
		if (ret)
			vhost_owner_report(report_fd, &r, "start the holder",
					   ret);
	} else if (d->child == CHILD_CLOSER) {
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
	struct stress_caps caps;
	bool target;
};

FIXTURE_SETUP(vhost_kill_stress)
{
	char why[VHOST_REASON_LEN];
	int ret;

	vhost_owner_init(&self->owner);
	self->kmsg.fd = -1;
	self->target = false;
	/* The children of dead owners are ours to wait for and reap. */
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	if (vhost_probe_device(VSOCK_DEV, VHOST_WORKER_TASK, 1, why,
			       sizeof(why)))
		SKIP(return, "%s", why);
	self->caps.dev_ok[DEV_VSOCK] = true;
	self->caps.dev_ok[DEV_NET] =
		!vhost_probe_device(NET_DEV, VHOST_WORKER_TASK, 1, why,
				    sizeof(why)) &&
		!net_tap_probe(why, sizeof(why));
	if (!self->caps.dev_ok[DEV_NET])
		ksft_print_msg("vhost-net left out: %s\n", why);
	/* Two workers: the churners of vhost-scsi create a second one. */
	self->caps.dev_ok[DEV_SCSI] =
		!vhost_probe_device(SCSI_DEV, VHOST_WORKER_TASK, 2, why,
				    sizeof(why)) &&
		!scsi_target_probe(why, sizeof(why));
	if (self->caps.dev_ok[DEV_SCSI]) {
		self->target = true;
		ret = scsi_target_run(scsi_target_create, 1,
				      "create the target",
				      SCSI_CFS_DEADLINE_MS);
		ASSERT_EQ(0, ret) TH_LOG("create the target: %s",
					 strerror(-ret));
	} else {
		ksft_print_msg("vhost-scsi left out: %s\n", why);
	}
	self->caps.kthread_ok = !vhost_probe_device(VSOCK_DEV,
						    VHOST_WORKER_KTHREAD, 1,
						    why, sizeof(why));
	if (!self->caps.kthread_ok)
		ksft_print_msg("kthread workers left out: %s\n", why);
	self->caps.stall_ok = !uffd_stall_probe(why, sizeof(why));
	if (!self->caps.stall_ok)
		ksft_print_msg("stalled holders left out: %s\n", why);
	ret = kmsg_watch_start(&self->kmsg);
	if (ret)
		TH_LOG("/dev/kmsg: %s: kernel reports are not checked",
		       strerror(-ret));
	scsi_target_kmsg_known(&self->kmsg);
}

FIXTURE_TEARDOWN(vhost_kill_stress)
{
	EXPECT_EQ(0, vhost_owner_end(&self->owner));
	if (self->target)
		EXPECT_EQ(0, scsi_target_run(scsi_target_destroy, 0,
					     "tear the target down",
					     SCSI_CFS_DEADLINE_MS));
	kmsg_watch_stop(&self->kmsg);
}

TEST_F_TIMEOUT(vhost_kill_stress, seeded, TEST_TIMEOUT_S)
{
	unsigned long seed = env_ulong("VHOST_STRESS_SEED", DEFAULT_SEED);
	int iterations = env_ulong("VHOST_STRESS_ITERATIONS", DEFAULT_ITERATIONS);
	struct vhost_owner *o = &self->owner;
	int i, k, n = 0, bad = 0, early_ends = 0, children[NR_CHILDREN] = { 0 };
	int drawn[NR_DEVS][2] = { 0 };
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

		draw(&state, &self->caps, &d);
		if (now_ms() - start > ITERATION_BUDGET_MS) {
			ksft_print_msg("%d of %d iterations in %d ms, no time for more\n",
				       i, iterations, ITERATION_BUDGET_MS);
			break;
		}
		drawn[d.dev][d.mode == VHOST_WORKER_KTHREAD]++;
		children[d.child]++;
		ret = vhost_owner_start(o, owner_main, &d, &r);
		if (ret || r.status != OWNER_READY) {
			print_draw(i, &d);
			ASSERT_EQ(0, ret) TH_LOG("owner: %s", strerror(-ret));
			ASSERT_EQ(OWNER_READY, r.status)
				TH_LOG("owner setup: %s: %s", r.step,
				       strerror(r.err));
		}
		usleep(d.kill_us);
		if (d.child == CHILD_STALLED_HOLDER && d.end_stall_us >= 0) {
			early_ends++;
			t = kill_end_stall_and_wait(o, d.end_stall_us);
		} else {
			t = kill_and_wait(o->pidfd, REAP_DEADLINE_MS);
		}
		if (t < 0) {
			print_draw(i, &d);
			TH_LOG("owner %d not reaped %d ms after SIGKILL", o->pid,
			       REAP_DEADLINE_MS);
			dump_stuck(o->pid, o->holder);
			bad++;
		} else {
			times[n++] = t;
		}
		/* The owner is gone: end any stall, the last close follows. */
		if (!bad && d.child == CHILD_STALLED_HOLDER)
			sys_pidfd_send_signal(o->holder_fd, SIGKILL);
		if (!bad && d.child != CHILD_NONE &&
		    wait_exit(o->holder_fd, REAP_DEADLINE_MS)) {
			print_draw(i, &d);
			TH_LOG("the child %d that shares the device did not exit",
			       o->holder);
			dump_stuck(o->holder, 0);
			bad++;
		}
		if (!bad && wait_workers_gone(o->pid, REAP_DEADLINE_MS)) {
			print_draw(i, &d);
			TH_LOG("a worker of owner %d is left after every close",
			       o->pid);
			bad++;
		}
		ASSERT_EQ(0, vhost_owner_end(o));
	}
	ksft_print_msg("%d iterations: %d with a closer, %d with a stalled holder\n",
		       i, children[CHILD_CLOSER], children[CHILD_STALLED_HOLDER]);
	ksft_print_msg("%d of the stalls ended during the kill\n", early_ends);
	for (k = 0; k < NR_DEVS; k++)
		ksft_print_msg("%s: %d vhost_task, %d kthread\n", dev_name[k],
			       drawn[k][0], drawn[k][1]);
	print_times("kill-to-reap under stress", times, n);
	free(times);
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, kmsg_watch_reports(&self->kmsg));
}

TEST_HARNESS_MAIN
