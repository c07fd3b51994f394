#include "triage.h"

#include "text_util.h"

namespace vh {

namespace {

bool in_stack(const BlockedTask& t, std::string_view fn) { return has_function(t.stack, fn); }

bool is_vhost_flush(const BlockedTask& t) {
  for (const Frame& f : t.stack)
    if (f.function.find("vhost") != std::string::npos && f.function.find("flush") != std::string::npos)
      return true;
  return false;
}

std::string site_name(const BlockedTask& t) {
  return t.wait.site ? t.wait.site->function + "()" : std::string("an unknown caller");
}

bool waits_on_vq_mutex(const BlockedTask& t) {
  return t.wait.kind == WaitKind::Lock && t.acquiring &&
         t.acquiring->class_name.find("vq->mutex") != std::string::npos;
}

// A vhost worker running a work function (vhost_task or kthread loop, or
// the kill handler's drains).
bool runs_vhost_work(const BlockedTask& t) {
  return in_stack(t, "vhost_worker_run_work") || in_stack(t, "vhost_run_work_list") ||
         in_stack(t, "vhost_run_work_kthread_list");
}

std::string headline(const BlockedTask& t, HangClass cls) {
  if (cls == HangClass::VqMutexInVhostWorkerKilled)
    return "vhost_worker_killed() is blocked on mutex_lock(&vq->mutex)";
  if (cls == HangClass::VqMutexInVhostWork)
    return "work function " + site_name(t) + " on " + t.comm + "/" + std::to_string(t.pid) +
           " is blocked on mutex_lock(&vq->mutex)" +
           (in_stack(t, "vhost_worker_killed") ? " in the kill handler's drain" : "");
  if (cls == HangClass::SynchronizeRcuInVhostWorkerKilled)
    return "vhost_worker_killed() is blocked in " + t.wait.primitive + "()";
  if (cls == HangClass::FlushCompletion) return site_name(t) + " is waiting for a vhost flush completion";
  std::string who = t.comm + "/" + std::to_string(t.pid);
  switch (t.wait.kind) {
    case WaitKind::Lock:
      return who + " is blocked acquiring " +
             (t.acquiring ? t.acquiring->class_name : std::string("a lock")) + " in " + site_name(t);
    case WaitKind::Rcu: return who + " is blocked in " + t.wait.primitive + "() called from " + site_name(t);
    case WaitKind::Completion: return who + " is waiting for a completion in " + site_name(t);
    default: return who + " is blocked in " + site_name(t);
  }
}

std::vector<BlockedTask> subjects(const WaitGraph& g) {
  std::vector<BlockedTask> hung, blocked;
  for (const BlockedTask& t : g.tasks) (t.hung ? hung : blocked).push_back(t);
  return hung.empty() ? blocked : hung;
}

std::vector<Report> rcu_reports(const Evidence& e) {
  std::vector<Report> out;
  for (const Report& r : e.reports)
    if (r.kind == ReportKind::RcuStall) out.push_back(r);
  return out;
}

}  // namespace

const char* hang_class_name(HangClass c) {
  switch (c) {
    case HangClass::VqMutexInVhostWorkerKilled: return "vq_mutex_in_vhost_worker_killed";
    case HangClass::VqMutexInVhostWork: return "vq_mutex_in_vhost_work";
    case HangClass::SynchronizeRcuInVhostWorkerKilled: return "synchronize_rcu_in_vhost_worker_killed";
    case HangClass::FlushCompletion: return "flush_completion";
    case HangClass::Other: return "other";
  }
  return "other";
}

HangClass classify_hang(const BlockedTask& t) {
  bool handler_site = t.wait.site && t.wait.site->function == "vhost_worker_killed";
  if (waits_on_vq_mutex(t) && runs_vhost_work(t) && !handler_site) return HangClass::VqMutexInVhostWork;
  if (in_stack(t, "vhost_worker_killed")) {
    if (waits_on_vq_mutex(t)) return HangClass::VqMutexInVhostWorkerKilled;
    if (t.wait.kind == WaitKind::Rcu) return HangClass::SynchronizeRcuInVhostWorkerKilled;
  }
  if (t.wait.kind == WaitKind::Completion && is_vhost_flush(t)) return HangClass::FlushCompletion;
  return HangClass::Other;
}

Diagnosis triage(const Analysis& a) {
  const Evidence& e = a.evidence;
  Diagnosis d;
  d.verdict = a.verdict;
  d.exit_code = a.exit_code;
  d.infra_problems = a.infra_problems;
  d.lines = e.line_count;
  d.reports = e.reports;
  d.report_expected = a.report_expected;
  d.report_known = a.report_known;
  for (const FlatTest& t : flatten_tests(e.ktap))
    if (is_failing(t.status)) d.failed_tests.push_back(t);
  d.ktap_problems = e.ktap.problems;
  WaitGraph g = build_wait_graph(e);
  for (const BlockedTask& t : g.tasks) {
    d.names[t.pid] = t.comm;
    for (const HolderInfo& h : t.holders) d.names.emplace(h.pid, h.comm);
  }
  for (const BlockedTask& t : subjects(g)) {
    HangFinding f;
    f.classification = classify_hang(t);
    f.headline = headline(t, f.classification);
    f.task = t;
    f.chain = chain_from(g, t.pid);
    if (t.wait.kind == WaitKind::Rcu) f.rcu_evidence = rcu_reports(e);
    d.hangs.push_back(std::move(f));
  }
  d.deadlocks = g.cycles;
  return d;
}

}  // namespace vh
