#include "domain/image.hpp"

#include <boost/describe/enum_to_string.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

namespace tessera::domain {

std::string_view to_string(ImageStatus status) {
  return boost::describe::enum_to_string(status, "unknown");
}

std::optional<ImageStatus> parse_image_status(std::string_view text) {
  std::optional<ImageStatus> status;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<ImageStatus>>([&](auto e) {
    if (e.name == text) status = e.value;
  });
  return status;
}

}  // namespace tessera::domain
