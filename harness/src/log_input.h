// Is a file someone hands to `triage` or `parse` a text log at all? Refuses
// with a message (exit 2) what no kernel log looks like, before parsing:
//   - an empty file (or only blanks);
//   - more than kMaxLogBytes (a console of a whole boot with the hang is a
//     few MB; cut a bigger one to the part around the hang);
//   - binary data: NUL bytes, or more than 1 % of control characters other
//     than tab, CR, LF, form feed, backspace and ESC in the first 64 KiB;
//   - a line longer than kMaxLineBytes (printk lines are at most 1024 bytes;
//     such a "line" is a dump without line ends, not a log).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace vh {

inline constexpr std::size_t kMaxLogBytes = 64u << 20;
inline constexpr std::size_t kMaxLineBytes = 64u << 10;

// Why `data` is not a log we read, or nullopt if it is.
std::optional<std::string> log_problem(std::string_view data);

// Reads PATH and checks it with log_problem(); refuses an over-size file
// from its size, without reading it. nullopt with *error on any problem.
std::optional<std::string> read_log(const std::string& path, std::string* error);

}  // namespace vh
