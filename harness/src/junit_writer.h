// JUnit XML for CI: one <testsuite> per top-level test, one <testcase> per
// leaf test case, plus a "kernel-reports" suite (one case per report) and a
// "harness" suite carrying infrastructure problems.
#pragma once

#include <string>
#include <string_view>

#include "analysis.h"

namespace vh {

std::string xml_escape(std::string_view s);
std::string render_junit(const Analysis& a);

}  // namespace vh
