// Test helpers: load a fixture from tests/fixtures and keep its text alive
// for the LogLine views that point into it.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "console_line.h"
#include "text_util.h"

namespace vh::testing {

inline std::string fixture_path(const std::string& name) { return std::string(HARNESS_FIXTURE_DIR) + "/" + name; }

inline std::string load_fixture(const std::string& name) {
  auto text = read_file(fixture_path(name));
  if (!text) ADD_FAILURE() << "missing fixture " << name;
  return text.value_or("");
}

class FixtureLog {
 public:
  explicit FixtureLog(const std::string& name) : text_(load_fixture(name)), lines_(split_console(text_)) {}
  FixtureLog(const FixtureLog&) = delete;
  FixtureLog& operator=(const FixtureLog&) = delete;
  Lines lines() const { return Lines(lines_); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<LogLine> lines_;
};

}  // namespace vh::testing
