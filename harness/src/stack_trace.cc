#include "stack_trace.h"

#include <cctype>

#include "text_util.h"

namespace vh {

namespace {

bool sym_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$';
}

bool looks_like_location(std::string_view s) {
  std::size_t colon = s.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  if (!parse_int(s.substr(colon + 1))) return false;
  std::string_view file = s.substr(0, colon);
  return file.find('.') != std::string_view::npos;
}

// "__mutex_lock.constprop.0" -> "__mutex_lock"
std::string base_function(std::string_view sym) {
  std::size_t plus = sym.find('+');
  std::string_view fn = sym.substr(0, plus);
  std::size_t dot = fn.find('.', 1);
  return std::string(fn.substr(0, dot));
}

bool valid_symbol(std::string_view sym) {
  std::size_t plus = sym.find('+');
  std::string_view fn = sym.substr(0, plus);
  if (fn.empty() || std::isdigit(static_cast<unsigned char>(fn.front()))) return false;
  for (char c : fn)
    if (!sym_char(c)) return false;
  if (plus == std::string_view::npos) return true;
  return sym.substr(plus).starts_with("+0x") && sym.find('/') != std::string_view::npos;
}

}  // namespace

std::optional<Frame> parse_frame(std::string_view text) {
  std::string_view s = trim(text);
  if (s.starts_with("[<")) {
    std::size_t close = s.find(">]");
    if (close == std::string_view::npos) return std::nullopt;
    s = trim_left(s.substr(close + 2));
  }
  Frame f;
  if (s.starts_with("? ")) {
    f.unreliable = true;
    s.remove_prefix(2);
  }
  auto words = split_words(s);
  if (words.empty() || !valid_symbol(words[0])) return std::nullopt;
  bool has_offset = words[0].find("+0x") != std::string_view::npos;
  for (std::size_t i = 1; i < words.size(); ++i) {
    std::string_view w = words[i];
    if (w == "[inline]") f.inlined = true;
    else if (w.size() > 2 && w.front() == '[' && w.back() == ']') f.module = std::string(w.substr(1, w.size() - 2));
    else if (looks_like_location(w)) f.location = std::string(w);
    else return std::nullopt;
  }
  if (!has_offset && f.location.empty()) return std::nullopt;
  f.symbol = std::string(words[0]);
  f.function = base_function(words[0]);
  return f;
}

std::string describe_frame(const Frame& f) {
  std::string out = f.symbol;
  if (!f.location.empty()) out += " (" + f.location + ")";
  return out;
}

bool has_function(const std::vector<Frame>& frames, std::string_view fn) {
  for (const Frame& f : frames)
    if (f.function == fn) return true;
  return false;
}

}  // namespace vh
