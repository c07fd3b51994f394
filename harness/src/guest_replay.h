// The guest's replay of its test output.
//
// On a serial console, text a guest program writes and text the kernel
// prints interleave mid-line (a sysrq dump can cut a "not ok" line in two,
// hundreds of lines apart). So the guest's /init also keeps the test output
// in a file and prints it again, unbroken, once the tests are over:
//
//   vhost-harness: tests begin
//   ...test output as it streamed, mixed with kernel messages...
//   vhost-harness: replay begin
//   ...the same test output, in one piece...
//   vhost-harness: replay end
//
// When the replay is complete, KTAP is read from it (plus whatever precedes
// "tests begin", e.g. KUnit results printed at boot) and the streamed copy
// is only scanned for kernel reports. Without a complete replay (the guest
// hung or died), everything is used as it is.
#pragma once

#include <string_view>
#include <vector>

#include "console_line.h"
#include "guest_protocol.h"

namespace vh {

struct ConsoleParts {
  bool replayed = false;             // a complete replay was found
  std::vector<LogLine> ktap_lines;   // where test results are read from
  std::vector<LogLine> kernel_lines; // where kernel reports are read from
  // The guest's test output: the replay when complete, else (best effort)
  // the lines without a printk timestamp after "tests begin".
  std::vector<LogLine> guest_output;
};

ConsoleParts split_replay(Lines lines);

}  // namespace vh
