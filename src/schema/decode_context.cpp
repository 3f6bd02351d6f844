#include "schema/decode_context.hpp"

#include "core/json_numbers.hpp"

namespace tessera::schema {

void DecodeContext::fail(std::string_view type, std::string msg, const boost::json::value* input,
                         boost::json::object ctx) {
  ++count_;
  if (errors_.size() >= max_errors) return;
  ErrorItem item;
  item.loc = loc_;
  item.msg = std::move(msg);
  item.type = std::string(type);
  // Boost.JSON writes an infinite double as `Infinity`, which is not JSON; an input holding
  // one (a literal like 1e400) is left out of the error body.
  if (input && !is_sensitive(loc_) && !core::find_non_finite(*input)) item.input = *input;
  if (!ctx.empty()) item.ctx = std::move(ctx);
  errors_.push_back(std::move(item));
}

}  // namespace tessera::schema
