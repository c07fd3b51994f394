// SPDX-License-Identifier: GPL-2.0
/*
 * Stall the kernel on a userfaultfd page, see uffd_stall.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/userfaultfd.h>

#include "uffd_stall.h"

#define STALL_PAGE	4096
#define STALL_STACK	(64 * 1024)

/*
 * A userfaultfd that also handles faults taken by the kernel (no
 * UFFD_USER_MODE_ONLY): from the system call with CAP_SYS_PTRACE or
 * vm.unprivileged_userfaultfd=1, or from /dev/userfaultfd for whoever may
 * open it. Returns the file descriptor or -errno.
 */
static int uffd_open(void)
{
	int fd, dev, err;

	fd = syscall(__NR_userfaultfd, O_CLOEXEC);
	if (fd >= 0 || errno != EPERM)
		return fd >= 0 ? fd : -errno;
#ifdef USERFAULTFD_IOC_NEW
	dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return -EPERM;
	fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC);
	err = errno;
	close(dev);
	return fd >= 0 ? fd : -err;
#else
	(void)dev;
	(void)err;
	return -EPERM;
#endif
}

static int uffd_api(int uffd)
{
	/* The thread id of the faulting task comes with each fault. */
	struct uffdio_api api = {
		.api = UFFD_API,
		.features = UFFD_FEATURE_THREAD_ID,
	};

	return ioctl(uffd, UFFDIO_API, &api) < 0 ? -errno : 0;
}

/*
 * Check up front that we can stall the kernel on a page. Returns 0, or
 * -errno with the reason to skip in @why.
 */
int uffd_stall_probe(char *why, size_t len)
{
	int uffd, ret;

	uffd = uffd_open();
	if (uffd == -EPERM || uffd == -EACCES) {
		snprintf(why, len,
			 "userfaultfd for kernel faults needs CAP_SYS_PTRACE, vm.unprivileged_userfaultfd=1 or access to /dev/userfaultfd");
		return uffd;
	}
	if (uffd < 0) {
		snprintf(why, len, "userfaultfd: %s (CONFIG_USERFAULTFD)",
			 strerror(-uffd));
		return uffd;
	}
	ret = uffd_api(uffd);
	if (ret)
		snprintf(why, len, "UFFDIO_API: %s", strerror(-ret));
	close(uffd);
	return ret;
}

/*
 * Map two pages, the second one registered as missing with a new
 * userfaultfd, for stalls on device @dev_fd. Returns 0 or -errno.
 */
int uffd_stall_init(struct uffd_stall *s, int dev_fd)
{
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	int ret;

	memset(s, 0, sizeof(*s));
	s->dev_fd = dev_fd;
	s->uffd = uffd_open();
	if (s->uffd < 0)
		return s->uffd;
	ret = uffd_api(s->uffd);
	if (ret)
		return ret;
	s->area = mmap(NULL, 2 * STALL_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->area == MAP_FAILED)
		return -errno;
	s->area[0] = 0;		/* fault the first page in */
	reg.range.start = (uintptr_t)s->area + STALL_PAGE;
	reg.range.len = STALL_PAGE;
	if (ioctl(s->uffd, UFFDIO_REGISTER, &reg) < 0)
		return -errno;
	return 0;
}

/* An ioctl argument whose leading u32 ring index is @index. */
void *uffd_stall_arg(struct uffd_stall *s, unsigned int index)
{
	char *arg = s->area + STALL_PAGE - sizeof(index);

	memcpy(arg, &index, sizeof(index));
	return arg;
}

/* The missing page. */
void *uffd_stall_page(struct uffd_stall *s)
{
	return s->area + STALL_PAGE;
}

/*
 * Wait up to @timeout_ms for a fault on the missing page and tell which
 * thread took it. The thread stays asleep in handle_userfault(). Returns 0
 * or -errno.
 */
int uffd_stall_wait_fault(struct uffd_stall *s, int timeout_ms, pid_t *tid)
{
	struct pollfd pfd = { .fd = s->uffd, .events = POLLIN };
	struct uffd_msg msg;
	int ret;

	do {
		ret = poll(&pfd, 1, timeout_ms);
	} while (ret < 0 && errno == EINTR);
	if (ret < 0)
		return -errno;
	if (!ret)
		return -ETIMEDOUT;
	if (read(s->uffd, &msg, sizeof(msg)) != sizeof(msg))
		return -errno;
	if (msg.event != UFFD_EVENT_PAGEFAULT)
		return -EPROTO;
	*tid = msg.arg.pagefault.feat.ptid;
	return 0;
}

static int uffd_stall_holder_fn(void *data)
{
	struct uffd_stall *s = data;

	if (s->request)
		ioctl(s->dev_fd, s->request, s->arg);
	for (;;)
		pause();
	return 0;
}

/* Start the holder: @request with @arg if not 0, then sleep. */
static int uffd_stall_holder(struct uffd_stall *s, unsigned long request,
			     void *arg)
{
	char *stack;

	s->request = request;
	s->arg = arg;
	stack = mmap(NULL, STALL_STACK, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return -errno;
	s->holder = clone(uffd_stall_holder_fn, stack + STALL_STACK,
			  CLONE_VM | SIGCHLD, s);
	return s->holder < 0 ? -errno : 0;
}

/*
 * Issue @request with @arg from a CLONE_VM child and return once the child
 * is stalled in the kernel on the missing page, or after @timeout_ms.
 * Returns 0 or -errno.
 */
int uffd_stall_ioctl(struct uffd_stall *s, unsigned long request, void *arg,
		     int timeout_ms)
{
	pid_t tid = 0;
	int ret;

	ret = uffd_stall_holder(s, request, arg);
	if (ret)
		return ret;
	/* The fault is reported once the holder sleeps in the kernel. */
	ret = uffd_stall_wait_fault(s, timeout_ms, &tid);
	if (ret)
		return ret;
	return tid == s->holder ? 0 : -EPROTO;
}

/*
 * Start a CLONE_VM child that only keeps the device, the userfaultfd and the
 * mm alive after the owner died, so that a fault on the missing page is not
 * resolved by their release. Returns 0 or -errno.
 */
int uffd_stall_hold(struct uffd_stall *s)
{
	return uffd_stall_holder(s, 0, NULL);
}
