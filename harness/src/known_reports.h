// Reads a known-reports file (--known-reports): one report per line,
// three tab-separated fields: a regex for the report's title, a regex one
// line of its body must match, and the reason it is known. Blank lines and
// lines starting with '#' are ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis.h"

namespace vh {

// nullopt, with *error naming the line, when a line has not three fields.
std::optional<std::vector<KnownReport>> parse_known_reports(std::string_view text, std::string* error);

std::optional<std::vector<KnownReport>> read_known_reports(const std::string& path, std::string* error);

// Every --known-reports FILE of the command line, read and concatenated.
std::optional<std::vector<KnownReport>> known_reports_option(const std::vector<std::string>& files,
                                                             std::string* error);

}  // namespace vh
