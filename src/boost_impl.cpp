// The one translation unit that compiles Boost.Asio and Boost.Beast
// (BOOST_ASIO_SEPARATE_COMPILATION and BOOST_BEAST_SEPARATE_COMPILATION are defined for
// every target through tessera_boost); the library tessera_asio holds this one object.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
