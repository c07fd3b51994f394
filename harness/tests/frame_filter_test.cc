#include "frame_filter.h"

#include <gtest/gtest.h>

namespace vh {
namespace {

std::vector<Frame> frames(std::initializer_list<const char*> lines) {
  std::vector<Frame> out;
  for (const char* l : lines) out.push_back(*parse_frame(l));
  return out;
}

TEST(FrameFilter, ReliableFramesWinOverQuestionMarks) {
  UsableStack s = usable_frames(frames({" __schedule+0x1/0x2", " ? lock_acquire+0x1/0x2", " schedule+0x1/0x2"}));
  EXPECT_FALSE(s.unreliable);
  ASSERT_EQ(s.frames.size(), 2u);
  EXPECT_EQ(s.frames[1].function, "schedule");
}

TEST(FrameFilter, AllQuestionMarksAreUsedWithoutNoise) {
  UsableStack s = usable_frames(frames({" ? __schedule+0x1/0x2", " ? lock_acquire+0x1/0x2",
                                        " ? _raw_spin_unlock_irqrestore+0x1/0x2", " ? __mutex_lock+0x20a/0x3b5",
                                        " ? lockdep_hardirqs_on+0x1/0x2", " ? vhost_worker_killed+0x65/0x109"}));
  EXPECT_TRUE(s.unreliable);
  ASSERT_EQ(s.frames.size(), 3u);
  EXPECT_EQ(s.frames[0].function, "__schedule");
  EXPECT_EQ(s.frames[1].function, "__mutex_lock");
  EXPECT_EQ(s.frames[2].function, "vhost_worker_killed");
}

TEST(FrameFilter, NoiseIsExactNamesAndPrefixes) {
  EXPECT_TRUE(is_noise_frame("lock_acquire"));
  EXPECT_TRUE(is_noise_frame("lockdep_hardirqs_on_prepare"));
  EXPECT_TRUE(is_noise_frame("kasan_check_range"));
  EXPECT_FALSE(is_noise_frame("lock_sock_nested"));
  EXPECT_FALSE(is_noise_frame("mark_page_accessed"));
  EXPECT_FALSE(is_noise_frame("vhost_worker_killed"));
  EXPECT_TRUE(usable_frames({}).frames.empty());
}

}  // namespace
}  // namespace vh
