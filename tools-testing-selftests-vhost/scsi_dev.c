// SPDX-License-Identifier: GPL-2.0
/*
 * A vhost-scsi device with an LIO target behind it, see scsi_dev.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/vhost.h>
#include <linux/virtio_config.h>

#include "scsi_dev.h"

#define CFS		"/sys/kernel/config"
#define TCM		CFS "/target"
#define HBA		TCM "/core/rd_mcp_4242"
#define WWPN		"naa.5001405c0ffee001"
#define NEXUS		"naa.5001405c0ffee002"
#define TPG		TCM "/vhost/" WWPN "/tpgt_1"
#define TPGT		1
/* A RAM disk of 32 pages per LUN is plenty for the blocks the tests use. */
#define RD_PAGES	"rd_pages=32"

static int cfs_write(const char *path, const char *val)
{
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int cfs_mkdir(const char *path)
{
	return mkdir(path, 0755) && errno != EEXIST ? -errno : 0;
}

static int cfs_rmdir(const char *path)
{
	return rmdir(path) && errno != ENOENT ? -errno : 0;
}

static void backstore_path(char *buf, size_t len, unsigned int lun)
{
	snprintf(buf, len, HBA "/vhost_selftest_%u", lun);
}

static void lun_path(char *buf, size_t len, unsigned int lun)
{
	snprintf(buf, len, TPG "/lun/lun_%u", lun);
}

/*
 * Can this machine set up a target? Needs root, configfs (mounted here if
 * it is not yet), the target core and the vhost fabric.
 */
int scsi_target_probe(char *why, size_t len)
{
	struct stat st;

	if (geteuid()) {
		snprintf(why, len, "configuring an LIO target needs root");
		return -EPERM;
	}
	if (stat(TCM, &st) && mount("configfs", CFS, "configfs", 0, NULL) &&
	    errno != EBUSY) {
		snprintf(why, len, "cannot mount configfs on %s: %s", CFS,
			 strerror(errno));
		return -ENOENT;
	}
	if (stat(TCM "/core", &st)) {
		snprintf(why, len, "no LIO target core in configfs (CONFIG_TARGET_CORE)");
		return -ENOENT;
	}
	if (cfs_mkdir(TCM "/vhost")) {
		snprintf(why, len, "no vhost fabric in the target core (CONFIG_VHOST_SCSI)");
		return -ENOENT;
	}
	return 0;
}

/*
 * A process that may sleep in the kernel for good must not keep the test's
 * output open: the kselftest runner reads it (stdout, stderr and the pipes
 * it passes above them) until every writer is gone. Send stdout and stderr
 * to /dev/null and close every other descriptor but @keep_fd (or all,
 * with -1).
 */
void leave_test_output(int keep_fd)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
	if (keep_fd < 0) {
		close_range(3, ~0U, 0);
		return;
	}
	if (keep_fd > 3)
		close_range(3, keep_fd - 1, 0);
	close_range(keep_fd + 1, ~0U, 0);
}

/*
 * Run @fn(@arg) in a child and wait for it at most @timeout_ms. A child
 * that does not finish sleeps in the kernel: show where, and leave it.
 * Returns what @fn returned (0 or -errno), or -ETIMEDOUT.
 */
int scsi_target_run(int (*fn)(unsigned int arg), unsigned int arg,
		    const char *what, int timeout_ms)
{
	siginfo_t info = {};
	int pidfd;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		leave_test_output(-1);
		_exit(-fn(arg) & 0xff);
	}
	pidfd = sys_pidfd_open(pid, 0);
	if (pidfd < 0)
		return -errno;
	if (wait_exit(pidfd, timeout_ms)) {
		ksft_print_msg("%s: still blocked after %d ms\n", what,
			       timeout_ms);
		dump_thread(what, pid, pid);
		kill(pid, SIGKILL);
		close(pidfd);
		return -ETIMEDOUT;
	}
	waitid(P_PIDFD, pidfd, &info, WEXITED);
	close(pidfd);
	if (info.si_code != CLD_EXITED)
		return -EINTR;
	return -info.si_status;
}

/* Link the backstore of @lun into the target port group: a hot-plug. */
int scsi_target_plug(unsigned int lun)
{
	char dir[256], link[300], dev[256];
	int ret;

	lun_path(dir, sizeof(dir), lun);
	backstore_path(dev, sizeof(dev), lun);
	snprintf(link, sizeof(link), "%s/disk", dir);
	ret = cfs_mkdir(dir);
	if (!ret && symlink(dev, link) && errno != EEXIST)
		ret = -errno;
	return ret;
}

/* Take @lun out of the target port group: a hot-unplug. */
int scsi_target_unplug(unsigned int lun)
{
	char dir[256], link[300];

	lun_path(dir, sizeof(dir), lun);
	snprintf(link, sizeof(link), "%s/disk", dir);
	if (unlink(link) && errno != ENOENT)
		return -errno;
	return cfs_rmdir(dir);
}

/*
 * Mark a kernel report that configfs gives with any target as known in @w.
 * Setting the endpoint takes a configfs inode lock under the TPG mutex;
 * linking a LUN takes the TPG mutex under another configfs inode's lock.
 * Lockdep puts all configfs inodes in one class and reports a cycle, but a
 * real one needs a path that takes the TPG mutex with the configfs root
 * inode locked, and none does. Any kernel, with or without the series,
 * reports it.
 */
void scsi_target_kmsg_known(struct kmsg_watch *w)
{
	w->known = "configfs_depend_item";
	w->known_why = "lockdep's configfs inode class, not a real cycle";
}

/*
 * RAM disk backstores for SCSI_LUNS LUNs, the vhost fabric's target port
 * group with LUNs 0 to @luns - 1 and the I_T nexus.
 */
int scsi_target_create(unsigned int luns)
{
	char dev[256], path[300];
	unsigned int lun;
	int ret;

	ret = cfs_mkdir(HBA);
	for (lun = 0; !ret && lun < SCSI_LUNS; lun++) {
		backstore_path(dev, sizeof(dev), lun);
		ret = cfs_mkdir(dev);
		snprintf(path, sizeof(path), "%s/control", dev);
		if (!ret)
			ret = cfs_write(path, RD_PAGES);
		snprintf(path, sizeof(path), "%s/enable", dev);
		if (!ret)
			ret = cfs_write(path, "1");
	}
	if (!ret)
		ret = cfs_mkdir(TCM "/vhost/" WWPN);
	if (!ret)
		ret = cfs_mkdir(TPG);
	for (lun = 0; !ret && lun < luns; lun++)
		ret = scsi_target_plug(lun);
	if (!ret)
		ret = cfs_write(TPG "/nexus", NEXUS);
	return ret;
}

/*
 * Undo scsi_target_create() and any hot-plug. Each step must succeed: a
 * device, command or event the kernel still holds makes one of them fail
 * with -EBUSY.
 */
int scsi_target_destroy(unsigned int unused)
{
	char dev[256];
	struct stat st;
	unsigned int lun;
	int ret = 0;

	for (lun = 0; !ret && lun < SCSI_LUNS; lun++)
		ret = scsi_target_unplug(lun);
	if (!ret && !stat(TPG "/nexus", &st)) {
		ret = cfs_write(TPG "/nexus", "NULL");
		/* No nexus (a failed create) is fine. */
		if (ret == -ENODEV)
			ret = 0;
	}
	if (!ret)
		ret = cfs_rmdir(TPG);
	if (!ret)
		ret = cfs_rmdir(TCM "/vhost/" WWPN);
	for (lun = 0; !ret && lun < SCSI_LUNS; lun++) {
		backstore_path(dev, sizeof(dev), lun);
		ret = cfs_rmdir(dev);
	}
	if (!ret)
		ret = cfs_rmdir(HBA);
	return ret;
}

/* Own features, rings and the endpoint: what a VMM does at boot. */
int scsi_dev_start(struct scsi_dev *d, int fd)
{
	struct vhost_scsi_target t = { .abi_version = VHOST_SCSI_ABI_VERSION };
	uint64_t features;
	int ret;

	memset(d, 0, sizeof(*d));
	d->fd = fd;
	if (ioctl(fd, VHOST_GET_FEATURES, &features) < 0)
		return -errno;
	features &= 1ULL << VIRTIO_F_VERSION_1 | 1ULL << VIRTIO_SCSI_F_HOTPLUG;
	if (ioctl(fd, VHOST_SET_FEATURES, &features) < 0)
		return -errno;
	ret = vhost_rings_setup(fd, &d->rings, SCSI_NVQS);
	if (ret)
		return ret;
	snprintf(t.vhost_wwpn, sizeof(t.vhost_wwpn), WWPN);
	t.vhost_tpgt = TPGT;
	return ioctl(fd, VHOST_SCSI_SET_ENDPOINT, &t) < 0 ? -errno : 0;
}

static struct scsi_slot *scsi_slot(struct scsi_dev *d)
{
	struct scsi_slot *s;

	if (d->slots_used >= VHOST_RINGS_DATA_PAGES)
		return NULL;
	s = (struct scsi_slot *)vhost_rings_data(&d->rings) + d->slots_used++;
	memset(s, 0, sizeof(*s));
	return s;
}

/* virtio-scsi single-level LUN addressing: target = the TPG's tag. */
static void scsi_lun(uint8_t *l, unsigned int lun)
{
	l[0] = 1;
	l[1] = TPGT;
	l[2] = 0x40 | lun >> 8;
	l[3] = lun & 0xff;
}

static struct scsi_slot *scsi_post(struct scsi_dev *d, unsigned int vq,
				   struct scsi_slot *s,
				   const struct vhost_ring_buf *bufs,
				   unsigned int n)
{
	if (vhost_rings_post_chain(&d->rings, vq, bufs, n))
		return NULL;
	d->posted[vq]++;
	return s;
}

/*
 * Post a command (not kicked): @cdb, then @out_len bytes from the slot's
 * data to the device, or @in_len bytes from the device into it.
 */
struct scsi_slot *scsi_dev_cmd(struct scsi_dev *d, unsigned int lun,
			       const uint8_t *cdb, unsigned int cdb_len,
			       unsigned int out_len, unsigned int in_len)
{
	struct scsi_slot *s = scsi_slot(d);
	struct vhost_ring_buf bufs[3];
	unsigned int n = 0;

	if (!s || cdb_len > sizeof(s->req.cmd.cdb) ||
	    out_len + in_len > sizeof(s->data) || (out_len && in_len))
		return NULL;
	scsi_lun(s->req.cmd.lun, lun);
	s->req.cmd.tag = ++d->tag;
	s->req.cmd.task_attr = VIRTIO_SCSI_S_SIMPLE;
	memcpy(s->req.cmd.cdb, cdb, cdb_len);
	bufs[n++] = (struct vhost_ring_buf){ &s->req.cmd, sizeof(s->req.cmd), 0 };
	if (out_len)
		bufs[n++] = (struct vhost_ring_buf){ s->data, out_len, 0 };
	bufs[n++] = (struct vhost_ring_buf){ &s->resp.cmd, sizeof(s->resp.cmd), 1 };
	if (in_len)
		bufs[n++] = (struct vhost_ring_buf){ s->data, in_len, 1 };
	return scsi_post(d, SCSI_VQ_IO, s, bufs, n);
}

/* A READ(10) or WRITE(10) CDB (@op) of one block at @lba. */
void scsi_rw10(uint8_t *cdb, uint8_t op, uint32_t lba)
{
	memset(cdb, 0, 10);
	cdb[0] = op;
	cdb[2] = lba >> 24;
	cdb[3] = lba >> 16;
	cdb[4] = lba >> 8;
	cdb[5] = lba;
	cdb[8] = 1;	/* one block */
}

/* Post @n WRITE(10) commands to blocks 0 to @n - 1 (not kicked). */
int scsi_dev_post_writes(struct scsi_dev *d, unsigned int n)
{
	uint8_t cdb[10];
	unsigned int i;

	for (i = 0; i < n; i++) {
		scsi_rw10(cdb, SCSI_WRITE_10, i);
		if (!scsi_dev_cmd(d, 0, cdb, sizeof(cdb), SCSI_BLOCK, 0))
			return -ENOSPC;
	}
	return 0;
}

/* Post a task management function on the control queue (not kicked). */
struct scsi_slot *scsi_dev_tmf(struct scsi_dev *d, unsigned int lun,
			       uint32_t subtype)
{
	struct scsi_slot *s = scsi_slot(d);
	struct vhost_ring_buf bufs[2];

	if (!s)
		return NULL;
	s->req.tmf.type = VIRTIO_SCSI_T_TMF;
	s->req.tmf.subtype = subtype;
	scsi_lun(s->req.tmf.lun, lun);
	s->req.tmf.tag = ++d->tag;
	bufs[0] = (struct vhost_ring_buf){ &s->req.tmf, sizeof(s->req.tmf), 0 };
	bufs[1] = (struct vhost_ring_buf){ &s->resp.tmf, sizeof(s->resp.tmf), 1 };
	return scsi_post(d, SCSI_VQ_CTL, s, bufs, 2);
}

/* Give the device a buffer for one event (not kicked). */
struct scsi_slot *scsi_dev_event_buf(struct scsi_dev *d)
{
	struct scsi_slot *s = scsi_slot(d);
	struct vhost_ring_buf buf;

	if (!s)
		return NULL;
	buf = (struct vhost_ring_buf){ &s->resp.evt, sizeof(s->resp.evt), 1 };
	return scsi_post(d, SCSI_VQ_EVT, s, &buf, 1);
}

int scsi_dev_kick(struct scsi_dev *d, unsigned int vq)
{
	return vhost_rings_kick(&d->rings, vq);
}

/* Wait until the device has returned every buffer posted on @vq. */
int scsi_dev_wait(struct scsi_dev *d, unsigned int vq, int timeout_ms)
{
	return vhost_rings_wait_used(&d->rings, vq, d->posted[vq], timeout_ms);
}

/* The device's "events missed" flag: 0, 1 or -errno. */
int scsi_dev_events_missed(struct scsi_dev *d)
{
	__u32 missed;

	if (ioctl(d->fd, VHOST_SCSI_GET_EVENTS_MISSED, &missed) < 0)
		return -errno;
	return !!missed;
}
