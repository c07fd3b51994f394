// Turns a console log (plus facts about how it was obtained) into a verdict:
// pass (exit 0), fail (exit 1: a test failed, a kernel report appeared, or an
// expected report is missing or lacks what its body must contain),
// infra_error (exit 2: QEMU did not start, the wall-clock limit hit, no KTAP,
// truncated/incomplete run, not a kernel log at all). A real failure
// outranks incompleteness, except when QEMU could not start at all.
//
// The one verdict: run, parse and triage all exit with it (triage explains
// it, it does not judge again).
//
// A log from a harness run (QEMU was run, or the guest's protocol lines are
// in it) must be complete: KTAP and "guest done" are required. Any other
// log (a console, dmesg or journal someone pasted, a syzbot report) is judged
// on its kernel reports and test results alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence.h"
#include "guest_protocol.h"
#include "test_results.h"

namespace vh {

enum class Verdict { Pass, Fail, InfraError };
const char* verdict_name(Verdict v);  // "pass", "fail", "infra_error"
std::optional<Verdict> verdict_from_name(std::string_view name);

struct RunFacts {
  bool ran_qemu = false;
  bool qemu_started = true;
  std::string qemu_error;
  bool timed_out = false;
  bool interrupted = false;  // SIGINT/SIGTERM; QEMU was killed
  double timeout_seconds = 0;
  std::optional<double> wall_seconds;
  std::optional<int> qemu_exit_status;
  std::string accel;
  std::string accel_reason;
  std::string clock;         // "wall", or "icount" (run --icount); empty without QEMU
};

struct ExpectedReport {
  std::string pattern;
  int matches = 0;
};

// --expect-report-body: a pattern the body of an expected report (its
// header line up to the next report, at most kReportBodyLines lines) must
// contain; matches counts the expected reports whose body does.
struct ExpectedBody {
  std::string pattern;
  int matches = 0;
};
inline constexpr std::size_t kReportBodyLines = 400;

// --known-reports FILE: reports known not to be about the code under test
// (a pre-existing false positive elsewhere in the kernel, say). A report
// whose title matches title_re and whose body has a line matching body_re
// is listed with the reason but is not a failure.
struct KnownReport {
  std::string title_re;
  std::string body_re;
  std::string reason;
};

enum class LogOrigin { Auto, HarnessRun, Pasted };

struct Analysis {
  std::string name;
  RunFacts facts;
  Evidence evidence;
  std::vector<FlatTest> tests;
  Counts counts;
  std::vector<bool> report_expected;  // parallel to evidence.reports
  std::vector<std::string> report_known;  // parallel: the reason, or empty
  std::vector<ExpectedReport> expectations;
  std::vector<ExpectedBody> body_expectations;
  bool harness_run = false;  // completeness (KTAP, guest done) is required
  bool guest_done = false;
  std::optional<double> guest_seconds;  // last printk timestamp
  Verdict verdict = Verdict::Pass;
  int exit_code = 0;
  std::vector<std::string> failures;        // named failures (exit 1)
  std::vector<std::string> infra_problems;  // exit 2 causes
};

struct AnalyzeOptions {
  std::string name;
  std::vector<std::string> expect_reports;  // ECMAScript regexes
  std::vector<std::string> expect_report_bodies;  // ECMAScript regexes, need expect_reports
  std::vector<KnownReport> known_reports;
  RunFacts facts;
  LogOrigin origin = LogOrigin::Auto;  // Auto: a harness run if QEMU ran or guest markers are there
};

// nullopt (with *error) only for an invalid --expect-report(-body) regex, or
// body patterns without report patterns.
std::optional<Analysis> analyze_log(std::string_view log, const AnalyzeOptions& opts, std::string* error);

}  // namespace vh
