#include "kvm_probe.h"

#include <gtest/gtest.h>

#include "process_util.h"

namespace vh {
namespace {

QemuConfig fake_config() {
  QemuConfig c;
  c.qemu = testing::fake_qemu();
  c.kernel = "bzImage";
  return c;
}

TEST(KvmProbe, ExplicitChoicesSkipTheProbe) {
  EXPECT_EQ(choose_accel("tcg", fake_config()).accel, "tcg");
  AccelChoice k = choose_accel("kvm", fake_config());
  EXPECT_EQ(k.accel, "kvm");
  EXPECT_EQ(k.reason, "requested with --accel kvm");
}

TEST(KvmProbe, UnusableDeviceMeansTcg) {
  AccelChoice a = choose_accel("auto", fake_config(), "/nonexistent/kvm", 1);
  EXPECT_EQ(a.accel, "tcg");
  EXPECT_NE(a.reason.find("/nonexistent/kvm not usable"), std::string::npos) << a.reason;
}

TEST(KvmProbe, GuestThatBootsMeansKvm) {
  testing::fake_env("", "", "", "boot");
  AccelChoice a = choose_accel("auto", fake_config(), "/dev/null", 5);
  EXPECT_EQ(a.accel, "kvm") << a.reason;
}

TEST(KvmProbe, GuestStuckInFirmwareMeansTcg) {
  testing::fake_env("", "", "", "hang");
  AccelChoice a = choose_accel("auto", fake_config(), "/dev/null", 1);
  EXPECT_EQ(a.accel, "tcg");
  EXPECT_NE(a.reason.find("no 'Linux version' within 1.0 s"), std::string::npos) << a.reason;
}

}  // namespace
}  // namespace vh
