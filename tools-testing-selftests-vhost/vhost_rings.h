/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Give an owned vhost device what a VMM gives it before starting it: a
 * memory table and, for each virtqueue, a ring (in anonymous memory of the
 * owner), a base and kick and call eventfds. The rings stay empty: the
 * device never finds a buffer, so whatever it wants to send stays queued.
 */
#ifndef __SELFTESTS_VHOST_RINGS_H
#define __SELFTESTS_VHOST_RINGS_H

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

int vhost_rings_setup(int fd, struct vhost_rings *r, unsigned int nvqs);
int vhost_rings_kick(struct vhost_rings *r, unsigned int i);
int vhost_rings_post_at(int fd, struct vhost_rings *r, unsigned int i,
			void *desc);

#endif /* __SELFTESTS_VHOST_RINGS_H */
