/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A /dev/vhost-scsi device with a real target behind it, driven from
 * userspace the way a VMM's virtio-scsi device is: the kernel's LIO target
 * configured through configfs (a RAM disk backstore, the vhost fabric's
 * target port group, a LUN and the I_T nexus), the endpoint set on an owned
 * device, and a small virtio-scsi driver that posts commands, task
 * management functions and event buffers on rings in the owner's memory.
 *
 * The configfs steps of the test process run in a child with a deadline
 * (scsi_target_run()): a configfs write can block in the kernel for good
 * (a hot-plug on a device whose event vq->mutex is held forever), and the
 * test must not block with it.
 */
#ifndef __SELFTESTS_VHOST_SCSI_DEV_H
#define __SELFTESTS_VHOST_SCSI_DEV_H

#include <stdint.h>
#include <linux/virtio_scsi.h>

#include "vhost_rings.h"
#include "vhost_util.h"

#define SCSI_DEV		"/dev/vhost-scsi"
#define SCSI_NVQS		3
#define SCSI_VQ_CTL		0
#define SCSI_VQ_EVT		1
#define SCSI_VQ_IO		2	/* the first I/O queue */
#define SCSI_BLOCK		512
#define SCSI_READ_10		0x28
#define SCSI_WRITE_10		0x2a
/* How long a configfs step (scsi_target_run()) may take. */
#define SCSI_CFS_DEADLINE_MS	5000
/* LUN 0 is there from the start; LUN 1 is hot-plugged by the tests. */
#define SCSI_LUNS		2

/* One request in flight: a page of guest memory. */
struct scsi_slot {
	union {
		struct virtio_scsi_cmd_req cmd;
		struct virtio_scsi_ctrl_tmf_req tmf;
		char pad[256];
	} req;
	union {
		struct virtio_scsi_cmd_resp cmd;
		struct virtio_scsi_ctrl_tmf_resp tmf;
		struct virtio_scsi_event evt;
		char pad[256];
	} resp;
	uint8_t data[VHOST_RING_PAGE - 512];
};

struct scsi_dev {
	int fd;
	struct vhost_rings rings;
	unsigned int slots_used;
	unsigned int posted[SCSI_NVQS];
	uint64_t tag;
};

void leave_test_output(int keep_fd);
int scsi_target_probe(char *why, size_t len);
int scsi_target_run(int (*fn)(unsigned int arg), unsigned int arg,
		    const char *what, int timeout_ms);
int scsi_target_create(unsigned int luns);
int scsi_target_destroy(unsigned int unused);
int scsi_target_plug(unsigned int lun);
int scsi_target_unplug(unsigned int lun);
void scsi_target_kmsg_known(struct kmsg_watch *w);

int scsi_dev_start(struct scsi_dev *d, int fd);
struct scsi_slot *scsi_dev_cmd(struct scsi_dev *d, unsigned int lun,
			       const uint8_t *cdb, unsigned int cdb_len,
			       unsigned int out_len, unsigned int in_len);
void scsi_rw10(uint8_t *cdb, uint8_t op, uint32_t lba);
int scsi_dev_post_writes(struct scsi_dev *d, unsigned int n);
struct scsi_slot *scsi_dev_tmf(struct scsi_dev *d, unsigned int lun,
			       uint32_t subtype);
struct scsi_slot *scsi_dev_event_buf(struct scsi_dev *d);
int scsi_dev_kick(struct scsi_dev *d, unsigned int vq);
int scsi_dev_wait(struct scsi_dev *d, unsigned int vq, int timeout_ms);
int scsi_dev_events_missed(struct scsi_dev *d);

#endif /* __SELFTESTS_VHOST_SCSI_DEV_H */
