#include "queue/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

namespace tessera::queue {

std::chrono::milliseconds retry_delay(int retries, std::chrono::milliseconds base,
                                      std::chrono::milliseconds max, double jitter_fraction,
                                      double random_unit) {
  const double cap = double(std::max<std::int64_t>(max.count(), 0));
  const double start = double(std::max<std::int64_t>(base.count(), 0));
  // In doubles, so that a large retry count saturates at the cap instead of overflowing.
  const double exponent = double(std::clamp(retries, 0, 62));
  const double delay = std::min(cap, start * std::exp2(exponent));
  const double fraction = std::isnan(jitter_fraction) ? 0.0 : std::clamp(jitter_fraction, 0.0, 1.0);
  const double draw = std::isnan(random_unit) ? 0.0 : std::clamp(random_unit, 0.0, 1.0);
  const double jittered = delay * (1.0 - fraction * draw);
  return std::chrono::milliseconds(std::llround(std::clamp(jittered, 0.0, cap)));
}

std::chrono::milliseconds retry_delay(int retries, std::chrono::milliseconds base,
                                      std::chrono::milliseconds max, double jitter_fraction) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  return retry_delay(retries, base, max, jitter_fraction, unit(generator));
}

}  // namespace tessera::queue
