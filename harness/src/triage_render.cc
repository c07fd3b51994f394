// Human and JSON renderings of a Diagnosis.
#include <sstream>

#include "json_writer.h"
#include "text_util.h"
#include "triage.h"

namespace vh {

namespace {

std::string task_label(const Diagnosis& d, int pid) {
  auto it = d.names.find(pid);
  return (it == d.names.end() ? std::string("?") : it->second) + "/" + std::to_string(pid);
}

std::string lock_text(const LockRef& l) {
  std::string s = l.class_name.empty() ? "(unknown class)" : l.class_name;
  if (!l.address.empty()) s += " at " + l.address;
  return s;
}

std::string site_text(const LockRef& l) {
  std::string s = l.site.empty() ? "unknown site" : l.site;
  if (!l.location.empty()) s += " (" + l.location + ")";
  return s;
}

std::string stack_line(const BlockedTask& t) {
  std::vector<std::string> parts;
  if (!t.wait.primitive.empty()) parts.push_back(t.wait.primitive);
  bool past_site = false;
  for (const Frame& f : t.stack) {
    if (t.wait.site && !past_site) {
      if (f.symbol != t.wait.site->symbol) continue;
      past_site = true;
    }
    if (!past_site) break;
    parts.push_back(describe_frame(f));
    if (parts.size() >= 4) break;
  }
  return join(parts, " <- ");
}

void render_since(std::ostringstream& o, const BlockedTask& t) {
  o << "  " << (t.hung ? "hung task" : "blocked task") << ": " << t.comm << " (pid " << t.pid;
  if (t.tgid) o << ", tgid " << *t.tgid;
  o << ") state " << t.state;
  if (t.blocked_seconds) o << ", blocked for more than " << *t.blocked_seconds << " s";
  o << " (line " << t.report_line;
  if (t.report_time) {
    o << ", reported at " << format_seconds(*t.report_time) << " s";
    if (t.blocked_seconds)
      o << ", blocked since ~" << format_seconds(*t.report_time - static_cast<double>(*t.blocked_seconds)) << " s";
  }
  o << ")\n";
}

void render_holder(std::ostringstream& o, const Diagnosis& d, const HolderInfo& h) {
  o << "  behind: " << task_label(d, h.pid);
  if (h.held) o << " holds " << lock_text(*h.held) << ", taken at " << site_text(*h.held);
  if (h.matched_by_class) o << " [matched by lock class, address not printed]";
  if (h.from_blocker_hint) o << " [named by the hung-task blocker hint]";
  if (!h.via.empty()) o << " (" << h.via << ")";
  o << "\n          holder is " << h.doing << "\n";
}

void render_finding(std::ostringstream& o, const Diagnosis& d, const HangFinding& f) {
  const BlockedTask& t = f.task;
  o << "hang [" << hang_class_name(f.classification) << "]: " << f.headline << "\n";
  render_since(o, t);
  if (!t.stack.empty())
    o << "  blocked in: " << stack_line(t) << " (stack at line " << t.stack_line
      << (t.stack_unreliable ? "; unreliable: every frame printed with '? ', guess unwinder" : "") << ")\n";
  else o << "  blocked in: no stack printed for this task\n";
  if (t.acquiring)
    o << "  waits for: " << lock_text(*t.acquiring) << " (acquire site " << site_text(*t.acquiring) << ")\n";
  for (const LockRef& l : t.held) o << "  holds: " << lock_text(l) << ", taken at " << site_text(l) << "\n";
  for (const HolderInfo& h : t.holders) render_holder(o, d, h);
  if (t.acquiring && t.holders.empty()) {
    o << "  behind: holder not found in the held-locks dump";
    if (!t.unlisted_candidates.empty()) o << "; tasks whose locks were not listed: " << join(t.unlisted_candidates, ", ");
    o << "\n";
  }
  if (t.wait.kind == WaitKind::Lock && !t.acquiring) o << "  waits for: a lock, but no held-locks list was printed for this task\n";
  for (const Report& r : f.rcu_evidence) o << "  rcu evidence: line " << r.line << ": " << r.title << "\n";
  if (t.wait.kind == WaitKind::Rcu && f.rcu_evidence.empty()) o << "  rcu evidence: no RCU stall report in the log\n";
  if (f.chain.size() > 1) {
    std::vector<std::string> names;
    for (int pid : f.chain) names.push_back(task_label(d, pid));
    o << "  chain: " << join(names, " -> ") << "\n";
  }
  for (const std::string& n : t.notes) o << "  note: " << n << "\n";
}

}  // namespace

std::string render_diagnosis_text(const Diagnosis& d) {
  std::ostringstream o;
  o << "triage: " << verdict_name(d.verdict) << " (exit " << d.exit_code << ", " << d.lines << " lines)\n";
  for (const HangFinding& f : d.hangs) render_finding(o, d, f);
  for (const auto& cycle : d.deadlocks) {
    std::vector<std::string> names;
    for (int pid : cycle) names.push_back(task_label(d, pid));
    o << "deadlock: " << join(names, " -> ") << " -> " << task_label(d, cycle.front()) << "\n";
  }
  for (std::size_t i = 0; i < d.reports.size(); ++i) {
    const Report& r = d.reports[i];
    bool expected = i < d.report_expected.size() && d.report_expected[i];
    std::string known = i < d.report_known.size() ? d.report_known[i] : "";
    o << "report [" << kind_name(r.kind) << "]" << (expected ? " (expected)" : "")
      << (known.empty() ? "" : " (known: " + known + ")") << " line " << r.line << ": " << r.title;
    if (r.pid) o << " (task " << r.task << "/" << *r.pid << ")";
    o << "\n";
  }
  for (const FlatTest& t : d.failed_tests)
    if (t.leaf) o << "failed test: " << t.name << " (" << status_name(t.status) << ", line " << t.line << ")\n";
  for (const std::string& p : d.ktap_problems) o << "ktap: " << p << "\n";
  for (const std::string& p : d.infra_problems) o << "infra: " << p << "\n";
  return o.str();
}

namespace {

void write_lock(JsonWriter& w, const std::optional<LockRef>& l) {
  if (!l) {
    w.null();
    return;
  }
  w.begin_object().field("address", l->address).field("class", l->class_name).field("site", l->site);
  w.field("location", l->location).end_object();
}

void write_task(JsonWriter& w, const BlockedTask& t) {
  w.begin_object().field("comm", t.comm).field("pid", t.pid).field("tgid", t.tgid);
  w.field("state", std::string(1, t.state)).field("hung", t.hung).field("blocked_seconds", t.blocked_seconds);
  w.field("report_line", t.report_line).field("report_time", t.report_time);
  w.field("wait_kind", wait_kind_name(t.wait.kind)).field("primitive", t.wait.primitive);
  w.key("site");
  if (t.wait.site) w.begin_object().field("symbol", t.wait.site->symbol).field("location", t.wait.site->location).end_object();
  else w.null();
  w.key("acquiring");
  write_lock(w, t.acquiring);
  w.key("held").begin_array();
  for (const LockRef& l : t.held) write_lock(w, l);
  w.end_array().field("stack_reliable", !t.stack_unreliable).key("stack").begin_array();
  for (const Frame& f : t.stack) w.value(describe_frame(f));
  w.end_array().key("holders").begin_array();
  for (const HolderInfo& h : t.holders) {
    w.begin_object().field("comm", h.comm).field("pid", h.pid).key("lock");
    write_lock(w, h.held);
    w.field("matched_by_class", h.matched_by_class).field("from_blocker_hint", h.from_blocker_hint);
    w.field("via", h.via);
    w.field("doing", h.doing).end_object();
  }
  w.end_array().key("unlisted_candidates").string_array(t.unlisted_candidates);
  w.key("notes").string_array(t.notes).end_object();
}

}  // namespace

std::string render_diagnosis_json(const Diagnosis& d) {
  JsonWriter w;
  w.begin_object().field("verdict", verdict_name(d.verdict)).field("exit_code", d.exit_code).field("lines", d.lines);
  w.key("hangs").begin_array();
  for (const HangFinding& f : d.hangs) {
    w.begin_object().field("classification", hang_class_name(f.classification)).field("headline", f.headline);
    w.key("task");
    write_task(w, f.task);
    w.key("chain").begin_array();
    for (int pid : f.chain) w.value(task_label(d, pid));
    w.end_array().key("rcu_evidence").begin_array();
    for (const Report& r : f.rcu_evidence) w.begin_object().field("line", r.line).field("title", r.title).end_object();
    w.end_array().end_object();
  }
  w.end_array().key("deadlocks").begin_array();
  for (const auto& cycle : d.deadlocks) {
    w.begin_array();
    for (int pid : cycle) w.value(task_label(d, pid));
    w.end_array();
  }
  w.end_array().key("reports").begin_array();
  for (std::size_t i = 0; i < d.reports.size(); ++i) {
    const Report& r = d.reports[i];
    w.begin_object().field("kind", kind_name(r.kind)).field("title", r.title).field("line", r.line);
    w.field("task", r.task).field("pid", r.pid);
    w.field("expected", i < d.report_expected.size() && d.report_expected[i]);
    w.field("known", i < d.report_known.size() ? d.report_known[i] : std::string()).end_object();
  }
  w.end_array().key("failed_tests").begin_array();
  for (const FlatTest& t : d.failed_tests) w.value(t.name);
  w.end_array().key("ktap_problems").string_array(d.ktap_problems);
  w.key("infra_problems").string_array(d.infra_problems);
  w.end_object();
  return w.str();
}

}  // namespace vh
