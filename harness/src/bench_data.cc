#include "bench_data.h"

#include <cmath>
#include <map>

#include "bench_samples.h"
#include "json_reader.h"
#include "json_writer.h"
#include "text_util.h"

namespace vh {

bool add_bench_run(BenchData& data, std::string variant, int round, const std::string& dir, std::string* error) {
  auto results_text = read_file(dir + "/results.json");
  auto guest = read_file(dir + "/guest-output.txt");
  if (!results_text || !guest) {
    *error = "cannot read " + dir + (results_text ? "/guest-output.txt" : "/results.json");
    return false;
  }
  auto results = parse_json(*results_text, error);
  if (!results) {
    *error = dir + "/results.json: " + *error;
    return false;
  }
  if (results->str("schema") != "vhost-harness/results/v1") {
    *error = dir + "/results.json is no vhost-harness results file";
    return false;
  }
  BenchRun run{variant, round, dir, results->str("clock"), results->str("accel"), results->str("verdict"), 0};
  if (run.clock != data.clock) {
    *error = dir + " ran with clock '" + run.clock + "', not '" + data.clock + "'";
    return false;
  }
  std::map<std::string, int> per_measure;
  for (const GuestSample& g : parse_bench_output(*guest)) {
    data.samples.push_back({variant, round, ++per_measure[g.measure], g.measure, g.value, g.unit, g.kind, run.clock});
    ++run.samples;
  }
  data.runs.push_back(run);
  return true;
}

std::string render_bench_json(const BenchData& data) {
  JsonWriter w;
  w.begin_object().field("schema", "vhost-harness/bench/v1").field("clock", data.clock);
  w.key("runs").begin_array();
  for (const BenchRun& r : data.runs) {
    w.begin_object().field("variant", r.variant).field("round", r.round).field("dir", r.dir);
    w.field("clock", r.clock).field("accel", r.accel).field("verdict", r.verdict).field("samples", r.samples);
    w.end_object();
  }
  w.end_array().key("samples").begin_array();
  for (const BenchSample& s : data.samples) {
    w.begin_object().field("variant", s.variant).field("round", s.round).field("index", s.index);
    w.field("measure", s.measure).field("value", s.value).field("unit", s.unit).field("kind", s.kind);
    w.field("clock", s.clock).end_object();
  }
  w.end_array().end_object();
  return w.str() + "\n";
}

namespace {

std::optional<int> whole(const JsonValue& o, std::string_view key) {
  const JsonValue* v = o.get(key);
  if (!v || !v->is(JsonValue::Type::Number) || v->number != std::floor(v->number) || v->number < 0 ||
      v->number > 1e9)
    return std::nullopt;
  return static_cast<int>(v->number);
}

bool fail(std::string* error, const std::string& message) {
  *error = message;
  return false;
}

bool read_sample(const JsonValue& o, std::size_t i, BenchSample& s, std::string* error) {
  std::string where = "sample " + std::to_string(i + 1) + ": ";
  if (!o.is(JsonValue::Type::Object)) return fail(error, where + "not an object");
  s.variant = o.str("variant");
  s.measure = o.str("measure");
  s.unit = o.str("unit");
  s.kind = o.str("kind");
  s.clock = o.str("clock");
  auto round = whole(o, "round"), index = whole(o, "index");
  const JsonValue* value = o.get("value");
  if (s.variant != "base" && s.variant != "patched") return fail(error, where + "variant must be base or patched");
  if (s.measure.empty() || s.unit.empty()) return fail(error, where + "no measure or unit");
  if (s.kind != "rate" && s.kind != "latency") return fail(error, where + "kind must be rate or latency");
  if (!round || !index) return fail(error, where + "round and index must be whole numbers");
  if (!value || !value->is(JsonValue::Type::Number) || !std::isfinite(value->number))
    return fail(error, where + "value must be a number");
  s.round = *round;
  s.index = *index;
  s.value = value->number;
  return true;
}

}  // namespace

std::optional<BenchData> parse_bench_json(std::string_view text, std::string* error) {
  auto doc = parse_json(text, error);
  if (!doc) return std::nullopt;
  if (doc->str("schema") != "vhost-harness/bench/v1") {
    *error = "not a bench.json (schema vhost-harness/bench/v1)";
    return std::nullopt;
  }
  BenchData d;
  d.clock = doc->str("clock");
  if (d.clock != "wall" && d.clock != "icount") {
    *error = "clock must be wall or icount";
    return std::nullopt;
  }
  if (const JsonValue* runs = doc->get("runs"); runs && runs->is(JsonValue::Type::Array)) {
    for (const JsonValue& r : runs->items) {
      BenchRun run{r.str("variant"), whole(r, "round").value_or(0), r.str("dir"), r.str("clock"), r.str("accel"),
                   r.str("verdict"), whole(r, "samples").value_or(0)};
      d.runs.push_back(run);
    }
  }
  const JsonValue* samples = doc->get("samples");
  if (!samples || !samples->is(JsonValue::Type::Array)) {
    *error = "no samples array";
    return std::nullopt;
  }
  for (std::size_t i = 0; i < samples->items.size(); ++i) {
    BenchSample s;
    if (!read_sample(samples->items[i], i, s, error)) return std::nullopt;
    if (s.clock != d.clock) {
      *error = "sample " + std::to_string(i + 1) + ": clock '" + s.clock + "' differs from the file's '" + d.clock + "'";
      return std::nullopt;
    }
    d.samples.push_back(s);
  }
  return d;
}

std::optional<BenchData> load_bench_json(const std::string& path, std::string* error) {
  auto text = read_file(path);
  if (!text) {
    *error = "cannot read " + path;
    return std::nullopt;
  }
  auto d = parse_bench_json(*text, error);
  if (!d) *error = path + ": " + *error;
  return d;
}

}  // namespace vh
