#pragma once
// The delay before a failed task runs again: exponential, capped, with jitter so that tasks
// that failed together (a dependency went down) do not all come back at the same moment.

#include <chrono>

namespace tessera::queue {

// base * 2^retries, capped at `max`, then reduced by up to `jitter_fraction` of itself:
// the result lies in [d * (1 - jitter_fraction), d]. A fraction of 1 is "full jitter"
// (anywhere in [0, d]), 0 none. `random_unit` is a uniform draw in [0, 1), passed in so that
// the function stays pure; values outside are clamped, as are a negative retry count and a
// fraction outside [0, 1].
std::chrono::milliseconds retry_delay(int retries, std::chrono::milliseconds base,
                                      std::chrono::milliseconds max, double jitter_fraction,
                                      double random_unit);

// The same with a draw from a per-thread generator.
std::chrono::milliseconds retry_delay(int retries, std::chrono::milliseconds base,
                                      std::chrono::milliseconds max, double jitter_fraction);

}  // namespace tessera::queue
