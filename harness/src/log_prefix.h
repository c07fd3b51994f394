// Prefixes that the tools people copy kernel logs from put before each
// kernel message, as opposed to the serial console's own "[  12.345678] ":
//   journalctl -k (short)      "Nov 28 20:21:26 host kernel: "
//   journalctl -o short-precise / short-iso, syslog files (kern.log):
//                              "Nov 28 20:21:26.123456 host kernel: ",
//                              "2026-11-28T20:21:26+0000 host kernel: "
//   dmesg -T                   "[Sat Nov 28 20:21:26 2026] "
//   dmesg --time-format iso    "2026-11-28T20:21:26,123456+00:00 "
//   dmesg -x                   "kern  :info  : "
// Each function returns how many characters of `s` the prefix takes (the
// separating blank included), 0 if `s` does not start with one.
#pragma once

#include <cstddef>
#include <string_view>

namespace vh {

// "Nov 28 20:21:26[.frac] host kernel: " or "YYYY-MM-DDTHH:MM:SS[...] "
// (then "host kernel: " if present).
std::size_t skip_wallclock_prefix(std::string_view s);
// "[Sat Nov 28 20:21:26 2026] " (dmesg -T, --time-format ctime).
std::size_t skip_ctime_bracket(std::string_view s);
// "kern  :info  : " (dmesg -x, --decode).
std::size_t skip_facility_level(std::string_view s);
// "host kernel: " (what journalctl and syslog put after their timestamp).
std::size_t skip_host_kernel_tag(std::string_view s);

}  // namespace vh
