/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A /dev/vhost-net device backed by a tap interface, started the way a VMM
 * starts it: rings (see vhost_rings.h) and the tap as the backend of both
 * virtqueues. A kick on a virtqueue then queues handle_tx_kick() or
 * handle_rx_kick() on the worker.
 */
#ifndef __SELFTESTS_VHOST_NET_DEV_H
#define __SELFTESTS_VHOST_NET_DEV_H

#include <stddef.h>

#include "vhost_rings.h"

#define NET_DEV		"/dev/vhost-net"
#define NET_NVQS	2
#define NET_VQ_RX	0
#define NET_VQ_TX	1

struct net_dev {
	int fd;			/* owned by the caller */
	int tap;
	struct vhost_rings rings;
};

int net_tap_probe(char *why, size_t len);
int net_dev_start(struct net_dev *d);

#endif /* __SELFTESTS_VHOST_NET_DEV_H */
