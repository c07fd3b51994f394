#include "log_prefix.h"

#include <array>

namespace vh {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool digits_at(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return false;
  for (std::size_t i = pos; i < pos + n; ++i)
    if (!is_digit(s[i])) return false;
  return true;
}

bool is_month(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::string_view m : kMonths)
    if (s == m) return true;
  return false;
}

// "HH:MM:SS" at pos; returns the position after it (and after ".frac" or
// ",frac"), or 0.
std::size_t clock_end(std::string_view s, std::size_t pos) {
  if (!digits_at(s, pos, 2) || pos + 8 > s.size() || s[pos + 2] != ':' || !digits_at(s, pos + 3, 2) ||
      s[pos + 5] != ':' || !digits_at(s, pos + 6, 2))
    return 0;
  pos += 8;
  if (pos < s.size() && (s[pos] == '.' || s[pos] == ',') && digits_at(s, pos + 1, 1)) {
    ++pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
  }
  return pos;
}

// "Nov 28 20:21:26" / "Nov  5 20:21:26": position after the clock, or 0.
std::size_t syslog_date_end(std::string_view s) {
  if (s.size() < 15 || !is_month(s.substr(0, 3)) || s[3] != ' ') return 0;
  std::size_t pos = 4;
  if (s[pos] == ' ') ++pos;
  std::size_t day = pos;
  while (pos < s.size() && pos < day + 2 && is_digit(s[pos])) ++pos;
  if (pos == day || pos >= s.size() || s[pos] != ' ') return 0;
  return clock_end(s, pos + 1);
}

// "2026-11-28T20:21:26[,frac][+00:00|+0000|Z]": position after it, or 0.
std::size_t iso_date_end(std::string_view s) {
  if (!digits_at(s, 0, 4) || s.size() < 19 || s[4] != '-' || !digits_at(s, 5, 2) || s[7] != '-' ||
      !digits_at(s, 8, 2) || s[10] != 'T')
    return 0;
  std::size_t pos = clock_end(s, 11);
  if (!pos) return 0;
  if (pos < s.size() && s[pos] == 'Z') return pos + 1;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    ++pos;
    while (pos < s.size() && (is_digit(s[pos]) || s[pos] == ':')) ++pos;
  }
  return pos;
}

}  // namespace

std::size_t skip_host_kernel_tag(std::string_view s) {
  std::size_t host_end = s.find(' ');
  if (host_end == 0 || host_end == std::string_view::npos || host_end > 64) return 0;
  if (s.substr(host_end + 1).starts_with("kernel:")) {
    std::size_t n = host_end + 1 + 7;
    return n < s.size() && s[n] == ' ' ? n + 1 : n;
  }
  return 0;
}

std::size_t skip_wallclock_prefix(std::string_view s) {
  std::size_t end = syslog_date_end(s);
  if (!end) end = iso_date_end(s);
  if (!end) return 0;
  if (end == s.size()) return end;
  if (s[end] != ' ') return 0;
  ++end;
  // journalctl and syslog: "host kernel: "; dmesg --time-format iso: the
  // message follows at once.
  return end + skip_host_kernel_tag(s.substr(end));
}

std::size_t skip_ctime_bracket(std::string_view s) {
  // "[Sat Nov 28 20:21:26 2026]"
  if (s.size() < 26 || s[0] != '[' || !is_alpha(s[1]) || !is_alpha(s[2]) || !is_alpha(s[3]) || s[4] != ' ')
    return 0;
  std::size_t close = s.find(']');
  if (close == std::string_view::npos || close > 32) return 0;
  std::string_view body = s.substr(5, close - 5);  // "Nov 28 20:21:26 2026"
  std::size_t clock = syslog_date_end(body);
  if (!clock || clock + 5 != body.size() || body[clock] != ' ' || !digits_at(body, clock + 1, 4)) return 0;
  return close + 1 < s.size() && s[close + 1] == ' ' ? close + 2 : close + 1;
}

std::size_t skip_facility_level(std::string_view s) {
  static constexpr std::array<std::string_view, 20> kFacilities = {
      "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
      "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"};
  static constexpr std::array<std::string_view, 8> kLevels = {"emerg", "alert", "crit", "err",
                                                              "warn", "notice", "info", "debug"};
  auto word_then_colon = [&](std::size_t pos, auto& words) -> std::size_t {
    std::size_t end = pos;
    while (end < s.size() && is_alpha(s[end])) ++end;
    while (end < s.size() && is_digit(s[end])) ++end;
    bool known = false;
    for (std::string_view w : words) known = known || s.substr(pos, end - pos) == w;
    if (!known) return 0;
    while (end < s.size() && s[end] == ' ') ++end;
    return end < s.size() && s[end] == ':' ? end + 1 : 0;
  };
  std::size_t pos = word_then_colon(0, kFacilities);
  if (!pos) return 0;
  pos = word_then_colon(pos, kLevels);
  if (!pos) return 0;
  return pos < s.size() && s[pos] == ' ' ? pos + 1 : pos;
}

}  // namespace vh
