#include "known_reports.h"

#include "text_util.h"

namespace vh {

std::optional<std::vector<KnownReport>> parse_known_reports(std::string_view text, std::string* error) {
  std::vector<KnownReport> out;
  std::size_t number = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    if (trim(line).empty() || trim(line).front() == '#') continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string_view::npos; start = tab + 1)
      fields.emplace_back(line.substr(start, tab - start));
    fields.emplace_back(line.substr(start));
    if (fields.size() != 3 || fields[0].empty() || fields[1].empty()) {
      *error = "known reports, line " + std::to_string(number) +
               ": expected TITLE-REGEX<tab>BODY-REGEX<tab>REASON";
      return std::nullopt;
    }
    out.push_back(KnownReport{fields[0], fields[1], std::string(trim(fields[2]))});
  }
  return out;
}

std::optional<std::vector<KnownReport>> read_known_reports(const std::string& path, std::string* error) {
  auto text = read_file(path);
  if (!text) {
    *error = "cannot read " + path;
    return std::nullopt;
  }
  return parse_known_reports(*text, error);
}

std::optional<std::vector<KnownReport>> known_reports_option(const std::vector<std::string>& files,
                                                             std::string* error) {
  std::vector<KnownReport> all;
  for (const std::string& f : files) {
    auto known = read_known_reports(f, error);
    if (!known) return std::nullopt;
    all.insert(all.end(), known->begin(), known->end());
  }
  return all;
}

}  // namespace vh
