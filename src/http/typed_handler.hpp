#pragma once
// Turns a typed handler (Context&, inputs...) -> awaitable<Out> into a route's Handler,
// and records the inputs' and output's schemas for the OpenAPI document.

#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/asio/awaitable.hpp>

#include "http/context.hpp"
#include "http/route.hpp"
#include "schema/schema.hpp"

namespace tessera::http {

// A handler parameter read from an application/x-www-form-urlencoded body.
template <class T>
struct Form : T {};
// A handler parameter read from the query string.
template <class T>
struct Query : T {};

namespace detail {

template <class T>
struct awaitable_value;
template <class T>
struct awaitable_value<boost::asio::awaitable<T>> {
  using type = T;
};

template <class F>
struct handler_traits : handler_traits<decltype(&F::operator())> {};
template <class C, class R, class... A>
struct handler_traits<R (C::*)(Context&, A...) const> {
  using result = R;
  using inputs = std::tuple<std::remove_cvref_t<A>...>;
};
template <class C, class R, class... A>
struct handler_traits<R (C::*)(Context&, A...)> : handler_traits<R (C::*)(Context&, A...) const> {};

template <class T>
struct input_kind {
  static constexpr int value = 0;  // JSON body
  using type = T;
};
template <class T>
struct input_kind<Form<T>> {
  static constexpr int value = 1;
  using type = T;
};
template <class T>
struct input_kind<Query<T>> {
  static constexpr int value = 2;
  using type = T;
};

// Checks the body's media type; throws HttpError 415.
void require_content_type(const Request& request, std::string_view expected);

template <class P>
void decode_input(Context& ctx, P& out, schema::ErrorList& errors) {
  using Kind = input_kind<P>;
  using T = typename Kind::type;
  try {
    if constexpr (Kind::value == 0) {
      require_content_type(ctx.request(), "application/json");
      out = schema::decode_json<T>(ctx.request().body);
    } else if constexpr (Kind::value == 1) {
      require_content_type(ctx.request(), "application/x-www-form-urlencoded");
      static_cast<T&>(out) = schema::decode_form<T>(ctx.request().body);
    } else {
      static_cast<T&>(out) = schema::decode_query<T>(ctx.request().query);
    }
  } catch (schema::ValidationError& e) {
    errors.insert(errors.end(), e.errors().begin(), e.errors().end());
  }
}

template <class Tuple>
Tuple decode_inputs(Context& ctx) {
  Tuple inputs;
  schema::ErrorList errors;
  std::apply([&](auto&... in) { (decode_input(ctx, in, errors), ...); }, inputs);
  if (!errors.empty()) throw schema::ValidationError(std::move(errors));
  return inputs;
}

template <class P>
void describe_input(Route& route) {
  using Kind = input_kind<P>;
  using T = typename Kind::type;
  route.has_validation = true;
  if constexpr (Kind::value == 2) {
    route.query_params = [](schema::Registry& registry) {
      std::vector<ParamDoc> params;
      for (auto& field : schema::fields_of<T>(registry))
        params.push_back(ParamDoc{.name = field.name,
                                  .in = "query",
                                  .required = field.required,
                                  .schema = field.schema,
                                  .description = field.description});
      return params;
    };
  } else {
    route.request_content_type =
        Kind::value == 0 ? "application/json" : "application/x-www-form-urlencoded";
    route.request_schema = [](schema::Registry& registry) {
      return schema::schema_of<T>(registry);
    };
  }
}

template <class... P>
void describe_inputs(Route& route, std::tuple<P...>*) {
  (describe_input<P>(route), ...);
}

}  // namespace detail

template <class F>
void bind_typed_handler(Route& route, F handler) {
  using Traits = detail::handler_traits<F>;
  using Inputs = typename Traits::inputs;
  using Out = typename detail::awaitable_value<typename Traits::result>::type;

  detail::describe_inputs(route, static_cast<Inputs*>(nullptr));
  if constexpr (!std::is_void_v<Out> && !std::is_same_v<Out, Response>)
    route.response_schema = [](schema::Registry& registry) {
      return schema::schema_of<Out>(registry);
    };
  if (route.doc.status == 0) route.doc.status = std::is_void_v<Out> ? 204 : 200;

  route.handler = [handler = std::move(handler),
                   status = route.doc.status](Context& ctx) -> boost::asio::awaitable<Response> {
    auto inputs = detail::decode_inputs<Inputs>(ctx);
    auto call = [&](auto&... in) { return handler(ctx, std::move(in)...); };
    if constexpr (std::is_void_v<Out>) {
      co_await std::apply(call, inputs);
      co_return Response{.status = status};
    } else if constexpr (std::is_same_v<Out, Response>) {
      co_return co_await std::apply(call, inputs);
    } else {
      Out out = co_await std::apply(call, inputs);
      co_return Response::json(status, schema::to_json_string(out));
    }
  };
}

}  // namespace tessera::http
