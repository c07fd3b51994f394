// SPDX-License-Identifier: GPL-2.0
/*
 * Measurement (not a test): how long legitimate holders keep a vq->mutex.
 *
 * The kill handler gives up on a busy vq->mutex after a budget (patch 2 of
 * the series); the budget should be longer than any legitimate hold. This
 * program drives each load for HOLD_SECONDS (default 10) and reads the
 * kernel's lock statistics (CONFIG_LOCK_STAT, /proc/lock_stat) of the class
 * &vq->mutex (all its subclasses), cleared before each load:
 *
 *   net          vhost-net TX: rounds of a full ring (VHOST_RING_NUM packets)
 *                per kick, so one handle_tx() run sends a whole ring
 *   vsock        vhost-vsock: connection requests on the TX ring to a
 *                listening host port, host-side connects to the device's
 *                CID, and vring ioctls on both virtqueues
 *   scsi-ioctls  vhost-scsi without a target: vring ioctls, and extra
 *                workers created, attached and freed
 *   all          the three at once
 *
 * For each load it prints one line:
 *   hold-times: LOAD acquisitions=N holdtime-max-us=X holdtime-avg-us=Y
 * (microseconds, as /proc/lock_stat gives them). vhost-scsi with a target
 * is not among the loads: setting its endpoint makes lockdep report the
 * configfs inode class (a false positive, see vhost_scsi_target.c), and
 * lockdep, and with it the lock statistics, turns itself off.
 *
 * Build (scripts/hold-times.sh does it): cc -O2 -Wall -static with
 * tools/testing/selftests/vhost/{vhost_util,vhost_rings,net_dev,vsock_dev}.c
 * and bench/net_tx.c. Run as root in a guest whose kernel has
 * CONFIG_LOCK_STAT=y.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/vhost.h>
#include <linux/vm_sockets.h>

#include "net_tx.h"
#include "vhost_util.h"
#include "vsock_dev.h"

#define LOCK_STAT	"/proc/lock_stat"
#define VQ_MUTEX	"&vq->mutex"
#define VSOCK_PORT	4321
#define SCSI_DEV	"/dev/vhost-scsi"
#define SCSI_NVQS	3

static int64_t deadline_ns;

static int running(void)
{
	return bench_now_ns() < deadline_ns;
}

static int load_net(void)
{
	static struct net_tx t;
	long rounds;

	if (net_tx_setup(&t))
		return 1;
	rounds = net_tx_run(&t, (deadline_ns - bench_now_ns()) / 1000000000LL,
			    VHOST_RING_NUM);
	printf("hold-times: net load: %ld rounds of %d packets\n", rounds,
	       VHOST_RING_NUM);
	return rounds < 0;
}

/* SET_VRING_CALL with the call eventfd it has: takes the vq->mutex. */
static int vring_call_again(int fd, struct vhost_rings *r, unsigned int vq)
{
	struct vhost_vring_file f = { .index = vq, .fd = r->call[vq] };

	return ioctl(fd, VHOST_SET_VRING_CALL, &f) < 0 ? -errno : 0;
}

static int host_connect(uint64_t cid)
{
	struct sockaddr_vm addr = {
		.svm_family = AF_VSOCK,
		.svm_cid = (unsigned int)cid,
		.svm_port = 1234,
	};
	int s = socket(AF_VSOCK, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (s < 0)
		return -errno;
	connect(s, (struct sockaddr *)&addr, sizeof(addr));
	close(s);
	return 0;
}

static int load_vsock(void)
{
	static struct vsock_dev d;
	unsigned int sent = 0;
	int l, ret;

	l = bench_vsock_listen(VSOCK_PORT, 1024);
	ret = l < 0 ? l : vsock_dev_open(&d, VHOST_WORKER_TASK);
	if (!ret)
		ret = vsock_dev_start(&d);
	while (!ret && running()) {
		ret = vsock_dev_request(&d, VSOCK_PORT);
		if (!ret)
			ret = vhost_rings_wait_used(&d.rings, VSOCK_VQ_TX,
						    ++sent, 1000);
		if (!ret)
			ret = host_connect(d.cid);
		if (!ret)
			ret = vring_call_again(d.fd, &d.rings, VSOCK_VQ_RX);
		if (!ret)
			ret = vring_call_again(d.fd, &d.rings, VSOCK_VQ_TX);
	}
	if (ret)
		fprintf(stderr, "vsock load: %s\n", strerror(-ret));
	return !!ret;
}

static int load_scsi_ioctls(void)
{
	static struct vhost_rings r;
	int fd, ret;

	fd = vhost_open_owned(SCSI_DEV, VHOST_WORKER_TASK);
	ret = fd < 0 ? fd : vhost_rings_setup(fd, &r, SCSI_NVQS);
	while (!ret && running()) {
		struct vhost_worker_state w = {};
		struct vhost_vring_worker a = { .index = SCSI_NVQS - 1 };
		unsigned int vq;

		for (vq = 0; !ret && vq < SCSI_NVQS; vq++)
			ret = vring_call_again(fd, &r, vq);
		if (ret)
			break;
		if (ioctl(fd, VHOST_NEW_WORKER, &w) < 0)
			ret = -errno;
		a.worker_id = w.worker_id;
		if (!ret && ioctl(fd, VHOST_ATTACH_VRING_WORKER, &a) < 0)
			ret = -errno;
		a.worker_id = 0;
		if (!ret && ioctl(fd, VHOST_ATTACH_VRING_WORKER, &a) < 0)
			ret = -errno;
		if (!ret && ioctl(fd, VHOST_FREE_WORKER, &w) < 0)
			ret = -errno;
	}
	if (ret)
		fprintf(stderr, "vhost-scsi ioctl load: %s\n", strerror(-ret));
	return !!ret;
}

struct load {
	const char *name;
	int (*fn[3])(void);
};

static const struct load loads[] = {
	{ "net", { load_net } },
	{ "vsock", { load_vsock } },
	{ "scsi-ioctls", { load_scsi_ioctls } },
	{ "all", { load_net, load_vsock, load_scsi_ioctls } },
};

static int lock_stat_clear(void)
{
	FILE *f = fopen(LOCK_STAT, "w");
	int ret;

	if (!f)
		return -errno;
	ret = fputs("0\n", f) < 0 ? -EIO : 0;
	return fclose(f) || ret ? -EIO : 0;
}

/*
 * Print what /proc/lock_stat says of &vq->mutex for @load: every line of the
 * class, as subclasses ("/1": vhost-net takes its vq mutexes nested) count
 * apart. Returns 0, or -1.
 */
static int lock_stat_report(const char *load)
{
	double v[12], acquisitions = 0, total = 0, max = 0;
	char line[512], name[64];
	int found = 0;
	FILE *f = fopen(LOCK_STAT, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "lock debugging disabled")) {
			fprintf(stderr, "hold-times: %s: lockdep turned itself off\n",
				load);
			found = 0;
			break;
		}
		/* name: con-bounces, contentions, 4 wait times, acq-bounces,
		 * acquisitions, holdtime min, max, total, avg */
		if (sscanf(line, " %63[^:]: %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf",
			   name, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
			   &v[6], &v[7], &v[8], &v[9], &v[10], &v[11]) != 13 ||
		    strncmp(name, VQ_MUTEX, strlen(VQ_MUTEX)))
			continue;
		acquisitions += v[7];
		total += v[10];
		if (v[9] > max)
			max = v[9];
		found++;
	}
	fclose(f);
	if (!found) {
		fprintf(stderr, "hold-times: %s: no %s line in %s\n", load,
			VQ_MUTEX, LOCK_STAT);
		return -1;
	}
	printf("hold-times: %s acquisitions=%.0f holdtime-max-us=%.2f holdtime-avg-us=%.2f\n",
	       load, acquisitions, max, acquisitions ? total / acquisitions : 0);
	return 0;
}

static int run_load(const struct load *l, int secs)
{
	pid_t pids[3];
	int i, n = 0, status, failed = 0;

	if (lock_stat_clear()) {
		fprintf(stderr, "hold-times: cannot clear %s\n", LOCK_STAT);
		return -1;
	}
	deadline_ns = bench_now_ns() + secs * 1000000000LL;
	fflush(stdout);
	for (i = 0; i < 3 && l->fn[i]; i++) {
		pids[n] = fork();
		if (pids[n] < 0)
			break;
		if (!pids[n]) {
			int rc = l->fn[i]();

			fflush(NULL);
			_exit(rc);
		}
		n++;
	}
	for (i = 0; i < n; i++)
		if (waitpid(pids[i], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			failed = 1;
	if (failed || n == 0) {
		fprintf(stderr, "hold-times: %s: a load failed\n", l->name);
		return -1;
	}
	return lock_stat_report(l->name);
}

int main(int argc, char **argv)
{
	const char *env = getenv("HOLD_SECONDS");
	int secs = argc > 1 ? atoi(argv[1]) : env ? atoi(env) : 10;
	unsigned int i;
	int ret = 0;

	if (access(LOCK_STAT, R_OK)) {
		printf("hold-times: %s: %s (needs CONFIG_LOCK_STAT)\n",
		       LOCK_STAT, strerror(errno));
		return 4;
	}
	signal(SIGPIPE, SIG_IGN);
	printf("hold-times: %d s per load, class %s of %s\n", secs, VQ_MUTEX,
	       LOCK_STAT);
	fflush(stdout);
	for (i = 0; i < sizeof(loads) / sizeof(loads[0]); i++)
		if (run_load(&loads[i], secs))
			ret = 1;
	return ret;
}
