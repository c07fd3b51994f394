/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A /dev/vhost-net device backed by a tap interface, started the way a VMM
 * starts it: rings (see vhost_rings.h) and the tap as the backend of both
 * virtqueues. A kick on a virtqueue then queues handle_tx_kick() or
 * handle_rx_kick() on the worker.
 */
#ifndef __SELFTESTS_VHOST_NET_DEV_H
#define __SELFTESTS_VHOST_NET_DEV_H

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <linux/if_tun.h>
#include <linux/vhost.h>

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

/* Give the owned device @d->fd rings and a tap backend on both queues. */
static inline int net_dev_start(struct net_dev *d)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	struct vhost_vring_file backend;
	unsigned int i;
	int ret;

	ret = vhost_rings_setup(d->fd, &d->rings, NET_NVQS);
	if (ret)
		return ret;
	d->tap = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (d->tap < 0)
		return -errno;
	/* The kernel picks the first free vhktapN. */
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "vhktap%%d");
	if (ioctl(d->tap, TUNSETIFF, &ifr) < 0)
		return -errno;
	for (i = 0; i < NET_NVQS; i++) {
		backend.index = i;
		backend.fd = d->tap;
		if (ioctl(d->fd, VHOST_NET_SET_BACKEND, &backend) < 0)
			return -errno;
	}
	return 0;
}

#endif /* __SELFTESTS_VHOST_NET_DEV_H */
