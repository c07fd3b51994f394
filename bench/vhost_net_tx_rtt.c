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
 * Usage: vhost_net_tx_rtt [seconds-per-run [runs]]   (as root, in a guest)
 * Without arguments, BENCH_SECONDS and BENCH_RUNS from the environment (the
 * kernel command line), else 5 runs of 5 s.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/vhost.h>
#include <linux/virtio_ring.h>

#include "net_dev.h"
#include "vhost_rings.h"
#include "vhost_util.h"

#define PKT_LEN		64

struct tx_ring {
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	char *buf;
};

/* Map a packet buffer too: descriptors carry guest-physical addresses. */
static int add_data_region(int fd, struct vhost_rings *r, char *buf)
{
	struct {
		struct vhost_memory mem;
		struct vhost_memory_region region[2];
	} table;

	memset(&table, 0, sizeof(table));
	table.mem.nregions = 2;
	table.region[0].guest_phys_addr = (uintptr_t)r->mem;
	table.region[0].memory_size = VHOST_RINGS_LEN;
	table.region[0].userspace_addr = (uintptr_t)r->mem;
	table.region[1].guest_phys_addr = (uintptr_t)buf;
	table.region[1].memory_size = VHOST_RING_PAGE;
	table.region[1].userspace_addr = (uintptr_t)buf;
	return ioctl(fd, VHOST_SET_MEM_TABLE, &table) < 0 ? -errno : 0;
}

static int wait_used(struct net_dev *d, struct tx_ring *t, uint16_t want)
{
	struct pollfd pfd = { .fd = d->rings.call[NET_VQ_TX], .events = POLLIN };
	uint64_t n;

	while (__atomic_load_n(&t->used->idx, __ATOMIC_ACQUIRE) != want) {
		if (poll(&pfd, 1, 1000) <= 0)
			return -ETIMEDOUT;
		if (read(pfd.fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
			return -errno;
	}
	return 0;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int run(struct net_dev *d, struct tx_ring *t, int secs)
{
	int64_t start = now_ns(), end = start + secs * 1000000000LL;
	uint16_t idx = t->avail->idx;
	long rounds = 0;

	t->desc[0].addr = (uintptr_t)t->buf;
	t->desc[0].len = PKT_LEN;
	t->desc[0].flags = 0;
	while (now_ns() < end) {
		t->avail->ring[idx % VHOST_RING_NUM] = 0;
		__atomic_store_n(&t->avail->idx, ++idx, __ATOMIC_RELEASE);
		if (vhost_rings_kick(&d->rings, NET_VQ_TX) ||
		    wait_used(d, t, idx)) {
			fprintf(stderr, "round %ld: no used entry\n", rounds);
			return -1;
		}
		rounds++;
	}
	printf("vhost-net tx rtt: rounds=%ld rate=%.1f/s\n",
	       rounds, rounds * 1e9 / (now_ns() - start));
	return 0;
}

int main(int argc, char **argv)
{
	const char *env_secs = getenv("BENCH_SECONDS"), *env_runs = getenv("BENCH_RUNS");
	int secs = argc > 1 ? atoi(argv[1]) : env_secs ? atoi(env_secs) : 5;
	int runs = argc > 2 ? atoi(argv[2]) : env_runs ? atoi(env_runs) : 5;
	static struct net_dev d;
	struct tx_ring t;
	char *ring;
	int i, ret;

	d.fd = vhost_open_owned(NET_DEV, VHOST_WORKER_TASK);
	if (d.fd < 0) {
		fprintf(stderr, "%s: %s\n", NET_DEV, strerror(-d.fd));
		return 1;
	}
	ret = net_dev_start(&d);
	t.buf = mmap(NULL, VHOST_RING_PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (ret || t.buf == MAP_FAILED ||
	    add_data_region(d.fd, &d.rings, t.buf)) {
		fprintf(stderr, "vhost-net setup failed: %s\n", strerror(-ret));
		return 1;
	}
	ring = (char *)d.rings.mem + NET_VQ_TX * 3 * VHOST_RING_PAGE;
	t.desc = (struct vring_desc *)ring;
	t.avail = (struct vring_avail *)(ring + VHOST_RING_PAGE);
	t.used = (struct vring_used *)(ring + 2 * VHOST_RING_PAGE);
	printf("vhost-net tx rtt: %d runs of %d s, %d-byte packets\n",
	       runs, secs, PKT_LEN);
	for (i = 0; i < runs; i++)
		if (run(&d, &t, secs))
			return 1;
	return 0;
}
