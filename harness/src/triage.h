// Answers "what is stuck, on what, behind whom, since when" for a console
// log, and classifies vhost kill-path hangs:
//   vq_mutex_in_vhost_worker_killed  - vhost_worker_killed() in mutex_lock(&vq->mutex)
//   vq_mutex_in_vhost_work           - a worker's work function in mutex_lock(&vq->mutex)
//   synchronize_rcu_in_vhost_worker_killed
//   flush_completion                 - waiting for a vhost flush completion
//   other
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analysis.h"
#include "evidence.h"
#include "test_results.h"
#include "wait_graph.h"

namespace vh {

enum class HangClass {
  VqMutexInVhostWorkerKilled,
  VqMutexInVhostWork,
  SynchronizeRcuInVhostWorkerKilled,
  FlushCompletion,
  Other,
};
// "vq_mutex_in_vhost_worker_killed", "vq_mutex_in_vhost_work",
// "synchronize_rcu_in_vhost_worker_killed", "flush_completion", "other"
const char* hang_class_name(HangClass c);

struct HangFinding {
  HangClass classification = HangClass::Other;
  std::string headline;
  BlockedTask task;
  std::vector<int> chain;              // pids: task -> holder -> ...
  std::vector<Report> rcu_evidence;    // RCU stall reports, for rcu waits
};

// The explanation of an Analysis: the verdict and exit code are the
// analysis's (analysis.h), never decided again here.
struct Diagnosis {
  Verdict verdict = Verdict::Pass;
  int exit_code = 0;
  std::vector<std::string> infra_problems;  // from the analysis
  std::size_t lines = 0;
  std::vector<HangFinding> hangs;
  std::vector<std::vector<int>> deadlocks;
  std::vector<Report> reports;
  std::vector<bool> report_expected;  // parallel to reports (--expect-report)
  std::vector<std::string> report_known;  // parallel: reason, or empty (--known-reports)
  std::vector<FlatTest> failed_tests;
  std::vector<std::string> ktap_problems;
  std::map<int, std::string> names;  // pid -> comm, for rendering chains
};

HangClass classify_hang(const BlockedTask& t);
Diagnosis triage(const Analysis& a);

std::string render_diagnosis_text(const Diagnosis& d);
std::string render_diagnosis_json(const Diagnosis& d);

}  // namespace vh
