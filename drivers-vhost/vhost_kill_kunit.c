// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for vhost_worker_killed(), the SIGKILL handler of a vhost
 * worker.
 *
 * This file is included at the end of vhost.c, so the tests call the handler
 * and the static helpers around it directly, without making them visible to
 * the rest of the kernel.
 *
 * Each case builds a device and a worker of its own. The worker is not backed
 * by a task: its wakeup and stop operations do nothing, and whoever must run
 * its work list (the kill handler, or the cleanup) does so itself. The kill
 * handler, the tasks that hold a vq->mutex and the flushers are kthreads, and
 * every wait for one of them is bounded, so a kill handler that blocks makes
 * its case fail instead of hanging the boot. The cleanup of a case releases
 * the mutexes its holders took and waits for its kthreads before freeing
 * anything; if one of them is stuck, it reports that and leaks the case's
 * memory rather than freeing it under the kthread.
 */

#include <kunit/test.h>
#include <linux/debug_locks.h>
#include <linux/delay.h>

#define VHOST_KILL_TEST_NVQS		4
#define VHOST_KILL_TEST_THREADS		8
#define VHOST_KILL_TEST_WORKS		4

/*
 * Longest a case waits for a kill handler, a flush or a holder: the
 * handler's budget for the whole device plus slack for a slow, emulated
 * machine.
 */
#define VHOST_KILL_TEST_TIMEOUT		(VHOST_KILLED_VQ_LOCK_BUDGET + 2 * HZ)

/*
 * A holder releases its vq->mutex on its own after this long, should the
 * test never tell it to.
 */
#define VHOST_KILL_TEST_HOLD_MAX	(60 * HZ)

/* Lock class of the test devices' vq mutexes (see vhost_kill_setup()). */
static struct lock_class_key vhost_kill_test_vq_key;

struct vhost_kill_ctx;

struct vhost_kill_thread {
	struct vhost_kill_ctx *ctx;
	void (*fn)(struct vhost_kill_thread *t);
	/* The virtqueue whose mutex a holder or a flusher takes. */
	struct vhost_virtqueue *vq;
	/* Work a holder queues on @vq before it drops the mutex. */
	struct vhost_work *work;
	bool queued;
	/* vq->mutex is held. */
	struct completion ready;
	/* The holder may drop vq->mutex. */
	struct completion release;
	/* @fn has returned; @joined once the test has seen it. */
	struct completion done;
	bool joined;
	/* jiffies before and after @fn. */
	unsigned long start;
	unsigned long end;
};

struct vhost_kill_work {
	struct vhost_work work;
	atomic_t runs;
	/* When run, signal @entered and wait for @gate. */
	struct completion *entered;
	struct completion *gate;
	/* When run, try to queue @requeue on @requeue_vq. */
	struct vhost_virtqueue *requeue_vq;
	struct vhost_kill_work *requeue;
	bool requeued;
};

struct vhost_kill_ctx {
	struct kunit *test;
	struct vhost_dev dev;
	struct vhost_virtqueue *vqs[VHOST_KILL_TEST_NVQS];
	struct vhost_worker *worker;
	struct vhost_kill_work works[VHOST_KILL_TEST_WORKS];
	struct vhost_kill_thread threads[VHOST_KILL_TEST_THREADS];
	int nthreads;
};

static void vhost_kill_test_wakeup(struct vhost_worker *worker)
{
}

static void vhost_kill_test_stop(struct vhost_worker *worker)
{
}

static const struct vhost_worker_ops vhost_kill_test_ops = {
	.stop = vhost_kill_test_stop,
	.wakeup = vhost_kill_test_wakeup,
};

static void vhost_kill_work_fn(struct vhost_work *work)
{
	struct vhost_kill_work *w = container_of(work, struct vhost_kill_work,
						 work);

	atomic_inc(&w->runs);
	if (w->gate) {
		complete(w->entered);
		wait_for_completion_interruptible_timeout(w->gate,
							  VHOST_KILL_TEST_HOLD_MAX);
	}
	if (w->requeue)
		w->requeued = vhost_vq_work_queue(w->requeue_vq,
						  &w->requeue->work);
}

static int vhost_kill_thread_fn(void *data)
{
	struct vhost_kill_thread *t = data;

	t->start = jiffies;
	t->fn(t);
	t->end = jiffies;
	kthread_complete_and_exit(&t->done, 0);
}

/*
 * Hold vq->mutex, like an ioctl stalled on a user page, until released. The
 * wait is interruptible so that it is not reported as a hung task; kthreads
 * ignore signals.
 */
static void vhost_kill_hold(struct vhost_kill_thread *t)
{
	mutex_lock(&t->vq->mutex);
	complete(&t->ready);
	wait_for_completion_interruptible_timeout(&t->release,
						  VHOST_KILL_TEST_HOLD_MAX);
	if (t->work)
		t->queued = vhost_vq_work_queue(t->vq, t->work);
	mutex_unlock(&t->vq->mutex);
}

/* Flush the worker with vq->mutex held. */
static void vhost_kill_flush_locked(struct vhost_kill_thread *t)
{
	mutex_lock(&t->vq->mutex);
	complete(&t->ready);
	vhost_worker_flush(t->ctx->worker);
	mutex_unlock(&t->vq->mutex);
}

static void vhost_kill_dev_flush(struct vhost_kill_thread *t)
{
	complete(&t->ready);
	vhost_dev_flush(&t->ctx->dev);
}

static void vhost_kill_handler(struct vhost_kill_thread *t)
{
	vhost_worker_killed(t->ctx->worker);
}

static struct vhost_kill_thread *
vhost_kill_start(struct vhost_kill_ctx *ctx,
		 void (*fn)(struct vhost_kill_thread *t),
		 struct vhost_virtqueue *vq, const char *name)
{
	struct kunit *test = ctx->test;
	struct vhost_kill_thread *t;
	struct task_struct *task;

	KUNIT_ASSERT_LT(test, ctx->nthreads, VHOST_KILL_TEST_THREADS);
	t = &ctx->threads[ctx->nthreads];
	t->ctx = ctx;
	t->fn = fn;
	t->vq = vq;
	init_completion(&t->ready);
	init_completion(&t->release);
	init_completion(&t->done);

	task = kthread_run(vhost_kill_thread_fn, t, "vhost-kunit-%s", name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
	/* From here on, the cleanup waits for it. */
	ctx->nthreads++;
	return t;
}

static bool vhost_kill_wait(struct completion *c)
{
	return wait_for_completion_timeout(c, VHOST_KILL_TEST_TIMEOUT);
}

/* Wait for a test kthread to finish; false if it did not in time. */
static bool vhost_kill_join(struct vhost_kill_thread *t)
{
	if (!t->joined)
		t->joined = vhost_kill_wait(&t->done);
	return t->joined;
}

static void vhost_kill_ctx_cleanup(void *data)
{
	struct vhost_kill_ctx *ctx = data;
	int i;

	for (i = 0; i < ctx->nthreads; i++)
		complete(&ctx->threads[i].release);
	for (i = 0; i < ctx->nthreads; i++) {
		if (!vhost_kill_join(&ctx->threads[i])) {
			KUNIT_FAIL(ctx->test,
				   "test kthread %ps stuck, leaking its device",
				   ctx->threads[i].fn);
			return;
		}
	}

	if (ctx->dev.vqs) {
		/*
		 * Only a case that failed before the kill handler ran can leave
		 * work behind: run it so that vhost_worker_destroy() does not
		 * warn about it.
		 */
		if (ctx->worker)
			vhost_run_work_list(ctx->worker);
		vhost_workers_free(&ctx->dev);
	}
	for (i = 0; i < VHOST_KILL_TEST_NVQS; i++)
		kfree(ctx->vqs[i]);
	kfree(ctx);
}

/*
 * A device with @nvqs virtqueues, all attached to one worker. The
 * virtqueues are attached by hand rather than with
 * __vhost_vq_attach_worker(): that nests vq->mutex inside worker->mutex,
 * and the first case deliberately nests them the other way round.
 */
static struct vhost_kill_ctx *vhost_kill_setup(struct kunit *test, int nvqs)
{
	struct vhost_kill_ctx *ctx;
	struct vhost_worker *worker;
	int i, ret;
	u32 id;

	ctx = kzalloc_obj(*ctx);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->test = test;
	ret = kunit_add_action_or_reset(test, vhost_kill_ctx_cleanup, ctx);
	KUNIT_ASSERT_EQ(test, ret, 0);

	for (i = 0; i < nvqs; i++) {
		ctx->vqs[i] = kzalloc_obj(*ctx->vqs[i]);
		KUNIT_ASSERT_NOT_NULL(test, ctx->vqs[i]);
	}
	vhost_dev_init(&ctx->dev, ctx->vqs, nvqs, UIO_MAXIOV, 0, 0, true, NULL);
	/*
	 * The first case flushes with a vq->mutex held on purpose. Keep that
	 * order out of the lock graph of real virtqueues, whose mutexes work
	 * functions take while a worker's flush map is held.
	 */
	for (i = 0; i < nvqs; i++)
		lockdep_set_class(&ctx->vqs[i]->mutex, &vhost_kill_test_vq_key);

	worker = kzalloc_obj(*worker);
	KUNIT_ASSERT_NOT_NULL(test, worker);
	vhost_worker_init(worker, &ctx->dev, &vhost_kill_test_ops);
	ret = xa_alloc(&ctx->dev.worker_xa, &id, worker, xa_limit_32b,
		       GFP_KERNEL);
	if (ret)
		kfree(worker);
	KUNIT_ASSERT_EQ(test, ret, 0);
	worker->id = id;
	ctx->worker = worker;

	for (i = 0; i < nvqs; i++) {
		rcu_assign_pointer(ctx->vqs[i]->worker, worker);
		worker->attachment_cnt++;
	}
	for (i = 0; i < VHOST_KILL_TEST_WORKS; i++)
		vhost_work_init(&ctx->works[i].work, vhost_kill_work_fn);

	return ctx;
}

static int vhost_kill_attached(struct vhost_kill_ctx *ctx)
{
	int i, n = 0;

	for (i = 0; i < ctx->dev.nvqs; i++)
		if (rcu_access_pointer(ctx->vqs[i]->worker) == ctx->worker)
			n++;
	return n;
}

static int vhost_kill_queued(struct vhost_worker *worker)
{
	struct llist_node *node;
	int n = 0;

	llist_for_each(node, READ_ONCE(worker->work_list.first))
		n++;
	return n;
}

static bool vhost_kill_wait_for_work(struct vhost_worker *worker)
{
	unsigned long deadline = jiffies + VHOST_KILL_TEST_TIMEOUT;

	while (llist_empty(&worker->work_list)) {
		if (time_after(jiffies, deadline))
			return false;
		usleep_range(500, 1000);
	}
	return true;
}

static unsigned int vhost_kill_elapsed_ms(struct vhost_kill_thread *t)
{
	return jiffies_to_msecs(t->end - t->start);
}

/*
 * Run the kill handler while some vq->mutex is held by a holder that does
 * not depend on the worker: it must give up on it after its budget, not
 * before, and return. Returns how long it took, in milliseconds.
 */
static unsigned int vhost_kill_run_busy_handler(struct vhost_kill_ctx *ctx)
{
	struct kunit *test = ctx->test;
	struct vhost_kill_thread *handler;
	unsigned int ms;

	handler = vhost_kill_start(ctx, vhost_kill_handler, NULL, "handler");
	KUNIT_ASSERT_TRUE_MSG(test, vhost_kill_join(handler),
			      "kill handler still waits for a busy vq->mutex after %u ms",
			      jiffies_to_msecs(VHOST_KILL_TEST_TIMEOUT));
	ms = vhost_kill_elapsed_ms(handler);
	KUNIT_EXPECT_GE(test, ms, jiffies_to_msecs(VHOST_KILLED_VQ_LOCK_BUDGET));
	return ms;
}

/*
 * A task holding a vq->mutex waits for a flush of the worker when the worker
 * is killed: the handler must complete the flush before it waits for that
 * vq->mutex, and must not hold worker->mutex, which the flusher takes again
 * once its flush completed.
 */
static void vhost_kill_flush_under_vq_mutex(struct kunit *test)
{
	struct vhost_kill_thread *flusher, *handler;
	struct vhost_kill_ctx *ctx;
	struct vhost_worker *worker;

	ctx = vhost_kill_setup(test, 2);
	worker = ctx->worker;

	flusher = vhost_kill_start(ctx, vhost_kill_flush_locked, ctx->vqs[0],
				   "flusher");
	KUNIT_ASSERT_TRUE(test, vhost_kill_wait(&flusher->ready));
	KUNIT_ASSERT_TRUE_MSG(test, vhost_kill_wait_for_work(worker),
			      "flush work never queued");

	handler = vhost_kill_start(ctx, vhost_kill_handler, NULL, "handler");
	KUNIT_ASSERT_TRUE_MSG(test, vhost_kill_join(handler),
			      "kill handler deadlocked with a flusher holding vq->mutex");
	KUNIT_ASSERT_TRUE_MSG(test, vhost_kill_join(flusher),
			      "flusher still waits after the kill handler returned");

	KUNIT_EXPECT_TRUE(test, READ_ONCE(worker->killed));
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(ctx->vqs[0]->worker));
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(ctx->vqs[1]->worker));
	KUNIT_EXPECT_EQ(test, worker->attachment_cnt, 0);
	KUNIT_EXPECT_TRUE(test, llist_empty(&worker->work_list));
}

/*
 * A task holds a vq->mutex for longer than the handler's budget and does not
 * wait for the worker (an ioctl stalled on a user page). The handler must
 * give up on that virtqueue within its budget and leave it attached, and the
 * killed worker must not accept work through it, neither while the mutex is
 * held nor from the holder once it resumes.
 */
static void vhost_kill_stalled_vq_mutex(struct kunit *test)
{
	struct vhost_kill_thread *holder, *flusher;
	struct vhost_kill_work *w, *w_holder;
	struct vhost_virtqueue *vq;
	struct vhost_kill_ctx *ctx;
	struct vhost_worker *worker;
	unsigned int ms;

	ctx = vhost_kill_setup(test, 1);
	worker = ctx->worker;
	vq = ctx->vqs[0];
	w = &ctx->works[0];
	w_holder = &ctx->works[1];

	holder = vhost_kill_start(ctx, vhost_kill_hold, vq, "holder");
	/* Read by the holder only once it is released. */
	holder->work = &w_holder->work;
	KUNIT_ASSERT_TRUE(test, vhost_kill_wait(&holder->ready));

	ms = vhost_kill_run_busy_handler(ctx);
	KUNIT_EXPECT_LE(test, ms, jiffies_to_msecs(VHOST_KILL_TEST_TIMEOUT));

	KUNIT_EXPECT_TRUE(test, READ_ONCE(worker->killed));
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(vq->worker), worker);
	KUNIT_EXPECT_EQ(test, worker->attachment_cnt, 1);

	KUNIT_EXPECT_FALSE(test, vhost_vq_work_queue(vq, &w->work));
	KUNIT_EXPECT_TRUE(test, llist_empty(&worker->work_list));
	KUNIT_EXPECT_FALSE(test, test_bit(VHOST_WORK_QUEUED, &w->work.flags));

	/* The virtqueue is still attached, but the worker is killed. */
	flusher = vhost_kill_start(ctx, vhost_kill_dev_flush, NULL, "flush");
	KUNIT_EXPECT_TRUE_MSG(test, vhost_kill_join(flusher),
			      "flush of a killed worker waits");

	complete(&holder->release);
	KUNIT_ASSERT_TRUE(test, vhost_kill_join(holder));
	KUNIT_EXPECT_FALSE(test, holder->queued);
	KUNIT_EXPECT_FALSE(test, test_bit(VHOST_WORK_QUEUED,
					  &w_holder->work.flags));
	KUNIT_EXPECT_TRUE(test, llist_empty(&worker->work_list));
	KUNIT_EXPECT_EQ(test, atomic_read(&w->runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&w_holder->runs), 0);
	KUNIT_EXPECT_EQ(test, worker->attachment_cnt, vhost_kill_attached(ctx));
}

/*
 * Work queued before the kill runs exactly once and leaves nothing queued;
 * work that a work function queues while the handler drains is refused;
 * flushes and queueing after the kill return at once; and the worker's
 * attachment count matches its virtqueues, so the device release path can
 * destroy it.
 */
static void vhost_kill_pending_work(struct kunit *test)
{
	struct vhost_kill_thread *handler, *flusher;
	struct vhost_kill_ctx *ctx;
	struct vhost_worker *worker;
	int i;

	ctx = vhost_kill_setup(test, 2);
	worker = ctx->worker;

	/* works[2], when run, tries to queue works[3]. */
	ctx->works[2].requeue_vq = ctx->vqs[1];
	ctx->works[2].requeue = &ctx->works[3];

	KUNIT_EXPECT_TRUE(test, vhost_vq_work_queue(ctx->vqs[0],
						    &ctx->works[0].work));
	/* Already queued: not added a second time. */
	KUNIT_EXPECT_TRUE(test, vhost_vq_work_queue(ctx->vqs[0],
						    &ctx->works[0].work));
	KUNIT_EXPECT_TRUE(test, vhost_vq_work_queue(ctx->vqs[1],
						    &ctx->works[1].work));
	KUNIT_EXPECT_TRUE(test, vhost_vq_work_queue(ctx->vqs[0],
						    &ctx->works[2].work));
	KUNIT_ASSERT_EQ(test, vhost_kill_queued(worker), 3);

	handler = vhost_kill_start(ctx, vhost_kill_handler, NULL, "handler");
	KUNIT_ASSERT_TRUE(test, vhost_kill_join(handler));

	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&ctx->works[i].runs), 1,
				    "work %d", i);
	KUNIT_EXPECT_FALSE(test, ctx->works[2].requeued);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->works[3].runs), 0);
	for (i = 0; i < VHOST_KILL_TEST_WORKS; i++)
		KUNIT_EXPECT_FALSE_MSG(test, test_bit(VHOST_WORK_QUEUED,
						      &ctx->works[i].work.flags),
				       "work %d", i);
	KUNIT_EXPECT_TRUE(test, llist_empty(&worker->work_list));

	KUNIT_EXPECT_NULL(test, rcu_access_pointer(ctx->vqs[0]->worker));
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(ctx->vqs[1]->worker));
	KUNIT_EXPECT_EQ(test, worker->attachment_cnt, 0);

	flusher = vhost_kill_start(ctx, vhost_kill_dev_flush, NULL, "flush");
	KUNIT_ASSERT_TRUE_MSG(test, vhost_kill_join(flusher),
			      "flush of a killed worker waits");

	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_FALSE(test, vhost_vq_work_queue(ctx->vqs[i],
							     &ctx->works[i].work));
	KUNIT_EXPECT_TRUE(test, llist_empty(&worker->work_list));

	/* What vhost_dev_cleanup() does. */
	vhost_workers_free(&ctx->dev);
	ctx->worker = NULL;
	KUNIT_EXPECT_TRUE(test, xa_empty(&ctx->dev.worker_xa));
}

/*
 * Three of four virtqueues are stalled: the free one is detached, the
 * stalled ones stay attached, the budget covers the whole worker rather
 * than each virtqueue, and the release path then detaches and frees all.
 */
static void vhost_kill_budget_per_worker(struct kunit *test)
{
	struct vhost_kill_thread *holder[3];
	struct vhost_kill_ctx *ctx;
	struct vhost_worker *worker;
	unsigned int ms;
	int i;

	ctx = vhost_kill_setup(test, 4);
	worker = ctx->worker;

	for (i = 0; i < 3; i++)
		holder[i] = vhost_kill_start(ctx, vhost_kill_hold,
					     ctx->vqs[i + 1], "holder");
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_TRUE(test, vhost_kill_wait(&holder[i]->ready));

	ms = vhost_kill_run_busy_handler(ctx);
	KUNIT_EXPECT_LT_MSG(test, ms,
			    2 * jiffies_to_msecs(VHOST_KILLED_VQ_LOCK_BUDGET),
			    "budget spent per virtqueue, not per worker");

	KUNIT_EXPECT_NULL(test, rcu_access_pointer(ctx->vqs[0]->worker));
	for (i = 1; i < 4; i++)
		KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(ctx->vqs[i]->worker),
				    worker);
	KUNIT_EXPECT_EQ(test, worker->attachment_cnt, 3);

	for (i = 0; i < 3; i++) {
		complete(&holder[i]->release);
		KUNIT_ASSERT_TRUE(test, vhost_kill_join(holder[i]));
	}
	KUNIT_EXPECT_TRUE(test, llist_empty(&worker->work_list));

	vhost_workers_free(&ctx->dev);
	ctx->worker = NULL;
	KUNIT_EXPECT_TRUE(test, xa_empty(&ctx->dev.worker_xa));
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_NULL(test, rcu_access_pointer(ctx->vqs[i]->worker));
}

/*
 * A second worker of the device, as VHOST_NEW_WORKER makes, owns the second
 * virtqueue, whose mutex is held by a stalled task. The first worker's kill
 * handler must leave that virtqueue alone: it is not attached to its worker,
 * so neither its mutex nor the budget is spent on it.
 */
static void vhost_kill_other_workers_vq(struct kunit *test)
{
	struct vhost_kill_thread *holder, *handler;
	struct vhost_worker *worker, *other;
	struct vhost_kill_ctx *ctx;
	unsigned int ms;
	int ret;
	u32 id;

	ctx = vhost_kill_setup(test, 2);
	worker = ctx->worker;

	other = kzalloc_obj(*other);
	KUNIT_ASSERT_NOT_NULL(test, other);
	vhost_worker_init(other, &ctx->dev, &vhost_kill_test_ops);
	ret = xa_alloc(&ctx->dev.worker_xa, &id, other, xa_limit_32b,
		       GFP_KERNEL);
	if (ret)
		kfree(other);
	KUNIT_ASSERT_EQ(test, ret, 0);
	other->id = id;
	/* What __vhost_vq_attach_worker() does, by hand (see setup). */
	rcu_assign_pointer(ctx->vqs[1]->worker, other);
	worker->attachment_cnt--;
	other->attachment_cnt++;

	holder = vhost_kill_start(ctx, vhost_kill_hold, ctx->vqs[1], "holder");
	KUNIT_ASSERT_TRUE(test, vhost_kill_wait(&holder->ready));

	handler = vhost_kill_start(ctx, vhost_kill_handler, NULL, "handler");
	KUNIT_ASSERT_TRUE(test, vhost_kill_join(handler));
	ms = vhost_kill_elapsed_ms(handler);
	KUNIT_EXPECT_LT_MSG(test, ms,
			    jiffies_to_msecs(VHOST_KILLED_VQ_LOCK_BUDGET),
			    "budget spent on another worker's virtqueue");

	KUNIT_EXPECT_NULL(test, rcu_access_pointer(ctx->vqs[0]->worker));
	KUNIT_EXPECT_PTR_EQ(test, rcu_access_pointer(ctx->vqs[1]->worker),
			    other);
	KUNIT_EXPECT_EQ(test, worker->attachment_cnt, 0);
	KUNIT_EXPECT_EQ(test, other->attachment_cnt, 1);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(other->killed));

	complete(&holder->release);
	KUNIT_ASSERT_TRUE(test, vhost_kill_join(holder));
}

/*
 * The release path flushes the device and then resets its virtqueues and
 * frees what the work functions use, so a flush must not return while the
 * kill handler still runs work. Here the handler's first run of the work
 * list is stuck in a work function; a flush of the killed worker must wait
 * until that work has finished and the handler returned.
 */
static void vhost_kill_flush_waits_for_handler(struct kunit *test)
{
	struct vhost_kill_thread *handler, *flusher;
	struct completion entered, gate;
	struct vhost_kill_ctx *ctx;
	struct vhost_kill_work *w;
	unsigned long deadline;

	ctx = vhost_kill_setup(test, 1);
	w = &ctx->works[0];
	init_completion(&entered);
	init_completion(&gate);
	w->entered = &entered;
	w->gate = &gate;

	KUNIT_ASSERT_TRUE(test, vhost_vq_work_queue(ctx->vqs[0], &w->work));
	handler = vhost_kill_start(ctx, vhost_kill_handler, NULL, "handler");
	if (!vhost_kill_wait(&entered)) {
		complete(&gate);
		KUNIT_FAIL(test, "the kill handler did not run the queued work");
		return;
	}

	flusher = vhost_kill_start(ctx, vhost_kill_dev_flush, NULL, "flush");
	KUNIT_EXPECT_TRUE(test, vhost_kill_wait(&flusher->ready));
	/* Half a second is plenty for a flush that does not wait. */
	deadline = jiffies + HZ / 2;
	while (!completion_done(&flusher->done) && time_before(jiffies, deadline))
		msleep(20);
	KUNIT_EXPECT_FALSE_MSG(test, completion_done(&flusher->done),
			       "flush returned while the kill handler ran work");

	complete(&gate);
	KUNIT_ASSERT_TRUE(test, vhost_kill_join(handler));
	KUNIT_ASSERT_TRUE(test, vhost_kill_join(flusher));
	KUNIT_EXPECT_EQ(test, atomic_read(&w->runs), 1);
}

static struct kunit_case vhost_kill_test_cases[] = {
	KUNIT_CASE(vhost_kill_flush_under_vq_mutex),
	KUNIT_CASE_SLOW(vhost_kill_stalled_vq_mutex),
	KUNIT_CASE(vhost_kill_pending_work),
	KUNIT_CASE_SLOW(vhost_kill_budget_per_worker),
	KUNIT_CASE(vhost_kill_other_workers_vq),
	KUNIT_CASE(vhost_kill_flush_waits_for_handler),
	{}
};

static struct kunit_suite vhost_kill_test_suite = {
	.name = "vhost_kill",
	.test_cases = vhost_kill_test_cases,
};

/*
 * Provoke, on purpose, the report the worker's flush map exists for. A
 * lockdep report turns lockdep off for the rest of the boot, so these cases
 * only run when asked for, each on a boot of its own:
 *   vhost.flush_lockdep_test=1 kunit.filter_glob=vhost_flush_lockdep.CASE
 */
static bool flush_lockdep_test;
module_param(flush_lockdep_test, bool, 0444);
MODULE_PARM_DESC(flush_lockdep_test,
		 "KUnit: flush while holding a lock a work function takes, to check that lockdep reports it");

struct vhost_flush_lockdep_work {
	struct vhost_work work;
	struct vhost_virtqueue *vq;
};

static void vhost_flush_lockdep_work_fn(struct vhost_work *work)
{
	struct vhost_flush_lockdep_work *w =
		container_of(work, struct vhost_flush_lockdep_work, work);

	mutex_lock(&w->vq->mutex);
	mutex_unlock(&w->vq->mutex);
}

enum vhost_flush_lockdep_state {
	VHOST_FLUSH_LOCKDEP_LIVE,	/* attached, not killed */
	VHOST_FLUSH_LOCKDEP_KILLED,	/* its kill handler has run */
	VHOST_FLUSH_LOCKDEP_IDLE,	/* no virtqueue attached */
};

/*
 * A work function takes vq->mutex, and a task flushes the worker with that
 * vq->mutex held: a deadlock whenever the work runs after the flusher took
 * the mutex. Lockdep must report it the first time both orders are seen,
 * without the deadlock happening: here the work runs first, and the flush
 * completes because the test runs the work list itself. As for
 * flush_work(), the report must not depend on whether this particular
 * flush has anything to wait for: a killed or an idle worker returns
 * without queueing a flush, but the same code with the worker live would
 * deadlock.
 */
static void vhost_flush_lockdep_run(struct kunit *test,
				    enum vhost_flush_lockdep_state state)
{
	struct vhost_flush_lockdep_work w;
	struct vhost_kill_thread *flusher;
	struct vhost_kill_ctx *ctx;
	struct vhost_worker *worker;

	if (!flush_lockdep_test)
		kunit_skip(test, "boot with vhost.flush_lockdep_test=1");
	if (!IS_ENABLED(CONFIG_PROVE_LOCKING))
		kunit_skip(test, "needs CONFIG_PROVE_LOCKING");
	if (!debug_locks)
		kunit_skip(test, "lockdep is off: run each case on a boot of its own");

	ctx = vhost_kill_setup(test, 1);
	worker = ctx->worker;
	w.vq = ctx->vqs[0];
	vhost_work_init(&w.work, vhost_flush_lockdep_work_fn);

	/* The worker runs a work function that takes vq->mutex. */
	KUNIT_ASSERT_TRUE(test, vhost_vq_work_queue(w.vq, &w.work));
	KUNIT_ASSERT_TRUE(test, vhost_run_work_list(worker));

	if (state == VHOST_FLUSH_LOCKDEP_KILLED) {
		vhost_worker_killed(worker);
		KUNIT_ASSERT_TRUE(test, READ_ONCE(worker->killed));
	} else if (state == VHOST_FLUSH_LOCKDEP_IDLE) {
		/* What the kill handler does to a virtqueue, by hand. */
		mutex_lock(&w.vq->mutex);
		rcu_assign_pointer(w.vq->worker, NULL);
		mutex_unlock(&w.vq->mutex);
		mutex_lock(&worker->mutex);
		worker->attachment_cnt = 0;
		mutex_unlock(&worker->mutex);
	}

	/* A flush with vq->mutex held: lockdep speaks before it waits. */
	flusher = vhost_kill_start(ctx, vhost_kill_flush_locked, w.vq,
				   "flusher");
	KUNIT_ASSERT_TRUE(test, vhost_kill_wait(&flusher->ready));
	if (state == VHOST_FLUSH_LOCKDEP_LIVE) {
		KUNIT_ASSERT_TRUE_MSG(test, vhost_kill_wait_for_work(worker),
				      "flush work never queued");
		vhost_run_work_list(worker);
	}
	KUNIT_EXPECT_TRUE(test, vhost_kill_join(flusher));
	KUNIT_EXPECT_FALSE_MSG(test, debug_locks,
			       "lockdep did not report the flush under vq->mutex");
}

static void vhost_flush_lockdep_live(struct kunit *test)
{
	vhost_flush_lockdep_run(test, VHOST_FLUSH_LOCKDEP_LIVE);
}

static void vhost_flush_lockdep_killed(struct kunit *test)
{
	vhost_flush_lockdep_run(test, VHOST_FLUSH_LOCKDEP_KILLED);
}

static void vhost_flush_lockdep_idle(struct kunit *test)
{
	vhost_flush_lockdep_run(test, VHOST_FLUSH_LOCKDEP_IDLE);
}

static struct kunit_case vhost_flush_lockdep_cases[] = {
	KUNIT_CASE(vhost_flush_lockdep_live),
	KUNIT_CASE(vhost_flush_lockdep_killed),
	KUNIT_CASE(vhost_flush_lockdep_idle),
	{}
};

static struct kunit_suite vhost_flush_lockdep_suite = {
	.name = "vhost_flush_lockdep",
	.test_cases = vhost_flush_lockdep_cases,
};

kunit_test_suites(&vhost_kill_test_suite, &vhost_flush_lockdep_suite);
