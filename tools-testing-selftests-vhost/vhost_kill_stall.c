// SPDX-License-Identifier: GPL-2.0
/*
 * Reproducer for "INFO: task hung in vhost_worker_killed": SIGKILL the owner
 * of a /dev/vhost-vsock device while another task that shares its mm holds a
 * vq->mutex inside a vhost ioctl, stalled on a userfaultfd fault (see
 * uffd_stall.h). The kill handler must not wait for that vq->mutex for as
 * long as userspace stalls: the owner has to be reaped within
 * REAP_DEADLINE_MS.
 *
 * When it is not, the test prints the evidence (the worker's state and
 * stack, sysrq w and d on the console, the kernel's hung-task report if one
 * fires), then unwinds by killing the stalled holder, which releases the
 * vq->mutex, checks that the owner is reaped after that, and fails.
 *
 * Besides vhost-vsock with a single vhost_task worker, the variants cover a
 * vhost-scsi device with a second worker (VHOST_NEW_WORKER) attached to the
 * stalled virtqueue: every worker's kill handler walks all virtqueues of the
 * device, so both must get out; and a kthread worker
 * (VHOST_SET_FORK_FROM_OWNER), which SIGKILL does not reach at all.
 *
 * The "_work_" variants stall the vq->mutex that work already queued on the
 * worker needs (vsock's send_pkt_work with host to guest traffic, a guest
 * kick on the vsock TX queue or on a tap-backed vhost-net queue): the
 * worker is blocked in a work function before the SIGKILL arrives. The test
 * checks that it is (state D) before it kills the owner.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/prctl.h>

#include "../kselftest_harness.h"
#include "vhost_test.h"
#include "vsock_dev.h"
#include "net_dev.h"
#include "uffd_stall.h"

#define ITERATIONS	3

struct owner_report {
	char status;		/* 'R' stalled, 'S' skip, 'E' error */
	int err;
	pid_t holder;
};

enum owner_setup {
	SETUP_IDLE,		/* owned, nothing else */
	SETUP_RUNNING,		/* vsock started, host to guest packets queued */
	SETUP_TWO_WORKERS,	/* a second vhost_task worker on the stalled vq */
	SETUP_KTHREAD,		/* the worker is a kthread, not a vhost_task */
	SETUP_NET,		/* vhost-net started with a tap backend */
};

#define SCSI_DEV	"/dev/vhost-scsi"

/* What the owner sets up and stalls. */
struct owner_spec {
	const char *dev;
	enum owner_setup setup;
	unsigned long request;	/* copies its argument under vq->mutex */
	unsigned int vq;
	bool kick;		/* kick the stalled vq once the stall is on */
};

/*
 * The owner: open and own the device as the variant says, then stall its
 * request on its vq from a CLONE_VM child, kick the vq if asked, and
 * report the child's pid.
 */
static void owner_main(int report_fd, const struct owner_spec *v)
{
	static struct vsock_dev dev;
	static struct net_dev net;
	static struct stall stall;
	struct vhost_rings *rings = NULL;
	struct owner_report r = { .status = 'R' };
	struct vhost_worker_state worker = {};
	struct vhost_vring_worker attach = { .index = v->vq };
	enum owner_setup setup = v->setup;
	pthread_t t;
	int fd, ret = 0;

	fd = vhost_open_owned(v->dev, setup == SETUP_KTHREAD);
	if (fd < 0) {
		ret = fd;
		r.status = fd == -EOPNOTSUPP ? 'S' : 'E';
		goto out;
	}
	if (setup == SETUP_RUNNING) {
		dev.fd = fd;
		ret = vsock_dev_start(&dev);
		if (ret)
			goto fail;
		pthread_create(&t, NULL, vsock_poke_loop, &dev.cid);
		usleep(10000);
		rings = &dev.rings;
	}
	if (setup == SETUP_NET) {
		net.fd = fd;
		ret = net_dev_start(&net);
		if (ret)
			goto fail;
		rings = &net.rings;
	}
	if (setup == SETUP_TWO_WORKERS) {
		if (ioctl(fd, VHOST_NEW_WORKER, &worker) < 0) {
			ret = -errno;
			r.status = ret == -ENOTTY ? 'S' : 'E';
			goto out;
		}
		attach.worker_id = worker.worker_id;
		if (ioctl(fd, VHOST_ATTACH_VRING_WORKER, &attach) < 0) {
			ret = -errno;
			goto fail;
		}
	}
	ret = stall_init(&stall, fd);
	if (ret && stall.uffd < 0) {
		/* No userfaultfd, or not one that handles kernel faults. */
		r.status = 'S';
		goto out;
	}
	if (!ret)
		ret = stall_start(&stall, v->request, stall_arg(&stall, v->vq));
	if (!ret && v->kick)
		ret = rings ? vhost_rings_kick(rings, v->vq) : -EINVAL;
fail:
	if (ret)
		r.status = 'E';
out:
	r.err = -ret;
	r.holder = stall.holder;
	if (write(report_fd, &r, sizeof(r)) != sizeof(r) || r.status != 'R')
		_exit(1);
	for (;;)
		pause();
}

FIXTURE_VARIANT(kill_stall) {
	struct owner_spec owner;
	bool work_blocked;	/* queued work must be waiting for the mutex */
};

FIXTURE(kill_stall) {
	struct kmsg_watch kmsg;
	int hung_task_secs;
};

/* Idle device, nothing queued on the worker. */
FIXTURE_VARIANT_ADD(kill_stall, vsock_set_vring_base_idle) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_IDLE,
		.request = VHOST_SET_VRING_BASE,
		.vq = VSOCK_VQ_TX,
	},
};

FIXTURE_VARIANT_ADD(kill_stall, vsock_set_vring_addr_idle) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_IDLE,
		.request = VHOST_SET_VRING_ADDR,
		.vq = VSOCK_VQ_TX,
	},
};

/*
 * Running device with host to guest packets and send_pkt_work queued. The
 * stalled vq is TX: the queued work takes the RX vq->mutex, so here only the
 * kill handler itself meets the stalled holder.
 */
FIXTURE_VARIANT_ADD(kill_stall, vsock_set_vring_call_busy) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_RUNNING,
		.request = VHOST_SET_VRING_CALL,
		.vq = VSOCK_VQ_TX,
	},
};

FIXTURE_VARIANT_ADD(kill_stall, vsock_get_vring_base_busy) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_RUNNING,
		.request = VHOST_GET_VRING_BASE,
		.vq = VSOCK_VQ_TX,
	},
};

/* The default worker and a second one, each with its own virtqueues. */
FIXTURE_VARIANT_ADD(kill_stall, scsi_two_workers) {
	.owner = {
		.dev = SCSI_DEV,
		.setup = SETUP_TWO_WORKERS,
		.request = VHOST_SET_VRING_BASE,
		.vq = 2,		/* the first I/O queue */
	},
};

/* A kthread worker is not in the owner's thread group: kill is immediate. */
FIXTURE_VARIANT_ADD(kill_stall, vsock_kthread_worker) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_KTHREAD,
		.request = VHOST_SET_VRING_BASE,
		.vq = VSOCK_VQ_TX,
	},
};

/* Host to guest traffic: send_pkt_work waits for the stalled RX mutex. */
FIXTURE_VARIANT_ADD(kill_stall, vsock_work_rx_traffic) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_RUNNING,
		.request = VHOST_SET_VRING_CALL,
		.vq = VSOCK_VQ_RX,
	},
	.work_blocked = true,
};

/* A guest kick on TX: vhost_vsock_handle_tx_kick() waits for the mutex. */
FIXTURE_VARIANT_ADD(kill_stall, vsock_work_tx_kick) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_RUNNING,
		.request = VHOST_SET_VRING_CALL,
		.vq = VSOCK_VQ_TX,
		.kick = true,
	},
	.work_blocked = true,
};

/* vhost-net on a tap: handle_tx() waits for the TX mutex. */
FIXTURE_VARIANT_ADD(kill_stall, net_work_tx_kick) {
	.owner = {
		.dev = NET_DEV,
		.setup = SETUP_NET,
		.request = VHOST_SET_VRING_CALL,
		.vq = NET_VQ_TX,
		.kick = true,
	},
	.work_blocked = true,
};

/* vhost-net on a tap: handle_rx() waits for the RX mutex. */
FIXTURE_VARIANT_ADD(kill_stall, net_work_rx_kick) {
	.owner = {
		.dev = NET_DEV,
		.setup = SETUP_NET,
		.request = VHOST_SET_VRING_CALL,
		.vq = NET_VQ_RX,
		.kick = true,
	},
	.work_blocked = true,
};

FIXTURE_SETUP(kill_stall)
{
	char buf[32];

	if (access(variant->owner.dev, R_OK | W_OK))
		SKIP(return, "%s: %s", variant->owner.dev, strerror(errno));
	/* The holder is the owner's child: make it ours once the owner dies. */
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	if (kmsg_watch_start(&self->kmsg))
		TH_LOG("/dev/kmsg unavailable: kernel reports are not checked");
	self->hung_task_secs = 0;
	if (read_text("/proc/sys/kernel/hung_task_timeout_secs", buf, sizeof(buf)) > 0)
		self->hung_task_secs = atoi(buf);
}

FIXTURE_TEARDOWN(kill_stall)
{
	kmsg_watch_stop(&self->kmsg);
}

/*
 * The owner was not reaped in time: show why while it is still stuck, then
 * end the stall and say whether that let the owner go.
 */
static void unwind(struct __test_metadata *_metadata, struct kmsg_watch *kmsg,
		   int hung_task_secs, pid_t owner, int owner_fd,
		   pid_t holder, int holder_fd, int64_t killed_at)
{
	char needle[48], report[512] = "";
	int64_t waited;

	TH_LOG("owner %d not reaped %lld ms after SIGKILL; holder %d still stalled",
	       owner, (long long)(now_ms() - killed_at), holder);
	dump_stuck_worker(owner);

	/* Give the hung-task detector the time it needs to speak. */
	snprintf(needle, sizeof(needle), "INFO: task vhost-%d:", owner);
	while (hung_task_secs > 0 && !report[0] &&
	       now_ms() - killed_at < (2 * hung_task_secs + 2) * 1000LL) {
		kmsg_scan(kmsg, needle, report, sizeof(report));
		usleep(200000);
	}
	kmsg_scan(kmsg, needle, report, sizeof(report));
	TH_LOG("hung-task report: %s", report[0] ? report : "none");

	waited = now_ms();
	kill(holder, SIGKILL);
	if (wait_reaped(owner_fd, REAP_DEADLINE_MS))
		TH_LOG("owner %d still not reaped after the holder was killed", owner);
	else
		TH_LOG("owner %d reaped %lld ms after the holder was killed, %lld ms after SIGKILL",
		       owner, (long long)(now_ms() - waited),
		       (long long)(now_ms() - killed_at));
	wait_reaped(holder_fd, REAP_DEADLINE_MS);
}

TEST_F_TIMEOUT(kill_stall, owner_reaped, 120)
{
	int64_t times[ITERATIONS];
	int i, n = 0, late = 0;

	for (i = 0; i < ITERATIONS && !late; i++) {
		struct owner_report r;
		int report[2], owner_fd, holder_fd;
		int64_t killed_at, t;
		pid_t owner;

		ASSERT_EQ(0, pipe(report));
		owner = fork();
		ASSERT_GE(owner, 0);
		if (!owner) {
			close(report[0]);
			owner_main(report[1], &variant->owner);
		}
		close(report[1]);
		owner_fd = sys_pidfd_open(owner, 0);
		ASSERT_GE(owner_fd, 0);
		ASSERT_EQ(sizeof(r), read(report[0], &r, sizeof(r)));
		close(report[0]);
		if (r.status == 'S') {
			kill_and_reap(owner, owner_fd, REAP_DEADLINE_MS);
			SKIP(return, "not supported by this kernel: %s",
			     strerror(r.err));
		}
		ASSERT_EQ('R', r.status) TH_LOG("owner setup: %s", strerror(r.err));
		/* The workers are what the variant says they are. */
		ASSERT_EQ(variant->owner.setup == SETUP_KTHREAD ? 0 :
			  variant->owner.setup == SETUP_TWO_WORKERS ? 2 : 1,
			  count_workers(owner));
		if (variant->work_blocked)
			ASSERT_EQ(0, wait_worker_blocked(owner, REAP_DEADLINE_MS))
				TH_LOG("no work of vhost-%d waits for the stalled mutex",
				       owner);
		holder_fd = sys_pidfd_open(r.holder, 0);
		ASSERT_GE(holder_fd, 0);

		killed_at = now_ms();
		t = kill_and_reap(owner, owner_fd, REAP_DEADLINE_MS);
		if (t < 0) {
			late++;
			unwind(_metadata, &self->kmsg, self->hung_task_secs,
			       owner, owner_fd, r.holder, holder_fd, killed_at);
		} else {
			times[n++] = t;
			/* Fixed: end the stall; the device is released now. */
			kill(r.holder, SIGKILL);
			EXPECT_EQ(0, wait_reaped(holder_fd, REAP_DEADLINE_MS));
		}
		close(owner_fd);
		close(holder_fd);
	}
	print_times("kill-to-reap with a stalled vq->mutex holder", times, n);
	EXPECT_EQ(0, late);
	if (!late)
		EXPECT_EQ(0, kmsg_scan(&self->kmsg, NULL, NULL, 0));
}

TEST_HARNESS_MAIN
