// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: kill-to-reap latency of a vhost-vsock owner, BENCH_KILLS kills
 * per case (default 100): idle, under host-to-guest traffic (connects that
 * queue send_pkt_work), and with a stalled vq->mutex holder (a CLONE_VM
 * child in VHOST_SET_VRING_CALL on the TX queue, stalled on a userfaultfd
 * page); each with a vhost_task and with a kthread worker.
 *
 * One line per kill, for vhost-harness bench-json:
 *   bench-sample: measure=kill-CASE-MODE value=MS unit=ms
 * A kill whose owner is not reaped within REAP_DEADLINE_MS (the unpatched
 * kernel with a stalled holder) has no latency: it is reported, unwound by
 * killing the holder, and ends its case.
 *
 * Build (scripts/bench.sh does it): cc -O2 -Wall -static with
 * tools/testing/selftests/vhost/{vhost_util,vhost_rings,vsock_dev,
 * uffd_stall}.c. Run as root, in a guest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <linux/vhost.h>

#include "uffd_stall.h"
#include "vhost_util.h"
#include "vsock_dev.h"

enum load { LOAD_IDLE, LOAD_TRAFFIC, LOAD_STALL };

static const char *const load_name[] = { "idle", "traffic", "stalled-holder" };

struct spec {
	enum vhost_worker_mode mode;
	enum load load;
};

static void owner_main(int report_fd, const void *arg)
{
	struct vhost_owner_report r = { .status = OWNER_READY };
	const struct spec *spec = arg;
	static struct uffd_stall stall;
	static struct vsock_dev vsock;
	pthread_t t;
	int ret;

	ret = vsock_dev_open(&vsock, spec->mode);
	if (ret)
		vhost_owner_report(report_fd, &r, "own the device", ret);
	ret = vsock_dev_start(&vsock);
	if (ret)
		vhost_owner_report(report_fd, &r, "start the device", ret);
	if (spec->load == LOAD_TRAFFIC) {
		ret = -pthread_create(&t, NULL, vsock_poke_loop, &vsock.cid);
		if (ret)
			vhost_owner_report(report_fd, &r, "traffic", ret);
		usleep(10000);
	}
	if (spec->load == LOAD_STALL) {
		ret = uffd_stall_init(&stall, vsock.fd);
		if (!ret)
			ret = uffd_stall_ioctl(&stall, VHOST_SET_VRING_CALL,
					       uffd_stall_arg(&stall, VSOCK_VQ_TX),
					       SETUP_DEADLINE_MS / 2);
		if (stall.holder > 0)
			r.holder = stall.holder;
		if (ret)
			vhost_owner_report(report_fd, &r, "stall", ret);
	}
	vhost_owner_report(report_fd, &r, NULL, 0);
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/*
 * One kill: the latency in ms; -ETIMEDOUT when the owner was not reaped
 * within REAP_DEADLINE_MS (vhost_owner_end() then unwinds it by killing the
 * holder), another negative errno when the setup failed.
 */
static double one_kill(const struct spec *spec)
{
	struct vhost_owner_report r;
	struct vhost_owner o;
	double start, ms;
	int ret;

	ret = vhost_owner_start(&o, owner_main, spec, &r);
	if (ret || r.status != OWNER_READY) {
		fprintf(stderr, "owner: %s: %s\n", ret ? "start" : r.step,
			strerror(ret ? -ret : r.err));
		vhost_owner_end(&o);
		return ret ? ret : -r.err;
	}
	start = now_us();
	ms = kill_and_wait(o.pidfd, REAP_DEADLINE_MS) < 0 ? -ETIMEDOUT :
	     (now_us() - start) / 1e3;
	vhost_owner_end(&o);
	return ms;
}

int main(void)
{
	const char *env = getenv("BENCH_KILLS");
	int kills = env && *env ? atoi(env) : 100;
	enum vhost_worker_mode mode;
	char why[VHOST_REASON_LEN];
	enum load load;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Holders are the owners' children: reap them once their owner died. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	if (uffd_stall_probe(why, sizeof(why)))
		printf("vhost kill latency: no stalled-holder case: %s\n", why);
	printf("vhost kill latency: %d kills per case\n", kills);
	for (mode = VHOST_WORKER_TASK; mode <= VHOST_WORKER_KTHREAD; mode++) {
		const char *m = mode == VHOST_WORKER_TASK ? "task" : "kthread";

		if (vhost_probe_device(VSOCK_DEV, mode, mode == VHOST_WORKER_TASK,
				       why, sizeof(why))) {
			printf("vhost kill latency: no %s worker: %s\n", m, why);
			continue;
		}
		for (load = LOAD_IDLE; load <= LOAD_STALL; load++) {
			struct spec spec = { .mode = mode, .load = load };

			if (load == LOAD_STALL && uffd_stall_probe(why, sizeof(why)))
				continue;
			for (i = 0; i < kills; i++) {
				double ms = one_kill(&spec);

				/* Not reaped: no latency to give; stop the case. */
				if (ms == -ETIMEDOUT)
					printf("vhost kill latency: kill-%s-%s: not reaped within %d ms, case stopped\n",
					       load_name[load], m, REAP_DEADLINE_MS);
				if (ms < 0)
					break;
				printf("bench-sample: measure=kill-%s-%s value=%.3f unit=ms\n",
				       load_name[load], m, ms);
			}
		}
	}
	return 0;
}
