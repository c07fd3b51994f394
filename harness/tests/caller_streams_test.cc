#include "caller_streams.h"

#include <gtest/gtest.h>

#include <string>

namespace vh {
namespace {

std::string texts(const std::vector<LogLine>& lines) {
  std::string out;
  for (const LogLine& l : lines) out += std::string(l.text) + "|";
  return out;
}

TEST(CallerStreams, PutsEachCallersBurstTogether) {
  std::string log =
      "[   10.000001][  T100] task:a state:D\n"
      "[   10.000002][  T200] task:b state:D\n"
      "[   10.000003][  T100]  a1+0x1/0x2\n"
      "[   10.000004][  T200]  b1+0x1/0x2\n"
      "[   10.000005][  T100]  a2+0x1/0x2\n";
  auto lines = split_console(log);
  auto out = regroup_by_caller(Lines(lines));
  EXPECT_EQ(texts(out), "task:a state:D| a1+0x1/0x2| a2+0x1/0x2|task:b state:D| b1+0x1/0x2|");
  EXPECT_EQ(out[1].number, 3u);  // line numbers of the log are kept
}

TEST(CallerStreams, UntaggedLinesStayWhereTheyAre) {
  std::string log =
      "[    1.000000][    T1] k1\n"
      "user line\n"
      "[    1.000001][    T1] k2\n";
  auto lines = split_console(log);
  EXPECT_EQ(texts(regroup_by_caller(Lines(lines))), "k1|k2|user line|");
  std::string plain = "[    1.0] a\nb\n[    1.1] c\n";
  auto plain_lines = split_console(plain);
  EXPECT_EQ(texts(regroup_by_caller(Lines(plain_lines))), "a|b|c|");
}

TEST(CallerStreams, ALaterReportOfTheSameCallerIsANewBurst) {
  std::string log =
      "[    5.000000][   T38] INFO: task x:1 blocked\n"
      "[    6.000000][  T200] sysrq: Show Blocked State\n"
      "[   10.000000][   T38] INFO: task x:1 blocked\n";
  auto lines = split_console(log);
  auto out = regroup_by_caller(Lines(lines));
  EXPECT_EQ(out[1].number, 2u);
  EXPECT_EQ(out[2].number, 3u);
}

}  // namespace
}  // namespace vh
