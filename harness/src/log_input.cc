#include "log_input.h"

#include <filesystem>

#include "text_util.h"

namespace vh {

namespace {

std::string mib(std::size_t bytes) { return format_seconds(static_cast<double>(bytes) / (1u << 20)) + " MiB"; }

bool is_text_control(unsigned char c) { return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\b' || c == 0x1b; }

}  // namespace

std::optional<std::string> log_problem(std::string_view data) {
  if (trim(data).empty()) return "empty log: nothing to read";
  if (data.size() > kMaxLogBytes)
    return "log is " + mib(data.size()) + ", more than the " + mib(kMaxLogBytes) +
           " this tool reads; cut it to the part around the hang";
  std::string_view head = data.substr(0, 64u << 10);
  std::size_t nul = 0, controls = 0;
  for (unsigned char c : head) {
    if (c == 0) ++nul;
    else if (c < 0x20 && !is_text_control(c)) ++controls;
  }
  if (nul > 0 || controls * 100 > head.size())
    return "binary data, not a text log (" + std::to_string(nul) + " NUL and " + std::to_string(controls) +
           " other control bytes in the first " + std::to_string(head.size()) + " bytes)";
  std::size_t start = 0, number = 1;
  while (start < data.size()) {
    std::size_t end = data.find('\n', start);
    if (end == std::string_view::npos) end = data.size();
    if (end - start > kMaxLineBytes)
      return "line " + std::to_string(number) + " is " + std::to_string(end - start) +
             " bytes long; kernel log lines are at most 1024 bytes, so this is not a log (limit " +
             std::to_string(kMaxLineBytes) + " bytes a line)";
    start = end + 1;
    ++number;
  }
  return std::nullopt;
}

std::optional<std::string> read_log(const std::string& path, std::string* error) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    *error = "cannot read " + path + ": " + ec.message();
    return std::nullopt;
  }
  if (size > kMaxLogBytes) {
    *error = path + ": log is " + mib(size) + ", more than the " + mib(kMaxLogBytes) +
             " this tool reads; cut it to the part around the hang";
    return std::nullopt;
  }
  auto text = read_file(path);
  if (!text) {
    *error = "cannot read " + path;
    return std::nullopt;
  }
  if (auto p = log_problem(*text)) {
    *error = path + ": " + *p;
    return std::nullopt;
  }
  return text;
}

}  // namespace vh
