/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Give an owned vhost device what a VMM gives it before starting it: a
 * memory table and, for each virtqueue, a ring (in anonymous memory of the
 * owner), a base and kick and call eventfds. The rings stay empty: the
 * device never finds a buffer, so whatever it wants to send stays queued.
 */
#ifndef __SELFTESTS_VHOST_RINGS_H
#define __SELFTESTS_VHOST_RINGS_H

#include <stddef.h>

#define VHOST_RINGS_MAX		3
#define VHOST_RING_NUM		64
#define VHOST_RING_PAGE		4096
/*
 * Per virtqueue: one page each for the descriptors, avail and used rings;
 * then VHOST_RINGS_DATA_PAGES of guest memory for the buffers of
 * vhost_rings_post_chain().
 */
#define VHOST_RINGS_DATA_PAGES	16
#define VHOST_RINGS_LEN		((VHOST_RINGS_MAX * 3 + VHOST_RINGS_DATA_PAGES) * \
				 VHOST_RING_PAGE)
/*
 * Buffers posted with vhost_rings_post() live in the descriptor page, after
 * the descriptors: up to VHOST_RING_BUFS of them at a time.
 */
#define VHOST_RING_BUFS		16
#define VHOST_RING_BUF_LEN	128

struct vhost_rings {
	void *mem;
	int kick[VHOST_RINGS_MAX];
	int call[VHOST_RINGS_MAX];
	unsigned int next_desc[VHOST_RINGS_MAX];	/* for chains */
};

/* A buffer of a descriptor chain, in guest memory (the data pages). */
struct vhost_ring_buf {
	void *addr;
	unsigned int len;
	int write;		/* the device writes it */
};

int vhost_rings_setup(int fd, struct vhost_rings *r, unsigned int nvqs);
int vhost_rings_kick(struct vhost_rings *r, unsigned int i);
int vhost_rings_post_at(int fd, struct vhost_rings *r, unsigned int i,
			void *desc);
int vhost_rings_post(struct vhost_rings *r, unsigned int i, const void *buf,
		     size_t len);
void *vhost_rings_data(struct vhost_rings *r);
int vhost_rings_post_chain(struct vhost_rings *r, unsigned int i,
			   const struct vhost_ring_buf *bufs, unsigned int n);
unsigned int vhost_rings_used(struct vhost_rings *r, unsigned int i);
int vhost_rings_wait_used(struct vhost_rings *r, unsigned int i,
			  unsigned int idx, int timeout_ms);

#endif /* __SELFTESTS_VHOST_RINGS_H */
