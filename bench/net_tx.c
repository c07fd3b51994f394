// SPDX-License-Identifier: GPL-2.0
/*
 * The guest side of vhost-net's TX path for the benchmarks, see net_tx.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/vhost.h>

#include "net_tx.h"
#include "vhost_util.h"

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

int net_tx_setup(struct net_tx *t)
{
	char *ring;
	int ret;

	memset(t, 0, sizeof(*t));
	t->dev.fd = vhost_open_owned(NET_DEV, VHOST_WORKER_TASK);
	if (t->dev.fd < 0) {
		fprintf(stderr, "%s: %s\n", NET_DEV, strerror(-t->dev.fd));
		return t->dev.fd;
	}
	ret = net_dev_start(&t->dev);
	t->buf = mmap(NULL, VHOST_RING_PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (!ret && t->buf == MAP_FAILED)
		ret = -errno;
	if (!ret)
		ret = add_data_region(t->dev.fd, &t->dev.rings, t->buf);
	if (ret) {
		fprintf(stderr, "vhost-net setup failed: %s\n", strerror(-ret));
		return ret;
	}
	ring = (char *)t->dev.rings.mem + NET_VQ_TX * 3 * VHOST_RING_PAGE;
	t->desc = (struct vring_desc *)ring;
	t->avail = (struct vring_avail *)(ring + VHOST_RING_PAGE);
	t->used = (struct vring_used *)(ring + 2 * VHOST_RING_PAGE);
	return 0;
}

static int wait_used(struct net_tx *t, uint16_t want)
{
	struct pollfd pfd = { .fd = t->dev.rings.call[NET_VQ_TX], .events = POLLIN };
	uint64_t n;

	while (__atomic_load_n(&t->used->idx, __ATOMIC_ACQUIRE) != want) {
		if (poll(&pfd, 1, 1000) <= 0)
			return -ETIMEDOUT;
		if (read(pfd.fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
			return -errno;
	}
	return 0;
}

long net_tx_run(struct net_tx *t, int secs, unsigned int batch)
{
	int64_t end = bench_now_ns() + secs * 1000000000LL;
	uint16_t idx = t->avail->idx;
	long rounds = 0;
	unsigned int i;

	if (!batch || batch > VHOST_RING_NUM)
		return -1;
	for (i = 0; i < batch; i++) {
		t->desc[i].addr = (uintptr_t)t->buf;
		t->desc[i].len = NET_TX_PKT_LEN;
		t->desc[i].flags = 0;
	}
	while (bench_now_ns() < end) {
		for (i = 0; i < batch; i++)
			t->avail->ring[(uint16_t)(idx + i) % VHOST_RING_NUM] = i;
		idx += batch;
		__atomic_store_n(&t->avail->idx, idx, __ATOMIC_RELEASE);
		if (vhost_rings_kick(&t->dev.rings, NET_VQ_TX) ||
		    wait_used(t, idx)) {
			fprintf(stderr, "round %ld: no used entry\n", rounds);
			return -1;
		}
		rounds++;
	}
	return rounds;
}
