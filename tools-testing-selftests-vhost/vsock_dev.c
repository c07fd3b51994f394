// SPDX-License-Identifier: GPL-2.0
/*
 * A /dev/vhost-vsock device with host to guest traffic, see vsock_dev.h.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/vhost.h>
#include <linux/virtio_vsock.h>
#include <linux/vm_sockets.h>

#include "vsock_dev.h"

/* A CID no other test process uses at the same time. */
static uint64_t vsock_test_cid(void)
{
	return 0x10000 + getpid();
}

/* Open the device and become its owner (creates the vhost worker). */
int vsock_dev_open(struct vsock_dev *d, enum vhost_worker_mode mode)
{
	memset(d, 0, sizeof(*d));
	d->fd = vhost_open_owned(VSOCK_DEV, mode);
	return d->fd < 0 ? d->fd : 0;
}

/*
 * One host-to-guest connection attempt: the REQUEST packet (and the RST on
 * close) are queued for the guest and send_pkt_work is queued on the worker.
 * Returns the connect() error: -EINPROGRESS when the packet was queued.
 */
static int vsock_poke(uint64_t cid)
{
	struct sockaddr_vm addr = {
		.svm_family = AF_VSOCK,
		.svm_cid = (unsigned int)cid,
		.svm_port = 1234,
	};
	int s, ret;

	s = socket(AF_VSOCK, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	ret = connect(s, (struct sockaddr *)&addr, sizeof(addr));
	ret = ret < 0 ? -errno : 0;
	close(s);
	return ret;
}

/* Give the device rings and a CID and start it, as a VMM does at boot. */
int vsock_dev_start(struct vsock_dev *d)
{
	int running = 1;
	int ret;

	ret = vhost_rings_setup(d->fd, &d->rings, VSOCK_NVQS);
	if (ret)
		return ret;
	d->cid = vsock_test_cid();
	if (ioctl(d->fd, VHOST_VSOCK_SET_GUEST_CID, &d->cid) < 0 ||
	    ioctl(d->fd, VHOST_VSOCK_SET_RUNNING, &running) < 0)
		return -errno;
	/* The device takes host-to-guest packets now, or the load is a lie. */
	ret = vsock_poke(d->cid);
	return ret == -EINPROGRESS ? 0 : ret ? ret : -EPROTO;
}

/* Thread body: keep host-to-guest packets coming for the CID at @arg. */
void *vsock_poke_loop(void *arg)
{
	uint64_t cid = *(uint64_t *)arg;

	for (;;) {
		vsock_poke(cid);
		usleep(1000);
	}
	return NULL;
}

/*
 * What a guest does to connect to host port @port: a REQUEST packet on the
 * TX ring, and a kick. The worker hands it to the host socket bound to that
 * port in vhost_vsock_handle_tx_kick(). Returns 0 or -errno.
 */
int vsock_dev_request(struct vsock_dev *d, unsigned int port)
{
	struct virtio_vsock_hdr hdr = {
		.src_cid = htole64(d->cid),
		.dst_cid = htole64(VMADDR_CID_HOST),
		.src_port = htole32(1024),
		.dst_port = htole32(port),
		.type = htole16(VIRTIO_VSOCK_TYPE_STREAM),
		.op = htole16(VIRTIO_VSOCK_OP_REQUEST),
		.buf_alloc = htole32(64 * 1024),
	};
	int ret;

	ret = vhost_rings_post(&d->rings, VSOCK_VQ_TX, &hdr, sizeof(hdr));
	return ret ? ret : vhost_rings_kick(&d->rings, VSOCK_VQ_TX);
}
