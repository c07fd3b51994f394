// SPDX-License-Identifier: GPL-2.0
/*
 * Rings for an owned vhost device, see vhost_rings.h.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/vhost.h>
#include <linux/virtio_ring.h>

#include "vhost_rings.h"
#include "vhost_util.h"

static int vhost_rings_mem_table(int fd, void *mem)
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

static int vhost_rings_setup_vq(int fd, struct vhost_rings *r, unsigned int i)
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
int vhost_rings_setup(int fd, struct vhost_rings *r, unsigned int nvqs)
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
int vhost_rings_kick(struct vhost_rings *r, unsigned int i)
{
	uint64_t one = 1;

	return write(r->kick[i], &one, sizeof(one)) == sizeof(one) ? 0 : -errno;
}

/*
 * Move the descriptor table of virtqueue @i of device @fd to @desc and make
 * descriptor 0 available, as a guest that posted a buffer: the device reads
 * @desc when it is next kicked. Returns 0 or -errno.
 */
int vhost_rings_post_at(int fd, struct vhost_rings *r, unsigned int i,
			void *desc)
{
	char *ring = (char *)r->mem + i * 3 * VHOST_RING_PAGE;
	struct vring_avail *avail = (void *)(ring + VHOST_RING_PAGE);
	struct vhost_vring_addr addr = {
		.index = i,
		.desc_user_addr = (uintptr_t)desc,
		.avail_user_addr = (uintptr_t)avail,
		.used_user_addr = (uintptr_t)ring + 2 * VHOST_RING_PAGE,
	};

	if (ioctl(fd, VHOST_SET_VRING_ADDR, &addr) < 0)
		return -errno;
	avail->ring[avail->idx % VHOST_RING_NUM] = 0;
	__atomic_store_n(&avail->idx, avail->idx + 1, __ATOMIC_RELEASE);
	return 0;
}

static_assert(VHOST_RING_NUM * sizeof(struct vring_desc) +
	      VHOST_RING_BUFS * VHOST_RING_BUF_LEN <= VHOST_RING_PAGE,
	      "posted buffers do not fit in the descriptor page");

/*
 * Post a copy of @buf, @len bytes that the device reads (a guest's packet on
 * a TX queue), as the next available descriptor of virtqueue @i. The copy
 * is in the spare room of the descriptor page, so it is guest memory. Kick
 * the virtqueue to have the device read it. Returns 0 or -errno.
 */
int vhost_rings_post(struct vhost_rings *r, unsigned int i, const void *buf,
		     size_t len)
{
	char *ring = (char *)r->mem + i * 3 * VHOST_RING_PAGE;
	struct vring_avail *avail = (void *)(ring + VHOST_RING_PAGE);
	struct vring_desc *desc = (void *)ring;
	unsigned int head;
	char *copy;

	if (i >= VHOST_RINGS_MAX || len > VHOST_RING_BUF_LEN)
		return -EINVAL;
	head = avail->idx % VHOST_RING_NUM;
	copy = ring + VHOST_RING_NUM * sizeof(*desc) +
	       avail->idx % VHOST_RING_BUFS * VHOST_RING_BUF_LEN;
	memcpy(copy, buf, len);
	desc[head].addr = (uintptr_t)copy;
	desc[head].len = len;
	desc[head].flags = 0;
	desc[head].next = 0;
	avail->ring[head] = head;
	__atomic_store_n(&avail->idx, avail->idx + 1, __ATOMIC_RELEASE);
	return 0;
}

/* Guest memory for buffers, VHOST_RINGS_DATA_PAGES long. */
void *vhost_rings_data(struct vhost_rings *r)
{
	return (char *)r->mem + VHOST_RINGS_MAX * 3 * VHOST_RING_PAGE;
}

/*
 * Post the @n buffers of @bufs (in guest memory) as one descriptor chain on
 * virtqueue @i: the device reads the buffers it does not write. Chains take
 * descriptors from the start of the table and never reuse them: post
 * nothing else on that virtqueue. Kick the virtqueue to have the device see
 * the chain. Returns 0 or -errno.
 */
int vhost_rings_post_chain(struct vhost_rings *r, unsigned int i,
			   const struct vhost_ring_buf *bufs, unsigned int n)
{
	char *ring = (char *)r->mem + i * 3 * VHOST_RING_PAGE;
	struct vring_avail *avail = (void *)(ring + VHOST_RING_PAGE);
	struct vring_desc *desc = (void *)ring;
	unsigned int head, k;

	if (i >= VHOST_RINGS_MAX || !n || r->next_desc[i] + n > VHOST_RING_NUM)
		return -ENOSPC;
	head = r->next_desc[i];
	for (k = 0; k < n; k++) {
		struct vring_desc *d = &desc[head + k];

		d->addr = (uintptr_t)bufs[k].addr;
		d->len = bufs[k].len;
		d->flags = (bufs[k].write ? VRING_DESC_F_WRITE : 0) |
			   (k + 1 < n ? VRING_DESC_F_NEXT : 0);
		d->next = k + 1 < n ? head + k + 1 : 0;
	}
	r->next_desc[i] += n;
	avail->ring[avail->idx % VHOST_RING_NUM] = head;
	__atomic_store_n(&avail->idx, avail->idx + 1, __ATOMIC_RELEASE);
	return 0;
}

/* How many buffers the device has returned on virtqueue @i so far. */
unsigned int vhost_rings_used(struct vhost_rings *r, unsigned int i)
{
	char *ring = (char *)r->mem + i * 3 * VHOST_RING_PAGE;
	struct vring_used *used = (void *)(ring + 2 * VHOST_RING_PAGE);

	return __atomic_load_n(&used->idx, __ATOMIC_ACQUIRE);
}

/*
 * Wait until the device has returned @idx buffers on virtqueue @i.
 * Returns 0, or -ETIMEDOUT after @timeout_ms.
 */
int vhost_rings_wait_used(struct vhost_rings *r, unsigned int i,
			  unsigned int idx, int timeout_ms)
{
	int64_t end = now_ms() + timeout_ms;

	while ((uint16_t)(vhost_rings_used(r, i) - idx) >= 0x8000) {
		if (now_ms() > end)
			return -ETIMEDOUT;
		usleep(1000);
	}
	return 0;
}
