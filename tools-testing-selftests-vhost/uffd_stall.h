/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stall the kernel on a user page for as long as the test likes, with a
 * userfaultfd that handles kernel faults and never resolves them.
 *
 * To stall a vhost ioctl while it holds vq->mutex: vhost_get_vq_from_user()
 * reads the ring index of an ioctl argument before taking vq->mutex; the
 * ioctl then takes vq->mutex and copies the whole argument. Place the
 * argument so that its first four bytes (the index) are on a present page
 * and the rest on the missing page: the copy faults and waits for userspace
 * with vq->mutex held.
 *
 * The ioctl is issued by a clone(CLONE_VM) child of the device owner, the
 * holder: it shares the owner's mm, so vhost_dev_check_owner() lets it in,
 * but it is not in the owner's thread group, so SIGKILL of the owner does
 * not reach it. It has its own copy of the file table, which keeps both the
 * vhost device and the userfaultfd open after the owner died.
 *
 * The same child without an ioctl keeps them open for a fault that a vhost
 * worker takes itself, for example on a descriptor table placed on the
 * missing page: the fault is then not resolved by the release of the
 * userfaultfd when the owner dies, only the SIGKILL can end it.
 */
#ifndef __SELFTESTS_VHOST_UFFD_STALL_H
#define __SELFTESTS_VHOST_UFFD_STALL_H

#include <stddef.h>
#include <sys/types.h>

struct uffd_stall {
	char *area;		/* page 0 present, page 1 missing */
	int uffd;
	int dev_fd;
	unsigned long request;
	void *arg;
	pid_t holder;
};

int uffd_stall_probe(char *why, size_t len);
int uffd_stall_init(struct uffd_stall *s, int dev_fd);
void *uffd_stall_arg(struct uffd_stall *s, unsigned int index);
void *uffd_stall_page(struct uffd_stall *s);
int uffd_stall_wait_fault(struct uffd_stall *s, int timeout_ms, pid_t *tid);
int uffd_stall_ioctl(struct uffd_stall *s, unsigned long request, void *arg,
		     int timeout_ms);
int uffd_stall_hold(struct uffd_stall *s);

#endif /* __SELFTESTS_VHOST_UFFD_STALL_H */
