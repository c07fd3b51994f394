// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: a vhost-vsock stream from the guest to a host socket.
 *
 * The program plays the guest of a /dev/vhost-vsock device (rings and
 * buffers in its own memory, see vhost_rings.h) and, in a thread, the host:
 * an AF_VSOCK listener on VSOCK_PORT that accepts the guest's connection and
 * reads everything. The guest connects (REQUEST, RESPONSE), then sends RW
 * packets of one payload size as fast as the host's credit allows, with
 * up to TX_BUFS packets on the TX ring; it keeps RX_BUFS buffers on the RX
 * ring for the host's RESPONSE and credit updates. Every TX kick runs
 * vhost_vsock_handle_tx_kick() and every host packet
 * vhost_transport_send_pkt_work() on the worker, each under its
 * vq->mutex: the datapath the series changes. Prints, per run and payload
 * size (small: 64 bytes, large: LARGE bytes), the bytes the host read per
 * second, as bench-sample lines for vhost-harness bench-json.
 *
 * Build (scripts/bench.sh does it): cc -O2 -Wall -static -pthread with
 * tools/testing/selftests/vhost/{vhost_util,vhost_rings,vsock_dev}.c.
 * Usage: vhost_vsock_stream [seconds-per-run [runs]]   (as root, in a guest)
 * Without arguments, BENCH_SECONDS and BENCH_RUNS from the environment (the
 * kernel command line), else 5 runs of 5 s per size.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/virtio_ring.h>
#include <linux/virtio_vsock.h>
#include <linux/vm_sockets.h>

#include "bench.h"
#include "vsock_dev.h"

#define VSOCK_PORT	5201
#define GUEST_PORT	40000
#define RX_BUFS		8	/* data pages 0-7 */
#define TX_BUFS		8	/* data pages 8-15 */
#define HDR		sizeof(struct virtio_vsock_hdr)
#define LARGE		(VHOST_RING_PAGE - HDR)
#define GUEST_BUF_ALLOC	(256 * 1024)
#define WAIT_MS		2000

struct vq {
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t avail_idx, used_idx;
};

struct stream {
	struct vsock_dev dev;
	struct vq rx, tx;
	char *buf;			/* RX_BUFS + TX_BUFS pages */
	unsigned int tx_inflight;
	uint32_t tx_cnt;		/* payload bytes sent */
	uint32_t peer_buf_alloc, peer_fwd_cnt;
	int connected;
};

static uint64_t host_bytes;		/* read by the host, atomically */

static void vq_init(struct stream *s, struct vq *q, unsigned int i)
{
	char *ring = (char *)s->dev.rings.mem + i * 3 * VHOST_RING_PAGE;

	q->desc = (struct vring_desc *)ring;
	q->avail = (struct vring_avail *)(ring + VHOST_RING_PAGE);
	q->used = (struct vring_used *)(ring + 2 * VHOST_RING_PAGE);
	q->avail_idx = q->avail->idx;
	q->used_idx = q->used->idx;
}

static void vq_add(struct vq *q, unsigned int head, void *addr,
		   unsigned int len, int write)
{
	q->desc[head].addr = (uintptr_t)addr;
	q->desc[head].len = len;
	q->desc[head].flags = write ? VRING_DESC_F_WRITE : 0;
	q->desc[head].next = 0;
	q->avail->ring[q->avail_idx++ % VHOST_RING_NUM] = head;
}

static void vq_publish(struct vq *q)
{
	__atomic_store_n(&q->avail->idx, q->avail_idx, __ATOMIC_RELEASE);
}

static void *rx_buf(struct stream *s, unsigned int i)
{
	return s->buf + i * VHOST_RING_PAGE;
}

static void *tx_buf(struct stream *s, unsigned int i)
{
	return s->buf + (RX_BUFS + i) * VHOST_RING_PAGE;
}

static void fill_hdr(struct stream *s, struct virtio_vsock_hdr *h,
		     uint16_t op, uint32_t len)
{
	memset(h, 0, sizeof(*h));
	h->src_cid = htole64(s->dev.cid);
	h->dst_cid = htole64(VMADDR_CID_HOST);
	h->src_port = htole32(GUEST_PORT);
	h->dst_port = htole32(VSOCK_PORT);
	h->len = htole32(len);
	h->type = htole16(VIRTIO_VSOCK_TYPE_STREAM);
	h->op = htole16(op);
	h->buf_alloc = htole32(GUEST_BUF_ALLOC);
	h->fwd_cnt = 0;		/* the host sends nothing but control */
}

/* Take what the host sent, learn its credit, give the buffers back. */
static int rx_drain(struct stream *s)
{
	uint16_t used = __atomic_load_n(&s->rx.used->idx, __ATOMIC_ACQUIRE);
	int n = 0;

	while (s->rx.used_idx != used) {
		struct vring_used_elem *e =
			&s->rx.used->ring[s->rx.used_idx++ % VHOST_RING_NUM];
		struct virtio_vsock_hdr *h = rx_buf(s, e->id);

		if (le32toh(h->src_port) == VSOCK_PORT &&
		    le32toh(h->dst_port) == GUEST_PORT) {
			switch (le16toh(h->op)) {
			case VIRTIO_VSOCK_OP_RESPONSE:
				s->connected = 1;
				break;
			case VIRTIO_VSOCK_OP_RST:
			case VIRTIO_VSOCK_OP_SHUTDOWN:
				fprintf(stderr, "the host closed the stream (op %u)\n",
					le16toh(h->op));
				return -ECONNRESET;
			}
			s->peer_buf_alloc = le32toh(h->buf_alloc);
			s->peer_fwd_cnt = le32toh(h->fwd_cnt);
		}
		vq_add(&s->rx, e->id, rx_buf(s, e->id), VHOST_RING_PAGE, 1);
		n++;
	}
	if (n) {
		vq_publish(&s->rx);
		return vhost_rings_kick(&s->dev.rings, VSOCK_VQ_RX);
	}
	return 0;
}

/* Count the TX buffers the device has used. */
static void tx_reclaim(struct stream *s)
{
	uint16_t used = __atomic_load_n(&s->tx.used->idx, __ATOMIC_ACQUIRE);

	s->tx_inflight -= (uint16_t)(used - s->tx.used_idx);
	s->tx.used_idx = used;
}

/* Wait for the device to use a buffer of either queue: 0 or -ETIMEDOUT. */
static int wait_device(struct stream *s)
{
	struct pollfd pfd[2] = {
		{ .fd = s->dev.rings.call[VSOCK_VQ_RX], .events = POLLIN },
		{ .fd = s->dev.rings.call[VSOCK_VQ_TX], .events = POLLIN },
	};
	uint64_t n;
	int i;

	if (poll(pfd, 2, WAIT_MS) <= 0)
		return -ETIMEDOUT;
	for (i = 0; i < 2; i++)
		if (pfd[i].revents & POLLIN)
			read(pfd[i].fd, &n, sizeof(n));
	return 0;
}

/* Put one packet of @op and @len payload bytes on the TX ring. */
static void tx_add(struct stream *s, uint16_t op, uint32_t len)
{
	unsigned int head = s->tx.avail_idx % TX_BUFS;
	struct virtio_vsock_hdr *h = tx_buf(s, head);

	fill_hdr(s, h, op, len);
	vq_add(&s->tx, head, h, HDR + len, 0);
	s->tx_inflight++;
	s->tx_cnt += len;
}

static int connect_stream(struct stream *s)
{
	unsigned int i;
	int ret;

	for (i = 0; i < RX_BUFS; i++)
		vq_add(&s->rx, i, rx_buf(s, i), VHOST_RING_PAGE, 1);
	vq_publish(&s->rx);
	tx_add(s, VIRTIO_VSOCK_OP_REQUEST, 0);
	vq_publish(&s->tx);
	ret = vhost_rings_kick(&s->dev.rings, VSOCK_VQ_RX);
	if (!ret)
		ret = vhost_rings_kick(&s->dev.rings, VSOCK_VQ_TX);
	while (!ret && !s->connected) {
		ret = rx_drain(s);
		tx_reclaim(s);
		if (!ret && !s->connected)
			ret = wait_device(s);
	}
	return ret;
}

/* Send @len-byte packets for @secs s: 0 or -errno. */
static int send_for(struct stream *s, uint32_t len, int secs)
{
	int64_t end = bench_now_ns() + secs * 1000000000LL;
	int ret = 0;

	while (!ret && bench_now_ns() < end) {
		unsigned int added = 0;

		ret = rx_drain(s);
		tx_reclaim(s);
		while (!ret && s->tx_inflight < TX_BUFS &&
		       s->peer_buf_alloc - (s->tx_cnt - s->peer_fwd_cnt) >= len) {
			tx_add(s, VIRTIO_VSOCK_OP_RW, len);
			added++;
		}
		if (added) {
			vq_publish(&s->tx);
			ret = vhost_rings_kick(&s->dev.rings, VSOCK_VQ_TX);
		} else if (!ret) {
			ret = wait_device(s);
		}
	}
	return ret;
}

static void *host_reader(void *arg)
{
	int l = *(int *)arg, c;
	static char buf[64 * 1024];
	ssize_t n;

	c = accept(l, NULL, NULL);
	if (c < 0)
		return NULL;
	while ((n = read(c, buf, sizeof(buf))) > 0)
		__atomic_add_fetch(&host_bytes, n, __ATOMIC_RELAXED);
	close(c);
	return NULL;
}

int main(int argc, char **argv)
{
	static const uint32_t sizes[] = { 64, LARGE };
	static const char * const names[] = { "small", "large" };
	static struct stream s;
	static int l;
	pthread_t t;
	int i, k, ret, secs, runs;

	bench_runs(argc, argv, &secs, &runs);
	l = bench_vsock_listen(VSOCK_PORT, 1);
	ret = l < 0 ? l : vsock_dev_open(&s.dev, VHOST_WORKER_TASK);
	if (!ret)
		ret = vsock_dev_start(&s.dev);
	if (!ret)
		ret = -pthread_create(&t, NULL, host_reader, &l);
	if (ret) {
		fprintf(stderr, "vhost-vsock stream setup: %s\n", strerror(-ret));
		return 1;
	}
	s.buf = vhost_rings_data(&s.dev.rings);
	vq_init(&s, &s.rx, VSOCK_VQ_RX);
	vq_init(&s, &s.tx, VSOCK_VQ_TX);
	ret = connect_stream(&s);
	if (ret) {
		fprintf(stderr, "vhost-vsock stream connect: %s\n", strerror(-ret));
		return 1;
	}
	printf("vhost-vsock stream: %d runs of %d s per size, %u and %u-byte packets\n",
	       runs, secs, sizes[0], sizes[1]);
	for (i = 0; i < runs; i++) {
		for (k = 0; k < 2; k++) {
			uint64_t before = __atomic_load_n(&host_bytes, __ATOMIC_RELAXED);
			int64_t start = bench_now_ns();

			ret = send_for(&s, sizes[k], secs);
			if (ret) {
				fprintf(stderr, "vhost-vsock stream, %s: %s\n",
					names[k], strerror(-ret));
				return 1;
			}
			printf("bench-sample: measure=vhost-vsock-stream-%s value=%.3f unit=MB/s\n",
			       names[k],
			       (__atomic_load_n(&host_bytes, __ATOMIC_RELAXED) - before) /
			       1e6 / ((bench_now_ns() - start) / 1e9));
		}
	}
	return 0;
}
