/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A /dev/vhost-vsock device driven from userspace the way a VMM does it, just
 * far enough for the host side to queue work on its vhost worker: rings in
 * anonymous memory, a guest CID, the device running, and host-side AF_VSOCK
 * connects to that CID (each one queues a packet and send_pkt_work; the RX
 * ring never has a buffer, so the packets stay queued).
 */
#ifndef __SELFTESTS_VHOST_VSOCK_DEV_H
#define __SELFTESTS_VHOST_VSOCK_DEV_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <linux/vhost.h>
#include <linux/vm_sockets.h>

#include "vhost_test.h"

#define VSOCK_DEV	"/dev/vhost-vsock"
#define VSOCK_NVQS	2	/* RX (host to guest) = 0, TX = 1 */
#define VSOCK_VQ_RX	0
#define VSOCK_VQ_TX	1
#define VSOCK_RING_NUM	64
#define VSOCK_PAGE	4096
/* Per virtqueue: one page each for the descriptors, avail and used rings. */
#define VSOCK_MEM_LEN	(VSOCK_NVQS * 3 * VSOCK_PAGE)

struct vsock_dev {
	int fd;
	uint64_t cid;
	void *mem;
	int kick[VSOCK_NVQS];
	int call[VSOCK_NVQS];
};

/* A CID no other test process uses at the same time. */
static inline uint64_t vsock_test_cid(void)
{
	return 0x10000 + getpid();
}

/* Open the device and become its owner (creates the vhost worker). */
static inline int vsock_dev_open(struct vsock_dev *d)
{
	memset(d, 0, sizeof(*d));
	d->fd = vhost_open_owned(VSOCK_DEV, false);
	return d->fd < 0 ? d->fd : 0;
}

static inline int vsock_set_mem_table(struct vsock_dev *d)
{
	struct {
		struct vhost_memory mem;
		struct vhost_memory_region region;
	} table;

	memset(&table, 0, sizeof(table));
	table.mem.nregions = 1;
	table.region.guest_phys_addr = (uintptr_t)d->mem;
	table.region.memory_size = VSOCK_MEM_LEN;
	table.region.userspace_addr = (uintptr_t)d->mem;
	return ioctl(d->fd, VHOST_SET_MEM_TABLE, &table) < 0 ? -errno : 0;
}

static inline int vsock_setup_vq(struct vsock_dev *d, unsigned int i)
{
	char *ring = (char *)d->mem + i * 3 * VSOCK_PAGE;
	struct vhost_vring_state num = { .index = i, .num = VSOCK_RING_NUM };
	struct vhost_vring_state base = { .index = i, .num = 0 };
	struct vhost_vring_addr addr = {
		.index = i,
		.desc_user_addr = (uintptr_t)ring,
		.avail_user_addr = (uintptr_t)ring + VSOCK_PAGE,
		.used_user_addr = (uintptr_t)ring + 2 * VSOCK_PAGE,
	};
	struct vhost_vring_file kick = { .index = i }, call = { .index = i };

	d->kick[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	d->call[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (d->kick[i] < 0 || d->call[i] < 0)
		return -errno;
	kick.fd = d->kick[i];
	call.fd = d->call[i];
	if (ioctl(d->fd, VHOST_SET_VRING_NUM, &num) < 0 ||
	    ioctl(d->fd, VHOST_SET_VRING_BASE, &base) < 0 ||
	    ioctl(d->fd, VHOST_SET_VRING_ADDR, &addr) < 0 ||
	    ioctl(d->fd, VHOST_SET_VRING_KICK, &kick) < 0 ||
	    ioctl(d->fd, VHOST_SET_VRING_CALL, &call) < 0)
		return -errno;
	return 0;
}

/* Give the device rings and a CID and start it, as a VMM does at boot. */
static inline int vsock_dev_start(struct vsock_dev *d)
{
	int running = 1;
	unsigned int i;
	int ret;

	d->mem = mmap(NULL, VSOCK_MEM_LEN, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (d->mem == MAP_FAILED)
		return -errno;
	ret = vsock_set_mem_table(d);
	for (i = 0; !ret && i < VSOCK_NVQS; i++)
		ret = vsock_setup_vq(d, i);
	if (ret)
		return ret;
	d->cid = vsock_test_cid();
	if (ioctl(d->fd, VHOST_VSOCK_SET_GUEST_CID, &d->cid) < 0 ||
	    ioctl(d->fd, VHOST_VSOCK_SET_RUNNING, &running) < 0)
		return -errno;
	return 0;
}

/*
 * One host-to-guest connection attempt: the REQUEST packet (and the RST on
 * close) are queued for the guest and send_pkt_work is queued on the worker.
 */
static inline void vsock_poke(uint64_t cid)
{
	struct sockaddr_vm addr = {
		.svm_family = AF_VSOCK,
		.svm_cid = (unsigned int)cid,
		.svm_port = 1234,
	};
	int s;

	s = socket(AF_VSOCK, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s < 0)
		return;
	connect(s, (struct sockaddr *)&addr, sizeof(addr));
	close(s);
}

#endif /* __SELFTESTS_VHOST_VSOCK_DEV_H */
