#include "ktap_parser.h"

#include <algorithm>
#include <cctype>

#include "text_util.h"

namespace vh {

const char* status_name(TestStatus s) {
  switch (s) {
    case TestStatus::Pass: return "pass";
    case TestStatus::Fail: return "fail";
    case TestStatus::Skip: return "skip";
    case TestStatus::Todo: return "todo";
    case TestStatus::Missing: return "missing";
  }
  return "missing";
}

std::optional<TestStatus> status_from_name(std::string_view name) {
  for (TestStatus s : {TestStatus::Pass, TestStatus::Fail, TestStatus::Skip, TestStatus::Todo, TestStatus::Missing})
    if (name == status_name(s)) return s;
  return std::nullopt;
}

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool is_version(std::string_view s) {
  return s.starts_with("KTAP version ") || s.starts_with("TAP version ");
}

std::optional<int> parse_plan(std::string_view s) {
  if (!s.starts_with("1..")) return std::nullopt;
  auto n = leading_int(s.substr(3));
  if (!n) return std::nullopt;
  return static_cast<int>(*n);
}

void parse_directive(std::string_view tail, ResultLine* r) {
  tail = trim(tail);
  std::size_t sp = tail.find_first_of(" \t");
  std::string word = upper(tail.substr(0, sp));
  std::string_view rest = sp == std::string_view::npos ? "" : trim(tail.substr(sp));
  if (word == "SKIP" || word == "TODO" || word == "XFAIL" || word == "TIMEOUT") {
    r->directive = word;
    r->reason = std::string(rest);
  } else {
    r->reason = std::string(tail);
  }
}

enum class Kind { Version, Plan, Result, Subtest, Bail, Comment, Other };

Kind classify(std::string_view rest) {
  if (is_version(rest)) return Kind::Version;
  if (parse_plan(rest)) return Kind::Plan;
  if (parse_result_line(rest)) return Kind::Result;
  if (rest.starts_with("# Subtest:")) return Kind::Subtest;
  if (rest.starts_with("Bail out!")) return Kind::Bail;
  if (rest.starts_with("#")) return Kind::Comment;
  return Kind::Other;
}

// Splits the nesting units ("    ", "\t", "# ") off the front of `s`.
std::size_t unit_prefix_len(std::string_view s, bool spaces_only) {
  std::size_t n = 0;
  for (;;) {
    std::string_view r = s.substr(n);
    if (r.starts_with("    ")) n += 4;
    else if (r.starts_with("\t")) n += 1;
    else if (!spaces_only && r.starts_with("# ")) n += 2;
    else return n;
  }
}

struct Level {
  std::string prefix;
  std::optional<int> plan;
  std::vector<TestNode> results;
  std::string name;                    // "# Subtest:" name of this level
  std::string next_child_name;         // name announced before a child opens
  std::vector<TestNode> closed_child;  // results of a child awaiting our result line
  std::string closed_child_name;
  std::vector<std::string> diagnostics;  // comments since the last result
  bool has_closed_child = false;
  bool bailed = false;
};

class Parser {
 public:
  KtapResult finish() {
    close_document();
    return std::move(out_);
  }

  void feed(const LogLine& l) {
    std::string_view t = l.text;
    if (stack_.empty()) return maybe_open_document(t, l.number);
    for (std::size_t d = stack_.size(); d-- > 0;) {
      if (!t.starts_with(stack_[d].prefix)) continue;
      std::string_view rest = t.substr(stack_[d].prefix.size());
      if (try_open_child(d, rest, l.number)) return;
      Kind k = classify(rest);
      if (d == 0 && k == Kind::Version) {
        close_document();
        return maybe_open_document(t, l.number);
      }
      if (k == Kind::Other || k == Kind::Version) continue;
      return handle(d, k, rest, l.number);
    }
  }

 private:
  void maybe_open_document(std::string_view t, std::size_t line) {
    std::size_t n = unit_prefix_len(t, false);
    if (!is_version(t.substr(n))) return;
    doc_ = KtapDocument{};
    doc_.version = std::string(trim(t.substr(n)));
    doc_.line = line;
    stack_.push_back(Level{});
    stack_.back().prefix = std::string(t.substr(0, n));
  }

  // A deeper "KTAP version"/plan (or an indented result) opens a child level.
  bool try_open_child(std::size_t d, std::string_view rest, std::size_t line) {
    if (d + 1 != stack_.size()) return false;
    std::size_t sp = unit_prefix_len(rest, true);
    if (sp > 0 && rest.substr(sp).starts_with("# Subtest:")) {
      stack_[d].next_child_name = std::string(trim(rest.substr(sp + 10)));
      return true;
    }
    std::size_t n = unit_prefix_len(rest, false);
    if (n == 0) return false;
    Kind k = classify(rest.substr(n));
    bool opens = k == Kind::Version || k == Kind::Plan || (k == Kind::Result && n == sp);
    if (!opens) return false;
    Level child;
    child.prefix = stack_[d].prefix + std::string(rest.substr(0, n));
    child.name = std::move(stack_[d].next_child_name);
    stack_[d].next_child_name.clear();
    stack_.push_back(std::move(child));
    if (k != Kind::Version) handle(stack_.size() - 1, k, rest.substr(n), line);
    return true;
  }

  void handle(std::size_t d, Kind k, std::string_view rest, std::size_t line) {
    Level& lv = stack_[d];
    switch (k) {
      case Kind::Plan:
        if (!lv.plan) lv.plan = parse_plan(rest);
        break;
      case Kind::Subtest:
        lv.name = std::string(trim(rest.substr(10)));
        break;
      case Kind::Bail:
        lv.bailed = true;
        out_.problems.push_back("line " + std::to_string(line) + ": " + std::string(rest));
        break;
      case Kind::Comment:
        note_comment(lv, rest);
        break;
      case Kind::Result:
        add_result(d, *parse_result_line(rest), line);
        break;
      default:
        break;
    }
  }

  // kselftest runner announces "# selftests: DIR: NAME" before a binary's TAP.
  // Other comments are kept as the next result's diagnostics.
  static void note_comment(Level& lv, std::string_view rest) {
    std::string_view body = trim(rest.substr(1));
    if (body.starts_with("selftests: ")) {
      lv.next_child_name = std::string(body);
      return;
    }
    if (body.empty()) return;
    if (lv.diagnostics.size() == kMaxDiagnostics) lv.diagnostics.erase(lv.diagnostics.begin());
    lv.diagnostics.emplace_back(body);
  }

  void add_result(std::size_t d, const ResultLine& r, std::size_t line) {
    while (stack_.size() > d + 1) close_level();
    Level& lv = stack_[d];
    TestNode node;
    node.name = r.name;
    node.number = r.number;
    node.status = status_of(r);
    node.directive = r.directive;
    node.reason = r.reason;
    node.line = line;
    node.diagnostics = std::move(lv.diagnostics);
    lv.diagnostics.clear();
    if (lv.has_closed_child) node.children = std::move(lv.closed_child);
    lv.has_closed_child = false;
    lv.closed_child.clear();
    lv.next_child_name.clear();
    lv.results.push_back(std::move(node));
  }

  static constexpr int kMaxMissingNodes = 1000;

  static TestNode missing_node(std::string name, int number, std::string reason) {
    TestNode n;
    n.name = std::move(name);
    n.number = number;
    n.status = TestStatus::Missing;
    n.reason = std::move(reason);
    return n;
  }

  // Turns a child that never got its result line, and plan shortfall, into
  // Missing nodes.
  void settle(Level& lv, const std::string& where) {
    if (lv.has_closed_child) {
      std::string name = lv.closed_child_name.empty() ? "(unnamed subtest)" : lv.closed_child_name;
      TestNode n = missing_node(name, static_cast<int>(lv.results.size()) + 1,
                                "no result line (crashed or truncated)");
      n.children = std::move(lv.closed_child);
      lv.results.push_back(std::move(n));
      lv.has_closed_child = false;
      out_.problems.push_back(where + ": subtest '" + name + "' has no result line");
    }
    if (!lv.plan) return;
    int have = static_cast<int>(lv.results.size());
    std::string reason = lv.bailed ? "not run: bail out" : "not run: output truncated";
    // A plan can promise any number of tests (a corrupt "1..2000000000"):
    // one node per missing test up to kMaxMissingNodes, then one for the rest.
    int last_named = *lv.plan - have > kMaxMissingNodes ? have + kMaxMissingNodes : *lv.plan;
    for (int i = have + 1; i <= last_named; ++i)
      lv.results.push_back(missing_node("(missing test " + std::to_string(i) + ")", i, reason));
    if (last_named < *lv.plan)
      lv.results.push_back(missing_node("(missing tests " + std::to_string(last_named + 1) + "-" +
                                            std::to_string(*lv.plan) + ")",
                                        last_named + 1, reason));
    if (have < *lv.plan)
      out_.problems.push_back(where + ": planned " + std::to_string(*lv.plan) + " tests, got " +
                              std::to_string(have));
  }

  void close_level() {
    Level lv = std::move(stack_.back());
    stack_.pop_back();
    settle(lv, lv.name.empty() ? std::string("nested test") : "'" + lv.name + "'");
    Level& parent = stack_.back();
    parent.closed_child = std::move(lv.results);
    parent.closed_child_name = lv.name;
    parent.has_closed_child = true;
  }

  void close_document() {
    if (stack_.empty()) return;
    if (stack_.size() > 1)
      out_.problems.push_back("output ends inside a nested test (truncated or crashed)");
    while (stack_.size() > 1) close_level();
    settle(stack_.front(), "top level");
    doc_.plan = stack_.front().plan;
    doc_.tests = std::move(stack_.front().results);
    stack_.clear();
    out_.documents.push_back(std::move(doc_));
  }

  std::vector<Level> stack_;
  KtapDocument doc_;
  KtapResult out_;
};

}  // namespace

std::optional<ResultLine> parse_result_line(std::string_view rest) {
  ResultLine r;
  if (rest.starts_with("ok")) {
    r.ok = true;
    rest.remove_prefix(2);
  } else if (rest.starts_with("not ok")) {
    rest.remove_prefix(6);
  } else {
    return std::nullopt;
  }
  if (!rest.empty() && rest.front() != ' ') return std::nullopt;
  rest = trim_left(rest);
  std::size_t n = 0;
  while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
  if (n == 0) return std::nullopt;  // KTAP requires a test number
  r.number = static_cast<int>(leading_int(rest).value_or(0));
  rest = trim_left(rest.substr(n));
  if (rest.starts_with("- ")) rest.remove_prefix(2);
  std::size_t hash = rest.find(" # ");
  if (rest.starts_with("# ")) hash = 0;
  r.name = std::string(trim(rest.substr(0, hash)));
  if (hash != std::string_view::npos) parse_directive(rest.substr(hash + (hash == 0 ? 2 : 3)), &r);
  return r;
}

TestStatus status_of(const ResultLine& r) {
  if (r.directive == "SKIP") return TestStatus::Skip;
  if (r.directive == "TODO") return TestStatus::Todo;
  return r.ok ? TestStatus::Pass : TestStatus::Fail;
}

KtapResult parse_ktap(Lines lines) {
  Parser p;
  for (const LogLine& l : lines) p.feed(l);
  return p.finish();
}

KtapResult parse_ktap(std::string_view log) {
  return parse_text(log, [](Lines l) { return parse_ktap(l); });
}

}  // namespace vh
