/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest side of vhost-net's TX path for the benchmarks: a tap-backed
 * /dev/vhost-net device, a packet buffer in its memory table, and rounds of
 * @batch packets put on the TX ring, kicked, and waited for until the device
 * has used them all. Every round runs handle_tx() on the worker, which holds
 * the TX vq->mutex while it sends the batch.
 */
#ifndef __BENCH_NET_TX_H
#define __BENCH_NET_TX_H

#include <stdint.h>
#include <linux/virtio_ring.h>

#include "bench.h"
#include "net_dev.h"

#define NET_TX_PKT_LEN	64

struct net_tx {
	struct net_dev dev;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	char *buf;
};

/* Own and start the device: 0, or -errno after saying what failed. */
int net_tx_setup(struct net_tx *t);
/* Rounds of @batch (1 to VHOST_RING_NUM) packets for @secs s: the count, or -1. */
long net_tx_run(struct net_tx *t, int secs, unsigned int batch);

#endif /* __BENCH_NET_TX_H */
