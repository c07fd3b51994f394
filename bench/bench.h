/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the benchmarks' guest programs share: their clock, their run
 * arguments and the host side of a vhost-vsock connection.
 */
#ifndef __BENCH_H
#define __BENCH_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/vm_sockets.h>

/* CLOCK_MONOTONIC in ns. */
static inline int64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * Seconds per run and runs: argv[1] and argv[2], else BENCH_SECONDS and
 * BENCH_RUNS from the environment (the kernel command line), else 5 and 5.
 */
static inline void bench_runs(int argc, char **argv, int *secs, int *runs)
{
	const char *env_secs = getenv("BENCH_SECONDS"), *env_runs = getenv("BENCH_RUNS");

	*secs = argc > 1 ? atoi(argv[1]) : env_secs ? atoi(env_secs) : 5;
	*runs = argc > 2 ? atoi(argv[2]) : env_runs ? atoi(env_runs) : 5;
}

/* A host-side AF_VSOCK stream listener on @port, any CID: its fd, or -errno. */
static inline int bench_vsock_listen(unsigned int port, int backlog)
{
	struct sockaddr_vm addr = {
		.svm_family = AF_VSOCK,
		.svm_cid = VMADDR_CID_ANY,
		.svm_port = port,
	};
	int s = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(s, backlog))
		return -errno;
	return s;
}

#endif /* __BENCH_H */
