/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Give an owned vhost device what a VMM gives it before starting it: a
 * memory table and, for each virtqueue, a ring (in anonymous memory of the
 * owner), a base and kick and call eventfds. The rings stay empty: the
 * device never finds a buffer, so whatever it wants to send stays queued.
 */
#ifndef __SELFTESTS_VHOST_RINGS_H
#define __SELFTESTS_VHOST_RINGS_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/vhost.h>

#define VHOST_RINGS_MAX		2
#define VHOST_RING_NUM		64
#define VHOST_RING_PAGE		4096
/* Per virtqueue: one page each for the descriptors, avail and used rings. */
#define VHOST_RINGS_LEN		(VHOST_RINGS_MAX * 3 * VHOST_RING_PAGE)

struct vhost_rings {
	void *mem;
	int kick[VHOST_RINGS_MAX];
	int call[VHOST_RINGS_MAX];
};

static inline int vhost_rings_mem_table(int fd, void *mem)
{
	struct {
		struct vhost_memory mem;
		struct vhost_memory_region region;
	} table;

	memset(&table, 0, sizeof(table));
	table.mem.nregions = 1;
	table.region.guest_phys_addr = (uintptr_t)mem;
	table.region.memory_size = VHOST_RINGS_LEN;
	table.region.userspace_addr = (uintptr_t)mem;
	return ioctl(fd, VHOST_SET_MEM_TABLE, &table) < 0 ? -errno : 0;
}

static inline int vhost_rings_setup_vq(int fd, struct vhost_rings *r,
				       unsigned int i)
{
	char *ring = (char *)r->mem + i * 3 * VHOST_RING_PAGE;
	struct vhost_vring_state num = { .index = i, .num = VHOST_RING_NUM };
	struct vhost_vring_state base = { .index = i, .num = 0 };
	struct vhost_vring_addr addr = {
		.index = i,
		.desc_user_addr = (uintptr_t)ring,
		.avail_user_addr = (uintptr_t)ring + VHOST_RING_PAGE,
		.used_user_addr = (uintptr_t)ring + 2 * VHOST_RING_PAGE,
	};
	struct vhost_vring_file kick = { .index = i }, call = { .index = i };

	r->kick[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	r->call[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (r->kick[i] < 0 || r->call[i] < 0)
		return -errno;
	kick.fd = r->kick[i];
	call.fd = r->call[i];
	if (ioctl(fd, VHOST_SET_VRING_NUM, &num) < 0 ||
	    ioctl(fd, VHOST_SET_VRING_BASE, &base) < 0 ||
	    ioctl(fd, VHOST_SET_VRING_ADDR, &addr) < 0 ||
	    ioctl(fd, VHOST_SET_VRING_KICK, &kick) < 0 ||
	    ioctl(fd, VHOST_SET_VRING_CALL, &call) < 0)
		return -errno;
	return 0;
}

/* Memory table and rings for virtqueues 0 to @nvqs - 1 of device @fd. */
static inline int vhost_rings_setup(int fd, struct vhost_rings *r,
				    unsigned int nvqs)
{
	unsigned int i;
	int ret;

	memset(r, 0, sizeof(*r));
	r->mem = mmap(NULL, VHOST_RINGS_LEN, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (r->mem == MAP_FAILED)
		return -errno;
	ret = vhost_rings_mem_table(fd, r->mem);
	for (i = 0; !ret && i < nvqs && i < VHOST_RINGS_MAX; i++)
		ret = vhost_rings_setup_vq(fd, r, i);
	return ret;
}

/* What a guest does to tell the device that virtqueue @i has buffers. */
static inline int vhost_rings_kick(struct vhost_rings *r, unsigned int i)
{
	uint64_t one = 1;

	return write(r->kick[i], &one, sizeof(one)) == sizeof(one) ? 0 : -errno;
}

#endif /* __SELFTESTS_VHOST_RINGS_H */
