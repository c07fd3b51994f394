// SPDX-License-Identifier: GPL-2.0
/*
 * A tap-backed /dev/vhost-net device, see net_dev.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <linux/if_tun.h>
#include <linux/vhost.h>

#include "net_dev.h"

/* A tap interface; the kernel picks the first free vhktapN. */
static int net_tap_open(void)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int tap, ret;

	tap = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (tap < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "vhktap%%d");
	if (ioctl(tap, TUNSETIFF, &ifr) < 0) {
		ret = -errno;
		close(tap);
		return ret;
	}
	return tap;
}

/*
 * Check that we can create a tap interface (it goes away when closed).
 * Returns 0, or -errno with the reason to skip in @why.
 */
int net_tap_probe(char *why, size_t len)
{
	int tap = net_tap_open();

	if (tap >= 0) {
		close(tap);
		return 0;
	}
	if (tap == -ENOENT || tap == -ENODEV || tap == -ENXIO)
		snprintf(why, len, "/dev/net/tun: %s (CONFIG_TUN)",
			 strerror(-tap));
	else if (tap == -EPERM || tap == -EACCES)
		snprintf(why, len, "creating a tap interface: %s (needs CAP_NET_ADMIN)",
			 strerror(-tap));
	else
		snprintf(why, len, "creating a tap interface: %s",
			 strerror(-tap));
	return tap;
}

/* Give the owned device @d->fd rings and a tap backend on both queues. */
int net_dev_start(struct net_dev *d)
{
	struct vhost_vring_file backend;
	unsigned int i;
	int ret;

	ret = vhost_rings_setup(d->fd, &d->rings, NET_NVQS);
	if (ret)
		return ret;
	d->tap = net_tap_open();
	if (d->tap < 0)
		return d->tap;
	for (i = 0; i < NET_NVQS; i++) {
		backend.index = i;
		backend.fd = d->tap;
		if (ioctl(d->fd, VHOST_NET_SET_BACKEND, &backend) < 0)
			return -errno;
	}
	return 0;
}
