// Live progress while the console streams: counts result lines as they
// arrive (at any nesting) and renders a one-line status.
#pragma once

#include <string>
#include <string_view>

namespace vh {

class ProgressTracker {
 public:
  void feed(std::string_view chunk);
  int done() const { return ok_ + not_ok_; }
  int not_ok() const { return not_ok_; }
  int reports() const { return reports_; }
  std::string status_line(double elapsed_seconds) const;

 private:
  void line(std::string_view raw);
  std::string partial_;
  int ok_ = 0, not_ok_ = 0, reports_ = 0;
};

}  // namespace vh
