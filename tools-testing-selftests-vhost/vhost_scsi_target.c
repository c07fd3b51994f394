// SPDX-License-Identifier: GPL-2.0
/*
 * vhost-scsi with a real target: the kernel's LIO target with a RAM disk
 * backstore behind the vhost fabric (see scsi_dev.h), and an owner that
 * drives the device as a guest's virtio-scsi driver would.
 *
 * vhost_scsi_target.io_and_events checks that the device works: TEST UNIT
 * READY, INQUIRY, WRITE(10) and READ(10) with the data compared, a LUN
 * reset, a hot-plug event delivered into an event buffer, and a hot-unplug
 * with no event buffer, which the device reports as missed once the guest
 * gives it a buffer and kicks the event queue. Then the owner is killed.
 *
 * vhost_scsi_kill SIGKILLs the owner of such a device: (a) idle, (b) with
 * commands in flight, (c) with a LUN reset in flight, (d) with missed
 * events and an event kick pending, (e) with a stalled vq->mutex holder on
 * the I/O queue whose kick the worker waits on, (f) as (e) with an event
 * kick queued behind it and events missed, so that the dying worker's run
 * of its work list meets the event kick, and (g) idle, then a LUN is
 * hot-plugged through configfs after the kill while a CLONE_VM child of
 * the owner keeps the device open: the hot-plug queues an event on a
 * worker that is gone. Every owner must be reaped within REAP_DEADLINE_MS
 * and every hot-plug must return; the target is torn down after each case,
 * and every configfs step of that must succeed: a command, event or
 * device reference left behind makes one fail.
 *
 * A kernel that deadlocks here does so for good: the stuck tasks cannot be
 * killed. The test shows where they sleep and does not wait for them (the
 * configfs steps run in children with a deadline), so it ends in its time,
 * but those tasks stay behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <linux/vhost.h>

#include "../kselftest_harness.h"
#include "vhost_util.h"
#include "scsi_dev.h"
#include "uffd_stall.h"

#define ITERATIONS		3
/* See vhost_kill_stall.c: an iteration takes at most 20 s. */
#define ITERATION_BUDGET_MS	10000
#define TEST_TIMEOUT_S		60
/* How long the device may take to answer a request. */
#define REQUEST_DEADLINE_MS	2000
#define INFLIGHT		4
#define LUN_PLUGGED		1

enum scsi_load {
	LOAD_IDLE,
	LOAD_IO,		/* commands in flight */
	LOAD_TMF,		/* a LUN reset in flight, behind commands */
	LOAD_MISSED_EVENTS,	/* events missed, an event kick pending */
	LOAD_STALLED_IO,	/* the worker waits for a stalled I/O vq */
	LOAD_EVENT_BEHIND_STALL,/* ... with an event kick queued behind */
	LOAD_PLUG_AFTER_KILL,	/* a hot-plug between kill and release */
};

struct scsi_spec {
	enum vhost_worker_mode mode;
	enum scsi_load load;
};

static bool needs_holder(const struct scsi_spec *spec)
{
	return spec->load == LOAD_STALLED_IO ||
	       spec->load == LOAD_EVENT_BEHIND_STALL ||
	       spec->load == LOAD_PLUG_AFTER_KILL;
}

static bool stalls_worker(const struct scsi_spec *spec)
{
	return spec->load == LOAD_STALLED_IO ||
	       spec->load == LOAD_EVENT_BEHIND_STALL;
}

/* A step of the owner failed: say why and tell the test. */
static __noreturn void owner_fail(int report_fd, const char *step, int err)
{
	struct vhost_owner_report r = { .status = OWNER_READY };

	vhost_owner_report(report_fd, &r, step, err);
}

/* Post @cdb, kick, wait for the answer and check it: 0 or -errno. */
static int scsi_exec(struct scsi_dev *d, unsigned int lun, const uint8_t *cdb,
		     unsigned int cdb_len, unsigned int out_len,
		     unsigned int in_len, struct scsi_slot **slot)
{
	struct scsi_slot *s;
	int ret;

	s = scsi_dev_cmd(d, lun, cdb, cdb_len, out_len, in_len);
	if (!s)
		return -ENOSPC;
	ret = scsi_dev_kick(d, SCSI_VQ_IO);
	if (!ret)
		ret = scsi_dev_wait(d, SCSI_VQ_IO, REQUEST_DEADLINE_MS);
	if (ret)
		return ret;
	if (slot)
		*slot = s;
	if (s->resp.cmd.response != VIRTIO_SCSI_S_OK || s->resp.cmd.status) {
		ksft_print_msg("cdb 0x%02x: response %u, status 0x%02x, sense key 0x%x\n",
			       cdb[0], s->resp.cmd.response, s->resp.cmd.status,
			       s->resp.cmd.sense[2] & 0xf);
		return -EIO;
	}
	return 0;
}

/* A new I_T nexus may start with a unit attention: try three times. */
static int scsi_test_unit_ready(struct scsi_dev *d, unsigned int lun)
{
	static const uint8_t tur[6];
	int i, ret = -EIO;

	for (i = 0; i < 3 && ret == -EIO; i++)
		ret = scsi_exec(d, lun, tur, sizeof(tur), 0, 0, NULL);
	return ret;
}

static int scsi_inquiry(struct scsi_dev *d)
{
	static const uint8_t inq[6] = { 0x12, 0, 0, 0, 96, 0 };
	struct scsi_slot *s;
	int ret;

	ret = scsi_exec(d, 0, inq, sizeof(inq), 0, 96, &s);
	if (ret)
		return ret;
	if (memcmp(s->data + 8, "LIO-ORG ", 8)) {
		ksft_print_msg("INQUIRY: vendor \"%.8s\", not LIO-ORG\n",
			       (char *)s->data + 8);
		return -EIO;
	}
	return 0;
}

/* WRITE(10) a pattern to block @lba, READ(10) it back and compare. */
static int scsi_write_read(struct scsi_dev *d, uint32_t lba)
{
	uint8_t cdb[10], pattern[SCSI_BLOCK];
	struct scsi_slot *s;
	unsigned int i;
	int ret;

	for (i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(i * 7 + lba);
	scsi_rw10(cdb, SCSI_WRITE_10, lba);
	s = scsi_dev_cmd(d, 0, cdb, sizeof(cdb), SCSI_BLOCK, 0);
	if (!s)
		return -ENOSPC;
	memcpy(s->data, pattern, sizeof(pattern));
	ret = scsi_dev_kick(d, SCSI_VQ_IO);
	if (!ret)
		ret = scsi_dev_wait(d, SCSI_VQ_IO, REQUEST_DEADLINE_MS);
	if (!ret && (s->resp.cmd.response || s->resp.cmd.status))
		ret = -EIO;
	if (ret)
		return ret;
	scsi_rw10(cdb, SCSI_READ_10, lba);
	ret = scsi_exec(d, 0, cdb, sizeof(cdb), 0, SCSI_BLOCK, &s);
	if (ret)
		return ret;
	if (memcmp(s->data, pattern, sizeof(pattern))) {
		ksft_print_msg("READ(10) of block %u: not what was written\n",
			       lba);
		return -EIO;
	}
	return 0;
}

static int scsi_lun_reset(struct scsi_dev *d)
{
	struct scsi_slot *s;
	int ret;

	s = scsi_dev_tmf(d, 0, VIRTIO_SCSI_T_TMF_LOGICAL_UNIT_RESET);
	if (!s)
		return -ENOSPC;
	ret = scsi_dev_kick(d, SCSI_VQ_CTL);
	if (!ret)
		ret = scsi_dev_wait(d, SCSI_VQ_CTL, REQUEST_DEADLINE_MS);
	if (ret)
		return ret;
	if (s->resp.tmf.response != VIRTIO_SCSI_S_FUNCTION_SUCCEEDED &&
	    s->resp.tmf.response != VIRTIO_SCSI_S_OK) {
		ksft_print_msg("LUN reset: response %u\n", s->resp.tmf.response);
		return -EIO;
	}
	return 0;
}

/* Wait until the device says that events were missed. */
static int wait_events_missed(struct scsi_dev *d)
{
	int64_t end = now_ms() + REQUEST_DEADLINE_MS;
	int ret;

	while ((ret = scsi_dev_events_missed(d)) == 0 && now_ms() < end)
		usleep(1000);
	return ret < 0 ? ret : ret ? 0 : -ETIMEDOUT;
}

/* Hot-plug and unplug LUN_PLUGGED while the event queue has no buffer. */
static int miss_events(struct scsi_dev *d)
{
	int ret = scsi_target_plug(LUN_PLUGGED);

	if (!ret)
		ret = scsi_target_unplug(LUN_PLUGGED);
	return ret ? ret : wait_events_missed(d);
}

/* An event the device wrote into buffer @s, as expected: 0 or -EIO. */
static int check_event(struct scsi_slot *s, uint32_t event, uint32_t reason,
		       int lun)
{
	struct virtio_scsi_event *e = &s->resp.evt;

	if (e->event == event && e->reason == reason &&
	    (lun < 0 || e->lun[3] == lun))
		return 0;
	ksft_print_msg("event 0x%x reason %u lun %u, expected 0x%x reason %u lun %d\n",
		       e->event, e->reason, e->lun[3], event, reason, lun);
	return -EIO;
}

/* The events a guest sees for a hot-plug, and for events it missed. */
static int scsi_events(struct scsi_dev *d)
{
	struct scsi_slot *s;
	int ret;

	s = scsi_dev_event_buf(d);
	if (!s)
		return -ENOSPC;
	ret = scsi_dev_kick(d, SCSI_VQ_EVT);
	if (!ret)
		ret = scsi_target_plug(LUN_PLUGGED);
	if (!ret)
		ret = scsi_dev_wait(d, SCSI_VQ_EVT, REQUEST_DEADLINE_MS);
	if (!ret)
		ret = check_event(s, VIRTIO_SCSI_T_TRANSPORT_RESET,
				  VIRTIO_SCSI_EVT_RESET_RESCAN, LUN_PLUGGED);
	if (!ret)
		ret = scsi_test_unit_ready(d, LUN_PLUGGED);
	/* No event buffer now: the unplug is missed. */
	if (!ret)
		ret = scsi_target_unplug(LUN_PLUGGED);
	if (!ret)
		ret = wait_events_missed(d);
	if (ret)
		return ret;
	s = scsi_dev_event_buf(d);
	if (!s)
		return -ENOSPC;
	ret = scsi_dev_kick(d, SCSI_VQ_EVT);
	if (!ret)
		ret = scsi_dev_wait(d, SCSI_VQ_EVT, REQUEST_DEADLINE_MS);
	if (!ret)
		ret = check_event(s, VIRTIO_SCSI_T_NO_EVENT |
				  VIRTIO_SCSI_T_EVENTS_MISSED, 0, -1);
	return ret;
}

static void owner_io_and_events(int report_fd, const void *arg)
{
	struct vhost_owner_report r = { .status = OWNER_READY };
	static struct scsi_dev d;
	int fd, ret;

	fd = vhost_open_owned(SCSI_DEV, VHOST_WORKER_TASK);
	if (fd < 0)
		owner_fail(report_fd, "own the device", fd);
	ret = scsi_dev_start(&d, fd);
	if (ret)
		owner_fail(report_fd, "set the endpoint", ret);
	ret = scsi_test_unit_ready(&d, 0);
	if (ret)
		owner_fail(report_fd, "TEST UNIT READY", ret);
	ret = scsi_inquiry(&d);
	if (ret)
		owner_fail(report_fd, "INQUIRY", ret);
	ret = scsi_write_read(&d, 7);
	if (ret)
		owner_fail(report_fd, "WRITE(10) and READ(10)", ret);
	ret = scsi_lun_reset(&d);
	if (ret)
		owner_fail(report_fd, "LUN reset", ret);
	ret = scsi_events(&d);
	if (ret)
		owner_fail(report_fd, "hot-plug events", ret);
	vhost_owner_report(report_fd, &r, NULL, 0);
}

/* The owner of a kill case: set up the load of @arg, then report. */
static void owner_kill(int report_fd, const void *arg)
{
	struct vhost_owner_report r = { .status = OWNER_READY };
	const struct scsi_spec *spec = arg;
	static struct uffd_stall stall;
	static struct scsi_dev d;
	int fd, ret;

	/*
	 * On a kernel that deadlocks here, this owner or its holder never
	 * exits: report through @report_fd only.
	 */
	leave_test_output(report_fd);
	fd = vhost_open_owned(SCSI_DEV, spec->mode);
	if (fd < 0)
		owner_fail(report_fd, "own the device", fd);
	ret = scsi_dev_start(&d, fd);
	if (ret)
		owner_fail(report_fd, "set the endpoint", ret);
	if (spec->load == LOAD_MISSED_EVENTS ||
	    spec->load == LOAD_EVENT_BEHIND_STALL) {
		ret = miss_events(&d);
		if (ret)
			owner_fail(report_fd, "miss events", ret);
	}
	if (spec->load != LOAD_IDLE && spec->load != LOAD_PLUG_AFTER_KILL &&
	    spec->load != LOAD_MISSED_EVENTS) {
		ret = scsi_dev_post_writes(&d, INFLIGHT);
		if (ret)
			owner_fail(report_fd, "post commands", ret);
	}
	if (needs_holder(spec)) {
		ret = uffd_stall_init(&stall, fd);
		if (ret)
			owner_fail(report_fd, "userfaultfd", ret);
		if (stalls_worker(spec))
			ret = uffd_stall_ioctl(&stall, VHOST_SET_VRING_CALL,
					       uffd_stall_arg(&stall, SCSI_VQ_IO),
					       SETUP_DEADLINE_MS / 2);
		else
			ret = uffd_stall_hold(&stall);
		if (stall.holder > 0)
			r.holder = stall.holder;
		if (ret)
			vhost_owner_report(report_fd, &r, "start the holder",
					   ret);
	}
	if (spec->load != LOAD_IDLE && spec->load != LOAD_PLUG_AFTER_KILL &&
	    spec->load != LOAD_MISSED_EVENTS) {
		ret = scsi_dev_kick(&d, SCSI_VQ_IO);
		if (ret)
			vhost_owner_report(report_fd, &r, "kick", ret);
	}
	if (spec->load == LOAD_TMF &&
	    (!scsi_dev_tmf(&d, 0, VIRTIO_SCSI_T_TMF_LOGICAL_UNIT_RESET) ||
	     scsi_dev_kick(&d, SCSI_VQ_CTL)))
		vhost_owner_report(report_fd, &r, "LUN reset", -EIO);
	if ((spec->load == LOAD_MISSED_EVENTS ||
	     spec->load == LOAD_EVENT_BEHIND_STALL) &&
	    (!scsi_dev_event_buf(&d) || scsi_dev_kick(&d, SCSI_VQ_EVT)))
		vhost_owner_report(report_fd, &r, "event kick", -EIO);
	vhost_owner_report(report_fd, &r, NULL, 0);
}

static int plug_and_unplug(unsigned int lun)
{
	int ret = scsi_target_plug(lun);

	return ret ? ret : scsi_target_unplug(lun);
}

/* What both fixtures set up: a target and a watch on kernel reports. */
struct scsi_env {
	struct kmsg_watch kmsg;
	struct vhost_owner owner;
	bool target;
};

static int env_setup(struct __test_metadata *_metadata, struct scsi_env *env,
		     const struct scsi_spec *spec, char *why, size_t len)
{
	int ret;

	vhost_owner_init(&env->owner);
	env->kmsg.fd = -1;
	env->target = false;
	if (vhost_probe_device(SCSI_DEV, spec->mode,
			       spec->mode == VHOST_WORKER_TASK, why, len) ||
	    (needs_holder(spec) && uffd_stall_probe(why, len)) ||
	    scsi_target_probe(why, len))
		return -EOPNOTSUPP;
	env->target = true;
	ret = scsi_target_run(scsi_target_create, 1, "create the target",
			      SCSI_CFS_DEADLINE_MS);
	if (ret) {
		snprintf(why, len, "create the target: %s", strerror(-ret));
		return ret;
	}
	/* Holders are the owner's children: make them ours once it dies. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		return -errno;
	ret = kmsg_watch_start(&env->kmsg);
	if (ret)
		TH_LOG("/dev/kmsg: %s: kernel reports are not checked",
		       strerror(-ret));
	scsi_target_kmsg_known(&env->kmsg);
	return 0;
}

static void env_teardown(struct __test_metadata *_metadata,
			 struct scsi_env *env)
{
	/* Whatever happened, leave no process and no target behind. */
	EXPECT_EQ(0, vhost_owner_end(&env->owner));
	if (env->target)
		EXPECT_EQ(0, scsi_target_run(scsi_target_destroy, 0,
					     "tear the target down",
					     SCSI_CFS_DEADLINE_MS));
	kmsg_watch_stop(&env->kmsg);
}

FIXTURE(vhost_scsi_target) {
	struct scsi_env env;
};

FIXTURE_SETUP(vhost_scsi_target)
{
	static const struct scsi_spec spec = { .load = LOAD_IDLE };
	char why[VHOST_REASON_LEN];
	int ret;

	ret = env_setup(_metadata, &self->env, &spec, why, sizeof(why));
	if (ret == -EOPNOTSUPP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ret) TH_LOG("%s", why);
}

FIXTURE_TEARDOWN(vhost_scsi_target)
{
	env_teardown(_metadata, &self->env);
}

TEST_F_TIMEOUT(vhost_scsi_target, io_and_events, TEST_TIMEOUT_S)
{
	struct vhost_owner *o = &self->env.owner;
	struct vhost_owner_report r;
	int ret;

	ret = vhost_owner_start(o, owner_io_and_events, NULL, &r);
	ASSERT_EQ(0, ret) TH_LOG("owner: %s", strerror(-ret));
	ASSERT_EQ(OWNER_READY, r.status)
		TH_LOG("owner: %s: %s", r.step, strerror(r.err));
	EXPECT_LE(0, kill_and_wait(o->pidfd, REAP_DEADLINE_MS));
	EXPECT_EQ(0, kmsg_watch_reports(&self->env.kmsg));
}

FIXTURE_VARIANT(vhost_scsi_kill) {
	struct scsi_spec spec;
};

FIXTURE(vhost_scsi_kill) {
	struct scsi_env env;
};

FIXTURE_VARIANT_ADD(vhost_scsi_kill, idle) {
	.spec = { .load = LOAD_IDLE },
};

FIXTURE_VARIANT_ADD(vhost_scsi_kill, idle_kthread) {
	.spec = { .mode = VHOST_WORKER_KTHREAD, .load = LOAD_IDLE },
};

FIXTURE_VARIANT_ADD(vhost_scsi_kill, commands_in_flight) {
	.spec = { .load = LOAD_IO },
};

FIXTURE_VARIANT_ADD(vhost_scsi_kill, lun_reset_in_flight) {
	.spec = { .load = LOAD_TMF },
};

FIXTURE_VARIANT_ADD(vhost_scsi_kill, missed_events_kick) {
	.spec = { .load = LOAD_MISSED_EVENTS },
};

FIXTURE_VARIANT_ADD(vhost_scsi_kill, stalled_io_holder) {
	.spec = { .load = LOAD_STALLED_IO },
};

/*
 * The two cases that deadlock an unpatched kernel for good come last, so
 * that the tasks they leave behind do not disturb the others.
 */
FIXTURE_VARIANT_ADD(vhost_scsi_kill, event_kick_behind_stall) {
	.spec = { .load = LOAD_EVENT_BEHIND_STALL },
};

FIXTURE_VARIANT_ADD(vhost_scsi_kill, hotplug_after_kill) {
	.spec = { .load = LOAD_PLUG_AFTER_KILL },
};

FIXTURE_SETUP(vhost_scsi_kill)
{
	char why[VHOST_REASON_LEN];
	int ret;

	ret = env_setup(_metadata, &self->env, &variant->spec, why,
			sizeof(why));
	if (ret == -EOPNOTSUPP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, ret) TH_LOG("%s", why);
}

FIXTURE_TEARDOWN(vhost_scsi_kill)
{
	env_teardown(_metadata, &self->env);
}

TEST_F_TIMEOUT(vhost_scsi_kill, owner_reaped, TEST_TIMEOUT_S)
{
	const struct scsi_spec *spec = &variant->spec;
	struct vhost_owner *o = &self->env.owner;
	int64_t times[ITERATIONS], start = now_ms();
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
		ret = vhost_owner_start(o, owner_kill, spec, &r);
		ASSERT_EQ(0, ret) TH_LOG("owner: %s", strerror(-ret));
		ASSERT_EQ(OWNER_READY, r.status)
			TH_LOG("owner setup: %s: %s", r.step, strerror(r.err));
		if (stalls_worker(spec))
			ASSERT_EQ(0, wait_worker_state(o->pid, "D",
						       REAP_DEADLINE_MS))
				TH_LOG("vhost-%d does not wait for the stalled I/O vq",
				       o->pid);

		killed_at = now_ms();
		t = kill_and_wait(o->pidfd, REAP_DEADLINE_MS);
		if (t < 0) {
			late++;
			vhost_owner_unwind(o, killed_at);
		} else {
			times[n++] = t;
		}
		if (!late && spec->load == LOAD_PLUG_AFTER_KILL) {
			ret = scsi_target_run(plug_and_unplug, LUN_PLUGGED,
					      "hot-plug after the kill",
					      SCSI_CFS_DEADLINE_MS);
			EXPECT_EQ(0, ret)
				TH_LOG("hot-plug with the device still open: %s",
				       strerror(-ret));
			if (ret)
				late++;
		}
		if (vhost_owner_end(o)) {
			late++;
			break;
		}
	}
	print_times("kill-to-reap of a vhost-scsi owner", times, n);
	EXPECT_EQ(0, late);
	EXPECT_EQ(0, kmsg_watch_reports(&self->env.kmsg));
}

TEST_HARNESS_MAIN
