/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A /dev/vhost-vsock device driven from userspace the way a VMM does it, just
 * far enough for the host side to queue work on its vhost worker: rings in
 * anonymous memory, a guest CID, the device running, and host-side AF_VSOCK
 * connects to that CID (each one queues a packet and send_pkt_work; the RX
 * ring never has a buffer, so the packets stay queued). The guest side can
 * also send: a connection request to a host port, on the TX ring.
 */
#ifndef __SELFTESTS_VHOST_VSOCK_DEV_H
#define __SELFTESTS_VHOST_VSOCK_DEV_H

#include <stdint.h>

#include "vhost_rings.h"
#include "vhost_util.h"

#define VSOCK_DEV	"/dev/vhost-vsock"
#define VSOCK_NVQS	2
#define VSOCK_VQ_RX	0	/* host to guest */
#define VSOCK_VQ_TX	1

struct vsock_dev {
	int fd;
	uint64_t cid;
	struct vhost_rings rings;
};

int vsock_dev_open(struct vsock_dev *d, enum vhost_worker_mode mode);
int vsock_dev_start(struct vsock_dev *d);
void *vsock_poke_loop(void *arg);
int vsock_dev_request(struct vsock_dev *d, unsigned int port);

#endif /* __SELFTESTS_VHOST_VSOCK_DEV_H */
