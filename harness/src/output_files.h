// Writes an Analysis to DIR (results.json, junit.xml, summary.txt and, when
// the run failed, diagnosis.txt + diagnosis.json) and prints the closing
// report on stdout whose last line is "N passed, N failed, N skipped".
#pragma once

#include <ostream>
#include <string>

#include "analysis.h"
#include "triage.h"

namespace vh {

std::string render_results_json(const Analysis& a);
std::string render_summary(const Analysis& a);
// guest-output.txt: the guest's test output (Evidence::guest_output), one
// line each, so that no script has to cut it out of the console.
std::string render_guest_output(const Analysis& a);

// Returns false (with *error) if a file could not be written.
bool write_outputs(const std::string& dir, const Analysis& a, const Diagnosis* diag, std::string* error);

// Summary + diagnosis + final counts line.
void print_outcome(std::ostream& out, const Analysis& a, const Diagnosis* diag);

// Creates dir (and parents); false on failure.
bool make_dirs(const std::string& dir, std::string* error);

}  // namespace vh
