// The lines the guest's /init (guest/init) prints for the harness: the one
// definition of the guest protocol. tests/guest_protocol_test.cc checks that
// guest/init prints exactly these, and no other "vhost-harness: " line.
//
//   vhost-harness: guest up, RELEASE, mode MODE      /init started
//   vhost-harness: tests begin                       test output streams from here
//   vhost-harness: running extra /extra/X            (mode extra) one extra binary
//   vhost-harness: extra /extra/X exited with N
//   vhost-harness: kmemleak scan done                (harness.kmemleak=1) the
//                                                    leak report follows
//   vhost-harness: processes left: N (PIDs)          what the tests left running
//   vhost-harness: replay begin                      the test output again, in one
//   ...                                              piece (guest_replay.h)
//   vhost-harness: replay end
//   vhost-harness: a test failed, dumping blocked tasks and held locks   (sysrq w, d)
//   vhost-harness: guest done                        the run is complete
//
// Each marker is the fixed start of its line (what follows it may vary).
#pragma once

#include <array>
#include <string_view>

namespace vh {

inline constexpr std::string_view kGuestUpMarker = "vhost-harness: guest up, ";
inline constexpr std::string_view kTestsBeginMarker = "vhost-harness: tests begin";
inline constexpr std::string_view kRunningExtraMarker = "vhost-harness: running extra ";
inline constexpr std::string_view kExtraExitedMarker = "vhost-harness: extra ";
inline constexpr std::string_view kKmemleakDoneMarker = "vhost-harness: kmemleak scan done";
inline constexpr std::string_view kProcessesLeftMarker = "vhost-harness: processes left: ";
inline constexpr std::string_view kReplayBeginMarker = "vhost-harness: replay begin";
inline constexpr std::string_view kReplayEndMarker = "vhost-harness: replay end";
inline constexpr std::string_view kDumpingMarker =
    "vhost-harness: a test failed, dumping blocked tasks and held locks";
inline constexpr std::string_view kGuestDoneMarker = "vhost-harness: guest done";

inline constexpr std::array<std::string_view, 10> kGuestMarkers = {
    kGuestUpMarker,       kTestsBeginMarker,  kRunningExtraMarker, kExtraExitedMarker, kKmemleakDoneMarker,
    kProcessesLeftMarker, kReplayBeginMarker, kReplayEndMarker,    kDumpingMarker,     kGuestDoneMarker};

// The prefix every marker shares.
inline constexpr std::string_view kGuestMarkerPrefix = "vhost-harness: ";

}  // namespace vh
