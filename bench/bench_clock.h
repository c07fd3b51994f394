/* SPDX-License-Identifier: GPL-2.0 */
/* The benchmarks' clock: CLOCK_MONOTONIC in ns. */
#ifndef __BENCH_CLOCK_H
#define __BENCH_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline int64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#endif /* __BENCH_CLOCK_H */
