// Small string helpers shared by the parsers. Pure functions, no I/O except
// the two file helpers at the bottom.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vh {

std::string_view trim(std::string_view s);
std::string_view trim_left(std::string_view s);
std::string_view trim_right(std::string_view s);

// Whole-string decimal integer (optional leading '-'); nullopt otherwise.
std::optional<long long> parse_int(std::string_view s);
// Leading decimal digits of s (after skipping blanks); nullopt if none.
std::optional<long long> leading_int(std::string_view s);

std::vector<std::string_view> split_words(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

// Shell-style glob with '*' (any run) and '?' (one char).
bool glob_match(std::string_view pattern, std::string_view text);

// "comm:pid" / "comm/pid": split at the LAST separator, pid must be digits.
struct CommPid {
  std::string comm;
  int pid = 0;
};
std::optional<CommPid> split_comm_pid(std::string_view s, char sep);

// Value after "key" (e.g. "pid:") where key starts a word; blanks after the
// key are skipped (old kernels print "pid:   14").
std::optional<long long> int_after_key(std::string_view s, std::string_view key);

std::string format_seconds(double s);

std::optional<std::string> read_file(const std::string& path);
bool write_file(const std::string& path, std::string_view content);

}  // namespace vh
