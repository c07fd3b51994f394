#include "log_prefix.h"

#include <gtest/gtest.h>

#include <string>

namespace vh {
namespace {

std::string rest(std::string_view s, std::size_t n) { return std::string(s.substr(n)); }

TEST(LogPrefix, JournalctlShort) {
  std::string_view l = "Nov 28 20:21:26 debian kernel:  ? vhost_worker_killed+0x65/0x109";
  EXPECT_EQ(rest(l, skip_wallclock_prefix(l)), " ? vhost_worker_killed+0x65/0x109");
  std::string_view padded = "Nov  5 08:01:02 host kernel: INFO: task vhost-1:2 blocked";
  EXPECT_EQ(rest(padded, skip_wallclock_prefix(padded)), "INFO: task vhost-1:2 blocked");
}

TEST(LogPrefix, JournalctlPreciseAndIso) {
  std::string_view precise = "Nov 28 20:21:26.123456 vm kernel: hello";
  EXPECT_EQ(rest(precise, skip_wallclock_prefix(precise)), "hello");
  std::string_view iso = "2026-11-28T20:21:26+0000 vm kernel: hello";
  EXPECT_EQ(rest(iso, skip_wallclock_prefix(iso)), "hello");
  std::string_view dmesg_iso = "2026-11-28T20:21:26,123456+00:00 hello";
  EXPECT_EQ(rest(dmesg_iso, skip_wallclock_prefix(dmesg_iso)), "hello");
}

TEST(LogPrefix, DmesgCtime) {
  std::string_view l = "[Sat Nov 28 20:21:26 2026]  __mutex_lock+0x20a/0x3b5";
  EXPECT_EQ(rest(l, skip_ctime_bracket(l)), " __mutex_lock+0x20a/0x3b5");
  EXPECT_EQ(skip_ctime_bracket("[   12.345678] x"), 0u);
  EXPECT_EQ(skip_ctime_bracket("[Sat] x"), 0u);
}

TEST(LogPrefix, DmesgDecode) {
  std::string_view l = "kern  :info  : [   12.345678] hello";
  EXPECT_EQ(rest(l, skip_facility_level(l)), "[   12.345678] hello");
  EXPECT_EQ(skip_facility_level("kernel: x"), 0u);
}

TEST(LogPrefix, LeavesKernelTextAlone) {
  for (std::string_view l : {"INFO: task vhost-1:2 blocked for more than 5 seconds.", " __schedule+0x1/0x2",
                             "Nov", "Nov 28", "2026-11-28", "kern", "# ok 1 kill_stall.x"}) {
    EXPECT_EQ(skip_wallclock_prefix(l), 0u) << l;
    EXPECT_EQ(skip_ctime_bracket(l), 0u) << l;
    EXPECT_EQ(skip_facility_level(l), 0u) << l;
  }
}

}  // namespace
}  // namespace vh
