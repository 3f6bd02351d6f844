# Every dependency comes from a Debian 12 package (see DESIGN.md).

find_package(Boost 1.81 CONFIG REQUIRED COMPONENTS json url)
find_package(fmt CONFIG REQUIRED)
find_package(spdlog CONFIG REQUIRED)
if(NOT TESSERA_FUZZ)
  find_package(CLI11 CONFIG REQUIRED)
  find_package(Threads REQUIRED)
  find_package(CURL REQUIRED)
endif()

# Boost as compiled libraries: Asio and Beast are compiled once (src/http/boost_impl.cpp),
# Boost.JSON and Boost.URL are Debian's shared libraries.
add_library(tessera_boost INTERFACE)
target_link_libraries(tessera_boost INTERFACE Boost::headers Boost::json Boost::url)
target_compile_definitions(tessera_boost INTERFACE
  BOOST_ASIO_SEPARATE_COMPILATION
  BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED
  BOOST_ASIO_DISABLE_BOOST_COROUTINE)
