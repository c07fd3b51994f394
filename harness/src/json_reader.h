// Minimal JSON reader (enough for results.json).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vh {

struct JsonValue {
  enum class Type { Null, Bool, Number, String, Array, Object };
  Type type = Type::Null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> items;        // Array elements / Object values
  std::vector<std::string> keys;       // Object keys, parallel to items

  const JsonValue* get(std::string_view key) const;
  std::string str(std::string_view key, std::string fallback = "") const;
  bool is(Type t) const { return type == t; }
};

std::optional<JsonValue> parse_json(std::string_view text, std::string* error = nullptr);

}  // namespace vh
