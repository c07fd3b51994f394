// Test helpers for tests that spawn processes: an executable copy of
// tests/fake-qemu.sh and a temporary directory.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace vh::testing {

inline std::string temp_dir(const std::string& tag) {
  std::string tmpl = (std::filesystem::temp_directory_path() / ("vh-" + tag + "-XXXXXX")).string();
  char* made = ::mkdtemp(tmpl.data());
  if (!made) ADD_FAILURE() << "mkdtemp failed";
  return tmpl;
}

inline std::string fake_qemu() {
  static std::string path = [] {
    std::filesystem::path dir = temp_dir("fakeqemu");
    std::filesystem::path p = dir / "qemu-system-x86_64";
    std::filesystem::copy_file(std::string(HARNESS_TEST_DIR) + "/fake-qemu.sh", p);
    std::filesystem::permissions(p, std::filesystem::perms::owner_all);
    return p.string();
  }();
  return path;
}

// Environment for the fake QEMU; restores nothing (each test sets all keys).
inline void fake_env(const std::string& log, const std::string& args_file = "", const std::string& sleep = "",
                     const std::string& kvm = "") {
  auto set = [](const char* k, const std::string& v) {
    if (v.empty()) ::unsetenv(k);
    else ::setenv(k, v.c_str(), 1);
  };
  set("FAKE_QEMU_LOG", log);
  set("FAKE_QEMU_ARGS", args_file);
  set("FAKE_QEMU_SLEEP", sleep);
  set("FAKE_QEMU_KVM", kvm);
}

}  // namespace vh::testing
