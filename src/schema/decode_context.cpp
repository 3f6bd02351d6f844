#include "schema/decode_context.hpp"

#include <cmath>
#include <vector>

#include <boost/json/array.hpp>

namespace tessera::schema {
namespace {

// Boost.JSON writes an infinite double as `Infinity`, which is not JSON; an input holding
// one (a literal like 1e400) is left out of the error body.
bool json_safe(const boost::json::value& root) {
  std::vector<const boost::json::value*> pending{&root};
  while (!pending.empty()) {
    const boost::json::value* v = pending.back();
    pending.pop_back();
    if (v->is_double() && !std::isfinite(v->get_double())) return false;
    if (const auto* array = v->if_array())
      for (const auto& item : *array) pending.push_back(&item);
    if (const auto* object = v->if_object())
      for (const auto& entry : *object) pending.push_back(&entry.value());
  }
  return true;
}

}  // namespace

void DecodeContext::fail(std::string_view type, std::string msg, const boost::json::value* input,
                         boost::json::object ctx) {
  ++count_;
  if (errors_.size() >= max_errors) return;
  ErrorItem item;
  item.loc = loc_;
  item.msg = std::move(msg);
  item.type = std::string(type);
  if (input && !is_sensitive(loc_) && json_safe(*input)) item.input = *input;
  if (!ctx.empty()) item.ctx = std::move(ctx);
  errors_.push_back(std::move(item));
}

}  // namespace tessera::schema
