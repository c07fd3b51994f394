// Tiny command-line parser: "--opt value", "--opt=value", boolean flags,
// repeatable options and positionals.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace vh {

struct OptionSpec {
  std::set<std::string> with_value;  // e.g. "--out"
  std::set<std::string> flags;       // e.g. "--quiet"
};

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;
  std::set<std::string> flags;

  std::optional<std::string> get(const std::string& opt) const;
  std::string get_or(const std::string& opt, const std::string& fallback) const;
  std::vector<std::string> all(const std::string& opt) const;
  bool has(const std::string& flag) const { return flags.count(flag) > 0; }
};

// nullopt with *error on unknown options or missing values.
std::optional<ParsedArgs> parse_args(const std::vector<std::string>& args, const OptionSpec& spec, std::string* error);

// Integer/double option with validation; nullopt + *error if malformed.
std::optional<long long> int_option(const ParsedArgs& a, const std::string& opt, long long fallback, std::string* error);

}  // namespace vh
