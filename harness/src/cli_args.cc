#include "cli_args.h"

#include "text_util.h"

namespace vh {

std::optional<std::string> ParsedArgs::get(const std::string& opt) const {
  auto it = values.find(opt);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::string ParsedArgs::get_or(const std::string& opt, const std::string& fallback) const {
  return get(opt).value_or(fallback);
}

std::vector<std::string> ParsedArgs::all(const std::string& opt) const {
  auto it = values.find(opt);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

std::optional<ParsedArgs> parse_args(const std::vector<std::string>& args, const OptionSpec& spec, std::string* error) {
  ParsedArgs out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (!a.starts_with("--") || a == "--") {
      out.positional.push_back(a);
      continue;
    }
    std::optional<std::string> inline_value;
    if (std::size_t eq = a.find('='); eq != std::string::npos) {
      inline_value = a.substr(eq + 1);
      a = a.substr(0, eq);
    }
    if (spec.flags.count(a) && !inline_value) {
      out.flags.insert(a);
    } else if (spec.with_value.count(a)) {
      if (!inline_value && i + 1 >= args.size()) {
        *error = a + " needs a value";
        return std::nullopt;
      }
      out.values[a].push_back(inline_value ? *inline_value : args[++i]);
    } else {
      *error = "unknown option " + a;
      return std::nullopt;
    }
  }
  return out;
}

std::optional<long long> int_option(const ParsedArgs& a, const std::string& opt, long long fallback, std::string* error) {
  auto v = a.get(opt);
  if (!v) return fallback;
  auto n = parse_int(*v);
  if (!n || *n <= 0) {
    *error = opt + " needs a positive whole number, got '" + *v + "'";
    return std::nullopt;
  }
  return n;
}

}  // namespace vh
