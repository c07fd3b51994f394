#include "caller_streams.h"

#include <map>
#include <string_view>

namespace vh {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

bool continues(const LogLine& prev, std::size_t prev_index, const LogLine& l, std::size_t index) {
  if (index - prev_index > kMaxGapLines) return false;
  if (prev.time && l.time && (*l.time - *prev.time > kMaxGapSeconds || *l.time < *prev.time)) return false;
  return true;
}

}  // namespace

std::vector<LogLine> regroup_by_caller(Lines lines) {
  bool tagged = false;
  for (const LogLine& l : lines) tagged = tagged || !l.caller.empty();
  if (!tagged) return std::vector<LogLine>(lines.begin(), lines.end());

  // Bursts as linked lists of line indices, in the order of their first line.
  std::vector<std::size_t> heads, next(lines.size(), kNone);
  std::map<std::string_view, std::size_t> tail;  // caller -> last line of its open burst
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const LogLine& l = lines[i];
    if (!l.caller.empty()) {
      auto it = tail.find(l.caller);
      if (it != tail.end() && continues(lines[it->second], it->second, l, i)) {
        next[it->second] = i;
        it->second = i;
        continue;
      }
      tail[l.caller] = i;
    }
    heads.push_back(i);
  }
  std::vector<LogLine> out;
  out.reserve(lines.size());
  for (std::size_t h : heads)
    for (std::size_t i = h; i != kNone; i = next[i]) out.push_back(lines[i]);
  return out;
}

}  // namespace vh
