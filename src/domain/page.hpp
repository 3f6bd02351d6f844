#pragma once
// One page of a longer list, and how long the whole list is.

#include <cstdint>
#include <vector>

namespace tessera::domain {

template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;  // every matching item, not only this page's
};

}  // namespace tessera::domain
