/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stall a vhost ioctl inside the kernel while it holds vq->mutex.
 *
 * vhost_get_vq_from_user() reads the ring index of an ioctl argument before
 * taking vq->mutex; the ioctl then takes vq->mutex and copies the whole
 * argument. Place the argument so that its first four bytes (the index) are
 * on a present page and the rest on a page registered with userfaultfd as
 * missing: the copy faults and waits for userspace with vq->mutex held, for
 * as long as nobody resolves the fault.
 *
 * The ioctl is issued by a clone(CLONE_VM) child of the device owner: it
 * shares the owner's mm, so vhost_dev_check_owner() lets it in, but it is
 * not in the owner's thread group, so SIGKILL of the owner does not reach
 * it. It has its own copy of the file table, which keeps both the vhost
 * device and the userfaultfd open after the owner died.
 */
#ifndef __SELFTESTS_VHOST_UFFD_STALL_H
#define __SELFTESTS_VHOST_UFFD_STALL_H

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/userfaultfd.h>

#define STALL_PAGE	4096
#define STALL_STACK	(64 * 1024)

struct stall {
	char *area;		/* page 0 present, page 1 missing (uffd) */
	int uffd;
	int dev_fd;
	unsigned long request;
	void *arg;
	pid_t holder;
};

/*
 * Create a userfaultfd that also handles faults taken by the kernel (no
 * UFFD_USER_MODE_ONLY): needs CAP_SYS_PTRACE or
 * vm.unprivileged_userfaultfd=1. Returns -EPERM/-ENOSYS when unavailable.
 */
static inline int stall_init(struct stall *s, int dev_fd)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };

	memset(s, 0, sizeof(*s));
	s->dev_fd = dev_fd;
	s->uffd = syscall(__NR_userfaultfd, O_CLOEXEC);
	if (s->uffd < 0)
		return -errno;
	if (ioctl(s->uffd, UFFDIO_API, &api) < 0)
		return -errno;
	s->area = mmap(NULL, 2 * STALL_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->area == MAP_FAILED)
		return -errno;
	reg.range.start = (uintptr_t)s->area + STALL_PAGE;
	reg.range.len = STALL_PAGE;
	if (ioctl(s->uffd, UFFDIO_REGISTER, &reg) < 0)
		return -errno;
	return 0;
}

/* An ioctl argument whose leading u32 ring index is @index. */
static inline void *stall_arg(struct stall *s, unsigned int index)
{
	char *arg = s->area + STALL_PAGE - sizeof(index);

	memcpy(arg, &index, sizeof(index));
	return arg;
}

static int stall_holder_fn(void *data)
{
	struct stall *s = data;

	ioctl(s->dev_fd, s->request, s->arg);
	return 0;
}

/*
 * Issue @request with @arg from a CLONE_VM child and return once the child
 * is stalled in the kernel on the missing page. Returns 0 or -errno.
 */
static inline int stall_start(struct stall *s, unsigned long request, void *arg)
{
	struct uffd_msg msg;
	char *stack;

	s->request = request;
	s->arg = arg;
	stack = mmap(NULL, STALL_STACK, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return -errno;
	s->holder = clone(stall_holder_fn, stack + STALL_STACK,
			  CLONE_VM | SIGCHLD, s);
	if (s->holder < 0)
		return -errno;
	/* The fault is reported once the holder sleeps in handle_userfault(). */
	if (read(s->uffd, &msg, sizeof(msg)) != sizeof(msg))
		return -errno;
	if (msg.event != UFFD_EVENT_PAGEFAULT)
		return -EPROTO;
	return 0;
}

#endif /* __SELFTESTS_VHOST_UFFD_STALL_H */
