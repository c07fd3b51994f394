// The sub-commands. Each takes the arguments after its name and
// returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "analysis.h"

namespace vh {

int cmd_run(const std::vector<std::string>& args);
int cmd_parse(const std::vector<std::string>& args);
int cmd_compare(const std::vector<std::string>& args);
int cmd_triage(const std::vector<std::string>& args);
int cmd_matrix(const std::vector<std::string>& args);
int cmd_bench_json(const std::vector<std::string>& args);
int cmd_bench_compare(const std::vector<std::string>& args);
int cmd_bench_tables(const std::vector<std::string>& args);

// Shared by run and parse: analyse `log`, write DIR outputs, print the
// outcome (diagnosis on failure). Returns the exit code.
int analyze_and_report(const std::string& log, const AnalyzeOptions& opts, const std::string& out_dir);

int usage_error(const std::string& message);

}  // namespace vh
