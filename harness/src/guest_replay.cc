#include "guest_replay.h"

#include <optional>

namespace vh {

namespace {

std::optional<std::size_t> find_marker(Lines lines, std::string_view marker, std::size_t from) {
  for (std::size_t i = from; i < lines.size(); ++i)
    if (lines[i].text.find(marker) != std::string_view::npos) return i;
  return std::nullopt;
}

}  // namespace

ConsoleParts split_replay(Lines lines) {
  ConsoleParts parts;
  auto begin = find_marker(lines, kReplayBeginMarker, 0);
  auto end = begin ? find_marker(lines, kReplayEndMarker, *begin + 1) : std::nullopt;
  auto tests = find_marker(lines, kTestsBeginMarker, 0);
  if (!begin || !end || !tests || *tests > *begin) {
    parts.ktap_lines.assign(lines.begin(), lines.end());
    parts.kernel_lines = parts.ktap_lines;
    for (std::size_t i = tests ? *tests + 1 : 0; i < lines.size(); ++i)
      if (!lines[i].time && lines[i].caller.empty() && !lines[i].text.starts_with(kGuestMarkerPrefix))
        parts.guest_output.push_back(lines[i]);
    return parts;
  }
  parts.replayed = true;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    bool streamed = i > *tests && i <= *begin;
    // A kernel message printed while the replay ran is kernel text.
    bool replayed = i > *begin && i < *end && !lines[i].time;
    if (!streamed) parts.ktap_lines.push_back(lines[i]);
    if (!replayed) parts.kernel_lines.push_back(lines[i]);
    else parts.guest_output.push_back(lines[i]);
  }
  return parts;
}

}  // namespace vh
