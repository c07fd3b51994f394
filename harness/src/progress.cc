#include "progress.h"

#include "console_line.h"
#include "console_reports.h"
#include "ktap_parser.h"
#include "text_util.h"

namespace vh {

void ProgressTracker::feed(std::string_view chunk) {
  partial_ += chunk;
  std::size_t start = 0, nl;
  while ((nl = partial_.find('\n', start)) != std::string::npos) {
    line(std::string_view(partial_).substr(start, nl - start));
    start = nl + 1;
  }
  partial_.erase(0, start);
  if (partial_.size() > 65536) partial_.clear();
}

void ProgressTracker::line(std::string_view raw) {
  std::string_view t = strip_console_line(raw).text;
  if (classify_report_header(t)) ++reports_;
  t = trim_left(t);
  while (t.starts_with("# ")) t = trim_left(t.substr(2));
  if (auto r = parse_result_line(t)) ++(r->ok ? ok_ : not_ok_);
}

std::string ProgressTracker::status_line(double elapsed) const {
  std::string s = "[" + format_seconds(elapsed) + " s] results: " + std::to_string(done()) + " (" +
                  std::to_string(not_ok_) + " not ok)";
  if (reports_) s += ", kernel reports: " + std::to_string(reports_);
  return s;
}

}  // namespace vh
