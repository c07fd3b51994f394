// Kernel log line normalisation: strips CR, terminal escape sequences,
// the syslog level "<6>", the printk timestamp "[   12.345678] " and the
// optional caller id "[    T123] " / "[  C1] " (CONFIG_PRINTK_CALLER, also
// syzbot's "[   12.345678][ T1234] " form), and the prefixes of the tools
// logs are pasted from (log_prefix.h: journalctl -k, syslog files, dmesg -T,
// dmesg --time-format iso, dmesg -x). A line without any prefix (printk.time=0,
// dmesg -t, e-mailed reports) is kept as it is.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace vh {

struct StrippedLine {
  std::string_view text;         // message text, views into the input
  std::optional<double> time;    // printk timestamp in seconds, if any
  std::string_view caller;       // "T123" / "C1", if any
};

StrippedLine strip_console_line(std::string_view raw);

struct LogLine {
  std::size_t number = 0;        // 1-based line number in the log
  std::string_view text;
  std::optional<double> time;
  std::string_view caller;       // printk caller id "T123" / "C1", if printed
};

// Splits a whole console log into stripped lines (views into `log`, which
// must outlive the result).
std::vector<LogLine> split_console(std::string_view log);

using Lines = std::span<const LogLine>;

// Runs a parser over Lines on raw log text: the string_view entry points of
// the parsers are one-liners built on this.
template <typename Parse>
auto parse_text(std::string_view log, Parse&& parse) {
  std::vector<LogLine> lines = split_console(log);
  return parse(Lines(lines));
}

}  // namespace vh
