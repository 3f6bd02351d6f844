#include "queue/backoff.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace tessera::queue {
namespace {

using std::chrono::milliseconds;
constexpr milliseconds kBase{1000};
constexpr milliseconds kMax{60000};

TEST(RetryDelay, DoublesWithEachRetryWithoutJitter) {
  EXPECT_EQ(retry_delay(0, kBase, kMax, 0.0, 0.7), milliseconds(1000));
  EXPECT_EQ(retry_delay(1, kBase, kMax, 0.0, 0.7), milliseconds(2000));
  EXPECT_EQ(retry_delay(5, kBase, kMax, 0.0, 0.7), milliseconds(32000));
}

TEST(RetryDelay, IsCappedAtTheMaximum) {
  EXPECT_EQ(retry_delay(6, kBase, kMax, 0.0, 0.0), kMax);
  EXPECT_EQ(retry_delay(1000, kBase, kMax, 0.0, 0.0), kMax);
  EXPECT_EQ(retry_delay(std::numeric_limits<int>::max(), kBase, kMax, 0.0, 0.0), kMax);
}

TEST(RetryDelay, ProportionalJitterStaysWithinItsFraction) {
  EXPECT_EQ(retry_delay(2, kBase, kMax, 0.25, 0.0), milliseconds(4000));
  EXPECT_EQ(retry_delay(2, kBase, kMax, 0.25, 0.5), milliseconds(3500));
  EXPECT_EQ(retry_delay(2, kBase, kMax, 0.25, 1.0), milliseconds(3000));
}

TEST(RetryDelay, FullJitterSpansZeroToTheDelay) {
  EXPECT_EQ(retry_delay(3, kBase, kMax, 1.0, 0.0), milliseconds(8000));
  EXPECT_EQ(retry_delay(3, kBase, kMax, 1.0, 0.75), milliseconds(2000));
  EXPECT_EQ(retry_delay(3, kBase, kMax, 1.0, 1.0), milliseconds(0));
}

TEST(RetryDelay, ClampsOutOfRangeInputs) {
  EXPECT_EQ(retry_delay(-3, kBase, kMax, 0.0, 0.0), kBase);
  EXPECT_EQ(retry_delay(1, kBase, kMax, 7.0, 0.5), milliseconds(1000));   // fraction 1
  EXPECT_EQ(retry_delay(1, kBase, kMax, -1.0, 0.5), milliseconds(2000));  // fraction 0
  EXPECT_EQ(retry_delay(1, kBase, kMax, 0.5, 9.0), milliseconds(1000));   // draw 1
  EXPECT_EQ(retry_delay(1, kBase, kMax, std::numeric_limits<double>::quiet_NaN(),
                        std::numeric_limits<double>::quiet_NaN()),
            milliseconds(2000));
  EXPECT_EQ(retry_delay(4, milliseconds(0), kMax, 0.0, 0.0), milliseconds(0));
  EXPECT_EQ(retry_delay(4, milliseconds(-5), milliseconds(-5), 0.0, 0.0), milliseconds(0));
}

TEST(RetryDelay, RandomDrawsStayWithinBounds) {
  for (int retries = 0; retries < 20; ++retries) {
    const milliseconds full = retry_delay(retries, kBase, kMax, 0.0, 0.0);
    for (int i = 0; i < 50; ++i) {
      const milliseconds delay = retry_delay(retries, kBase, kMax, 0.5);
      EXPECT_LE(delay, full);
      EXPECT_GE(delay, full / 2);
    }
  }
}

}  // namespace
}  // namespace tessera::queue
