#include "json_reader.h"

#include <cstdlib>

namespace vh {

const JsonValue* JsonValue::get(std::string_view key) const {
  if (type != Type::Object) return nullptr;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return &items[i];
  return nullptr;
}

std::string JsonValue::str(std::string_view key, std::string fallback) const {
  const JsonValue* v = get(key);
  return v && v->type == Type::String ? v->string : fallback;
}

namespace {

class Reader {
 public:
  explicit Reader(std::string_view t) : t_(t) {}

  std::optional<JsonValue> document(std::string* error) {
    JsonValue v;
    bool ok = parse_value(v, 0);
    skip_ws();
    if (ok && pos_ == t_.size()) return v;
    if (error) *error = "invalid JSON near offset " + std::to_string(pos_);
    return std::nullopt;
  }

 private:
  void skip_ws() {
    while (pos_ < t_.size() && (t_[pos_] == ' ' || t_[pos_] == '\n' || t_[pos_] == '\r' || t_[pos_] == '\t')) ++pos_;
  }

  bool eat(char c) {
    skip_ws();
    if (pos_ < t_.size() && t_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool literal(std::string_view word) {
    if (t_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool parse_value(JsonValue& v, int depth) {
    if (depth > 64) return false;
    skip_ws();
    if (pos_ >= t_.size()) return false;
    char c = t_[pos_];
    if (c == '{') return parse_object(v, depth);
    if (c == '[') return parse_array(v, depth);
    if (c == '"') {
      v.type = JsonValue::Type::String;
      return parse_string(v.string);
    }
    if (literal("true")) return set_bool(v, true);
    if (literal("false")) return set_bool(v, false);
    if (literal("null")) return true;
    return parse_number(v);
  }

  static bool set_bool(JsonValue& v, bool b) {
    v.type = JsonValue::Type::Bool;
    v.boolean = b;
    return true;
  }

  bool parse_number(JsonValue& v) {
    std::string buf;
    while (pos_ < t_.size() && std::string_view("+-0123456789.eE").find(t_[pos_]) != std::string_view::npos)
      buf += t_[pos_++];
    if (buf.empty()) return false;
    char* end = nullptr;
    v.number = std::strtod(buf.c_str(), &end);
    v.type = JsonValue::Type::Number;
    return end && *end == '\0';
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  bool parse_escape(std::string& out) {
    if (pos_ >= t_.size()) return false;
    char e = t_[pos_++];
    switch (e) {
      case 'n': out += '\n'; return true;
      case 't': out += '\t'; return true;
      case 'r': out += '\r'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'u': {
        if (pos_ + 4 > t_.size()) return false;
        unsigned cp = static_cast<unsigned>(std::strtoul(std::string(t_.substr(pos_, 4)).c_str(), nullptr, 16));
        pos_ += 4;
        append_utf8(out, cp);
        return true;
      }
      default: out += e; return true;
    }
  }

  bool parse_string(std::string& out) {
    ++pos_;  // opening quote
    while (pos_ < t_.size()) {
      char c = t_[pos_++];
      if (c == '"') return true;
      if (c == '\\') {
        if (!parse_escape(out)) return false;
      } else {
        out += c;
      }
    }
    return false;
  }

  bool parse_array(JsonValue& v, int depth) {
    ++pos_;
    v.type = JsonValue::Type::Array;
    if (eat(']')) return true;
    do {
      v.items.emplace_back();
      if (!parse_value(v.items.back(), depth + 1)) return false;
    } while (eat(','));
    return eat(']');
  }

  bool parse_object(JsonValue& v, int depth) {
    ++pos_;
    v.type = JsonValue::Type::Object;
    if (eat('}')) return true;
    do {
      skip_ws();
      if (pos_ >= t_.size() || t_[pos_] != '"') return false;
      v.keys.emplace_back();
      if (!parse_string(v.keys.back()) || !eat(':')) return false;
      v.items.emplace_back();
      if (!parse_value(v.items.back(), depth + 1)) return false;
    } while (eat(','));
    return eat('}');
  }

  std::string_view t_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<JsonValue> parse_json(std::string_view text, std::string* error) {
  return Reader(text).document(error);
}

}  // namespace vh
