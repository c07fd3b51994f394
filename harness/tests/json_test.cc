#include <gtest/gtest.h>

#include "json_reader.h"
#include "json_writer.h"

namespace vh {
namespace {

TEST(JsonWriter, NestedAndEscaped) {
  JsonWriter w;
  w.begin_object().field("name", "a \"b\"\n\x01").field("n", 3).field("t", 12.345678).field("ok", true);
  w.key("none").null().key("list").begin_array().value("x").value(std::optional<int>{}).end_array();
  w.key("empty").begin_object().end_object().end_object();
  EXPECT_EQ(w.str(),
            "{\n  \"name\": \"a \\\"b\\\"\\n\\u0001\",\n  \"n\": 3,\n  \"t\": 12.345678,\n  \"ok\": true,\n"
            "  \"none\": null,\n  \"list\": [\n    \"x\",\n    null\n  ],\n  \"empty\": {}\n}\n");
}

TEST(JsonReader, RoundTrip) {
  JsonWriter w;
  w.begin_object().field("s", "tab\there \xc3\xa9").field("d", 0.5).key("a").begin_array().value(1).value(false);
  w.end_array().end_object();
  std::string error;
  auto v = parse_json(w.str(), &error);
  ASSERT_TRUE(v) << error;
  EXPECT_EQ(v->str("s"), "tab\there \xc3\xa9");
  EXPECT_DOUBLE_EQ(v->get("d")->number, 0.5);
  ASSERT_EQ(v->get("a")->items.size(), 2u);
  EXPECT_FALSE(v->get("a")->items[1].boolean);
  EXPECT_EQ(v->get("missing"), nullptr);
}

TEST(JsonReader, UnicodeEscapeAndErrors) {
  auto v = parse_json("{\"k\": \"\\u00e9\\u0041\"}");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->str("k"), "\xc3\xa9" "A");
  std::string error;
  EXPECT_FALSE(parse_json("{\"k\": }", &error));
  EXPECT_NE(error.find("invalid JSON"), std::string::npos);
  EXPECT_FALSE(parse_json("[1, 2"));
  EXPECT_FALSE(parse_json("{} trailing"));
}

}  // namespace
}  // namespace vh
