// SPDX-License-Identifier: GPL-2.0
/*
 * Reproducer for "INFO: task hung in vhost_worker_killed": SIGKILL the owner
 * of a vhost device while another task that shares its mm holds a vq->mutex
 * inside a vhost ioctl, stalled on a userfaultfd fault (see uffd_stall.h).
 * The kill handler must not wait for that vq->mutex for as long as userspace
 * stalls: the owner has to be reaped within REAP_DEADLINE_MS.
 *
 * When it is not, the test prints the evidence while the hang is live (the
 * workers' state, wait channel and kernel stack, sysrq w and d on the
 * console), then unwinds by killing the stalled holder, which releases the
 * vq->mutex, checks that the owner is reaped after that, and fails. It does
 * not wait for the hung-task detector, and leaves no process behind.
 *
 * Besides vhost-vsock with a single vhost_task worker, the variants cover a
 * vhost-scsi device with a second worker (VHOST_NEW_WORKER) attached to the
 * stalled virtqueue: every worker's kill handler walks all virtqueues of the
 * device, so both must get out; and a kthread worker
 * (VHOST_SET_FORK_FROM_OWNER), which SIGKILL does not reach at all. The
 * other variants ask for vhost_task workers, also on a kernel whose default
 * is kthreads (fork_from_owner_default=0).
 *
 * The "_work_" variants stall the vq->mutex that work already queued on the
 * worker needs (vsock's send_pkt_work with host to guest traffic, a guest
 * kick on the vsock TX queue or on a tap-backed vhost-net queue): the
 * worker is blocked in a work function before the SIGKILL arrives. The test
 * checks that it is (state D) before it kills the owner. In
 * vsock_work_tx_fault, the work function itself faults on the missing page
 * (the TX descriptor table), with no vq->mutex held by anyone else: the
 * worker sleeps in handle_userfault(), which a SIGKILL ends.
 *
 * Each case first checks what the machine can do (the device, the worker
 * mode, userfaultfd for kernel faults, a tap interface) and skips with the
 * reason when it cannot.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <linux/vhost.h>

#include "../kselftest_harness.h"
#include "vhost_util.h"
#include "vhost_rings.h"
#include "vsock_dev.h"
#include "net_dev.h"
#include "uffd_stall.h"

#define SCSI_DEV	"/dev/vhost-scsi"
#define SCSI_VQ_IO	2	/* the first I/O queue */

#define ITERATIONS	3
/*
 * One iteration takes at most SETUP_DEADLINE_MS to set up, then five waits
 * of REAP_DEADLINE_MS (the worker's state, the reap, the reap once the
 * holder is killed, and the two of vhost_owner_end()): 20 s. No iteration
 * starts after ITERATION_BUDGET_MS, and the teardown may wait twice
 * REAP_DEADLINE_MS again: 36 s in all, within the test's timeout.
 */
#define ITERATION_BUDGET_MS	10000
#define TEST_TIMEOUT_S		45

enum owner_setup {
	SETUP_IDLE,		/* owned, nothing else */
	SETUP_RUNNING,		/* vsock running, host to guest packets */
	SETUP_TWO_WORKERS,	/* a second worker on the stalled vq */
	SETUP_NET,		/* vhost-net running on a tap */
	SETUP_DESC_FAULT,	/* vsock running, vq descriptors not mapped */
};

/* What the worker must be doing before the owner is killed. */
enum worker_wait {
	WORKER_ANYWHERE,
	WORKER_ON_MUTEX,	/* asleep (D) on the stalled vq->mutex */
	WORKER_ON_FAULT,	/* asleep in handle_userfault() */
};

/* What the owner sets up and stalls. */
struct owner_spec {
	const char *dev;
	enum vhost_worker_mode mode;
	enum owner_setup setup;
	unsigned long request;	/* copies its argument under vq->mutex */
	unsigned int vq;
	bool kick;		/* kick the vq once the stall is on */
	enum worker_wait wait;
};

FIXTURE_VARIANT(vhost_kill_stall) {
	struct owner_spec owner;
};

FIXTURE(vhost_kill_stall) {
	struct kmsg_watch kmsg;
	struct vhost_owner owner;
};

/* Idle device, nothing queued on the worker. */
FIXTURE_VARIANT_ADD(vhost_kill_stall, vsock_set_vring_base_idle) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_IDLE,
		.request = VHOST_SET_VRING_BASE,
		.vq = VSOCK_VQ_TX,
	},
};

FIXTURE_VARIANT_ADD(vhost_kill_stall, vsock_set_vring_addr_idle) {
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
FIXTURE_VARIANT_ADD(vhost_kill_stall, vsock_set_vring_call_busy) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_RUNNING,
		.request = VHOST_SET_VRING_CALL,
		.vq = VSOCK_VQ_TX,
	},
};

/* The stall is in copy_to_user(). */
FIXTURE_VARIANT_ADD(vhost_kill_stall, vsock_get_vring_base_busy) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_RUNNING,
		.request = VHOST_GET_VRING_BASE,
		.vq = VSOCK_VQ_TX,
	},
};

/* The default worker and a second one, each with its own virtqueues. */
FIXTURE_VARIANT_ADD(vhost_kill_stall, scsi_two_workers) {
	.owner = {
		.dev = SCSI_DEV,
		.setup = SETUP_TWO_WORKERS,
		.request = VHOST_SET_VRING_BASE,
		.vq = SCSI_VQ_IO,
	},
};

/* A kthread worker is not in the owner's thread group: kill is immediate. */
FIXTURE_VARIANT_ADD(vhost_kill_stall, vsock_kthread_worker) {
	.owner = {
		.dev = VSOCK_DEV,
		.mode = VHOST_WORKER_KTHREAD,
		.setup = SETUP_IDLE,
		.request = VHOST_SET_VRING_BASE,
		.vq = VSOCK_VQ_TX,
	},
};

/* Host to guest traffic: send_pkt_work waits for the stalled RX mutex. */
FIXTURE_VARIANT_ADD(vhost_kill_stall, vsock_work_rx_traffic) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_RUNNING,
		.request = VHOST_SET_VRING_CALL,
		.vq = VSOCK_VQ_RX,
		.wait = WORKER_ON_MUTEX,
	},
};

/* A guest kick on TX: vhost_vsock_handle_tx_kick() waits for the mutex. */
FIXTURE_VARIANT_ADD(vhost_kill_stall, vsock_work_tx_kick) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_RUNNING,
		.request = VHOST_SET_VRING_CALL,
		.vq = VSOCK_VQ_TX,
		.kick = true,
		.wait = WORKER_ON_MUTEX,
	},
};

/* vhost-net on a tap: handle_tx() waits for the TX mutex. */
FIXTURE_VARIANT_ADD(vhost_kill_stall, net_work_tx_kick) {
	.owner = {
		.dev = NET_DEV,
		.setup = SETUP_NET,
		.request = VHOST_SET_VRING_CALL,
		.vq = NET_VQ_TX,
		.kick = true,
		.wait = WORKER_ON_MUTEX,
	},
};

/* vhost-net on a tap: handle_rx() waits for the RX mutex. */
FIXTURE_VARIANT_ADD(vhost_kill_stall, net_work_rx_kick) {
	.owner = {
		.dev = NET_DEV,
		.setup = SETUP_NET,
		.request = VHOST_SET_VRING_CALL,
		.vq = NET_VQ_RX,
		.kick = true,
		.wait = WORKER_ON_MUTEX,
	},
};

/*
 * A guest kick on TX with the descriptor table on the missing page:
 * vhost_vsock_handle_tx_kick() takes the free TX mutex and faults. No one
 * else holds a vq->mutex; the SIGKILL must end the fault.
 */
FIXTURE_VARIANT_ADD(vhost_kill_stall, vsock_work_tx_fault) {
	.owner = {
		.dev = VSOCK_DEV,
		.setup = SETUP_DESC_FAULT,
		.vq = VSOCK_VQ_TX,
		.kick = true,
		.wait = WORKER_ON_FAULT,
	},
};

static int expected_workers(const struct owner_spec *spec)
{
	if (spec->mode == VHOST_WORKER_KTHREAD)
		return 0;
	return spec->setup == SETUP_TWO_WORKERS ? 2 : 1;
}

/*
 * The owner: open and own the device as @arg says, stall its request on its
 * vq from a CLONE_VM child (or start that child with nothing to do), kick
 * the vq if asked, and report the child's pid.
 */
static void owner_main(int report_fd, const void *arg)
{
	struct vhost_owner_report r = { .status = OWNER_READY };
	const struct owner_spec *spec = arg;
	struct vhost_vring_worker attach = { .index = spec->vq };
	struct vhost_worker_state worker = {};
	struct vhost_rings *rings = NULL;
	static struct uffd_stall stall;
	static struct vsock_dev vsock;
	static struct net_dev net;
	pthread_t t;
	int fd, ret;

	fd = vhost_open_owned(spec->dev, spec->mode);
	if (fd < 0)
		vhost_owner_report(report_fd, &r, "own the device", fd);
	switch (spec->setup) {
	case SETUP_IDLE:
		break;
	case SETUP_RUNNING:
	case SETUP_DESC_FAULT:
		vsock.fd = fd;
		ret = vsock_dev_start(&vsock);
		if (ret)
			vhost_owner_report(report_fd, &r, "start vhost-vsock", ret);
		if (spec->setup == SETUP_RUNNING) {
			ret = -pthread_create(&t, NULL, vsock_poke_loop,
					      &vsock.cid);
			if (ret)
				vhost_owner_report(report_fd, &r,
						   "start the traffic", ret);
			usleep(10000);
		}
		rings = &vsock.rings;
		break;
	case SETUP_NET:
		net.fd = fd;
		ret = net_dev_start(&net);
		if (ret)
			vhost_owner_report(report_fd, &r, "start vhost-net", ret);
		rings = &net.rings;
		break;
	case SETUP_TWO_WORKERS:
		if (ioctl(fd, VHOST_NEW_WORKER, &worker) < 0)
			vhost_owner_report(report_fd, &r, "VHOST_NEW_WORKER",
					   -errno);
		attach.worker_id = worker.worker_id;
		if (ioctl(fd, VHOST_ATTACH_VRING_WORKER, &attach) < 0)
			vhost_owner_report(report_fd, &r,
					   "VHOST_ATTACH_VRING_WORKER", -errno);
		break;
	}

	ret = uffd_stall_init(&stall, fd);
	if (ret)
		vhost_owner_report(report_fd, &r, "userfaultfd", ret);
	if (spec->request)
		ret = uffd_stall_ioctl(&stall, spec->request,
				       uffd_stall_arg(&stall, spec->vq),
				       SETUP_DEADLINE_MS / 2);
	else
		ret = uffd_stall_hold(&stall);
	if (stall.holder > 0)
		r.holder = stall.holder;
	if (ret)
		vhost_owner_report(report_fd, &r, "stall on the missing page",
				   ret);

	if (spec->setup == SETUP_DESC_FAULT) {
		ret = vhost_rings_post_at(fd, rings, spec->vq,
					  uffd_stall_page(&stall));
		if (ret)
			vhost_owner_report(report_fd, &r,
					   "descriptors on the missing page",
					   ret);
	}
	if (spec->kick) {
		ret = vhost_rings_kick(rings, spec->vq);
		if (ret)
			vhost_owner_report(report_fd, &r, "kick", ret);
	}
	if (spec->wait == WORKER_ON_FAULT) {
		ret = uffd_stall_wait_fault(&stall, SETUP_DEADLINE_MS / 2,
					    &r.fault_tid);
		if (ret)
			vhost_owner_report(report_fd, &r,
					   "wait for the worker's fault", ret);
	}
	vhost_owner_report(report_fd, &r, NULL, 0);
}

FIXTURE_SETUP(vhost_kill_stall)
{
	const struct owner_spec *spec = &variant->owner;
	char why[VHOST_REASON_LEN];
	int ret;

	vhost_owner_init(&self->owner);
	self->kmsg.fd = -1;

	/* What this machine can do, before anything is started. */
	if (vhost_probe_device(spec->dev, spec->mode, expected_workers(spec),
			       why, sizeof(why)))
		SKIP(return, "%s", why);
	if (uffd_stall_probe(why, sizeof(why)))
		SKIP(return, "%s", why);
	if (spec->setup == SETUP_NET && net_tap_probe(why, sizeof(why)))
		SKIP(return, "%s", why);

	/* The holder is the owner's child: make it ours once the owner dies. */
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	ret = kmsg_watch_start(&self->kmsg);
	if (ret)
		TH_LOG("/dev/kmsg: %s: kernel reports are not checked",
		       strerror(-ret));
}

FIXTURE_TEARDOWN(vhost_kill_stall)
{
	/* Whatever happened above, leave no process behind. */
	EXPECT_EQ(0, vhost_owner_end(&self->owner));
	kmsg_watch_stop(&self->kmsg);
}

/* Check that the worker is where @spec wants it before the kill. */
static void check_worker(struct __test_metadata *_metadata,
			 const struct owner_spec *spec, pid_t owner,
			 pid_t fault_tid)
{
	char wchan[64];
	pid_t tids[2];

	switch (spec->wait) {
	case WORKER_ANYWHERE:
		break;
	case WORKER_ON_MUTEX:
		ASSERT_EQ(0, wait_worker_state(owner, "D", REAP_DEADLINE_MS))
			TH_LOG("no work of vhost-%d waits for the stalled mutex",
			       owner);
		break;
	case WORKER_ON_FAULT:
		ASSERT_EQ(1, find_workers(owner, tids, 2));
		ASSERT_EQ(tids[0], fault_tid)
			TH_LOG("the fault was not taken by vhost-%d", owner);
		ASSERT_EQ(0, wait_worker_state(owner, "SD", REAP_DEADLINE_MS));
		thread_wchan(owner, tids[0], wchan, sizeof(wchan));
		ksft_print_msg("vhost-%d (tid %d) faulted on the descriptor table, sleeps in %s\n",
			       owner, tids[0], wchan);
		break;
	}
}

TEST_F_TIMEOUT(vhost_kill_stall, owner_reaped, TEST_TIMEOUT_S)
{
	const struct owner_spec *spec = &variant->owner;
	int64_t times[ITERATIONS], start = now_ms();
	struct vhost_owner *o = &self->owner;
	int i, n = 0, late = 0;

	for (i = 0; i < ITERATIONS && !late; i++) {
		struct vhost_owner_report r;
		int64_t killed_at, t;
		int ret;

		if (now_ms() - start > ITERATION_BUDGET_MS) {
			ksft_print_msg("%d of %d iterations in %d ms, no time for more\n",
				       i, ITERATIONS, ITERATION_BUDGET_MS);
			break;
		}
		ret = vhost_owner_start(o, owner_main, spec, &r);
		ASSERT_EQ(0, ret) TH_LOG("owner: %s", strerror(-ret));
		ASSERT_EQ(OWNER_READY, r.status)
			TH_LOG("owner setup: %s: %s", r.step, strerror(r.err));
		ASSERT_GE(o->holder_fd, 0);
		/* The workers are what the variant says they are. */
		ASSERT_EQ(expected_workers(spec), count_workers(o->pid));
		check_worker(_metadata, spec, o->pid, r.fault_tid);

		killed_at = now_ms();
		t = kill_and_wait(o->pidfd, REAP_DEADLINE_MS);
		if (t < 0) {
			late++;
			vhost_owner_unwind(o, killed_at);
		} else {
			times[n++] = t;
		}
		/* End the stall, the device is released: nothing is left. */
		ASSERT_EQ(0, vhost_owner_end(o));
	}
	print_times(spec->request ?
		    "kill-to-reap with a stalled vq->mutex holder" :
		    "kill-to-reap with the worker in a fault", times, n);
	EXPECT_EQ(0, late);
	EXPECT_EQ(0, kmsg_watch_reports(&self->kmsg));
}

TEST_HARNESS_MAIN
