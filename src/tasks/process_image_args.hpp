#pragma once
// The arguments of "tessera.process_image": the image whose variants to write.

#include <string_view>

#include <boost/describe/class.hpp>

#include "core/uuid.hpp"

namespace tessera::tasks {

struct ProcessImageArgs {
  static constexpr std::string_view task = "tessera.process_image";
  core::Uuid image_id;
};
BOOST_DESCRIBE_STRUCT(ProcessImageArgs, (), (image_id))

}  // namespace tessera::tasks
