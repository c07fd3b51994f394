// guest/init must print exactly the markers of guest_protocol.h: every
// "vhost-harness: " string in it starts with one of them, and each of them
// is printed.
#include "guest_protocol.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "text_util.h"

namespace vh {
namespace {

// The literal text of every "vhost-harness: ..." string in the script, up
// to its first shell expansion ($) or closing quote.
std::set<std::string> markers_in_script(const std::string& script) {
  std::set<std::string> out;
  std::size_t pos = 0;
  while ((pos = script.find(kGuestMarkerPrefix, pos)) != std::string::npos) {
    std::size_t end = script.find_first_of("$\"\n", pos);
    out.insert(script.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

TEST(GuestProtocol, InitPrintsExactlyTheMarkers) {
  auto script = read_file(std::string(HARNESS_TEST_DIR) + "/../../guest/init");
  ASSERT_TRUE(script) << "cannot read guest/init";
  std::set<std::string> in_init = markers_in_script(*script);
  std::set<std::string> defined(kGuestMarkers.begin(), kGuestMarkers.end());
  for (const std::string& m : in_init) {
    bool known = false;
    for (std::string_view d : kGuestMarkers) known = known || m == d;
    EXPECT_TRUE(known) << "guest/init prints '" << m << "', which guest_protocol.h does not define";
  }
  for (const std::string& d : defined) EXPECT_TRUE(in_init.count(d)) << "guest/init never prints '" << d << "'";
}

TEST(GuestProtocol, MarkersAreDistinctAndPrefixed) {
  std::set<std::string_view> seen;
  for (std::string_view m : kGuestMarkers) {
    EXPECT_TRUE(m.starts_with(kGuestMarkerPrefix)) << m;
    EXPECT_TRUE(seen.insert(m).second) << m;
  }
}

}  // namespace
}  // namespace vh
