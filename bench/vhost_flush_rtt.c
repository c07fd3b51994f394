// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: round trips of a device flush with an idle worker.
 *
 * vhost-vsock follows every ioctl that vhost_dev_ioctl() handles with
 * vhost_dev_flush(), even when the ioctl fails: a VHOST_SET_MEM_TABLE with
 * a NULL table fails at once with EFAULT and then flushes. Each call queues
 * a flush work on the worker, wakes it, and waits for the completion: the
 * path the series changes for flushes (the killed gate, the flush lockdep
 * map, which is compiled out without lockdep). Prints the rate of each of
 * several runs, as bench-sample lines for vhost-harness bench-json.
 *
 * Build (scripts/bench.sh does it): cc -O2 -Wall -static with
 * tools/testing/selftests/vhost/{vhost_util,vhost_rings,vsock_dev}.c.
 * Usage: vhost_flush_rtt [seconds-per-run [runs]]   (as root, in a guest)
 * Without arguments, BENCH_SECONDS and BENCH_RUNS from the environment (the
 * kernel command line), else 5 runs of 5 s.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/vhost.h>

#include "bench.h"
#include "vsock_dev.h"

static long run(int fd, int secs)
{
	int64_t end = bench_now_ns() + secs * 1000000000LL;
	long rounds = 0;

	while (bench_now_ns() < end) {
		if (ioctl(fd, VHOST_SET_MEM_TABLE, NULL) == 0 ||
		    errno != EFAULT) {
			fprintf(stderr, "VHOST_SET_MEM_TABLE(NULL): %s\n",
				strerror(errno));
			return -1;
		}
		rounds++;
	}
	return rounds;
}

int main(int argc, char **argv)
{
	static struct vsock_dev d;
	int64_t start;
	long rounds;
	int i, ret, secs, runs;

	bench_runs(argc, argv, &secs, &runs);
	ret = vsock_dev_open(&d, VHOST_WORKER_TASK);
	if (!ret)
		ret = vsock_dev_start(&d);
	if (ret) {
		fprintf(stderr, "vhost-vsock setup failed: %s\n", strerror(-ret));
		return 1;
	}
	printf("vhost-vsock flush rtt: %d runs of %d s, idle worker\n", runs,
	       secs);
	for (i = 0; i < runs; i++) {
		start = bench_now_ns();
		rounds = run(d.fd, secs);
		if (rounds < 0)
			return 1;
		printf("bench-sample: measure=vhost-vsock-flush-rtt value=%.1f unit=1/s\n",
		       rounds * 1e9 / (bench_now_ns() - start));
	}
	return 0;
}
