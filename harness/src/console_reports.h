// Recognises kernel failure reports anywhere in a console log: hung tasks,
// lockdep splats, RCU stalls, WARNING, BUG, Oops, panic, KASAN, lockups,
// sleeping-in-atomic, UBSAN, kmemleak. One Report per report header.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "console_line.h"

namespace vh {

enum class ReportKind {
  HungTask,
  Lockdep,
  RcuStall,
  Warning,
  Bug,
  Oops,
  Panic,
  Kasan,
  SoftLockup,
  HardLockup,
  SleepInAtomic,
  Ubsan,
  Kmemleak,  // "kmemleak: N new suspected memory leaks", "unreferenced object 0x..."
};

const char* kind_name(ReportKind k);

struct Report {
  ReportKind kind = ReportKind::Bug;
  std::string title;  // the header line as printed (without timestamp)
  std::size_t line = 0;
  std::optional<double> time;
  std::string task;  // affected task's comm, if printed
  std::optional<int> pid;
};

// Classifies a single (stripped) line as a report header.
std::optional<ReportKind> classify_report_header(std::string_view text);

std::vector<Report> find_reports(Lines lines);
std::vector<Report> find_reports(std::string_view log);

}  // namespace vh
