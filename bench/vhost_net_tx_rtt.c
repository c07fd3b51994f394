// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: round trips of one packet through vhost-net's TX path.
 *
 * The program plays the guest of a tap-backed /dev/vhost-net device: it
 * puts one descriptor in the TX ring, kicks, and waits on the call eventfd
 * until the device has used it; again and again for a fixed time. Every
 * round runs handle_tx() on the worker, which takes the TX vq->mutex: the
 * uncontended lock path the series changes. Prints the rate of each of
 * several runs. (Rates, not per-round latencies: a TCG guest may fall back
 * to the jiffies clocksource, too coarse for single rounds.)
 *
 * Build (scripts/bench.sh does it): cc -O2 -Wall -static with
 * tools/testing/selftests/vhost/{vhost_util,vhost_rings,net_dev}.c
 * and bench/net_tx.c
 * Usage: vhost_net_tx_rtt [seconds-per-run [runs]]   (as root, in a guest)
 * Without arguments, BENCH_SECONDS and BENCH_RUNS from the environment (the
 * kernel command line), else 5 runs of 5 s.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "net_tx.h"

int main(int argc, char **argv)
{
	static struct net_tx t;
	int64_t start;
	long rounds;
	int i, secs, runs;

	bench_runs(argc, argv, &secs, &runs);
	if (net_tx_setup(&t))
		return 1;
	printf("vhost-net tx rtt: %d runs of %d s, %d-byte packets\n",
	       runs, secs, NET_TX_PKT_LEN);
	for (i = 0; i < runs; i++) {
		start = bench_now_ns();
		rounds = net_tx_run(&t, secs, 1);
		if (rounds < 0)
			return 1;
		printf("vhost-net tx rtt: rounds=%ld rate=%.1f/s\n",
		       rounds, rounds * 1e9 / (bench_now_ns() - start));
	}
	return 0;
}
