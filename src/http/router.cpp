#include "http/router.hpp"

#include <charconv>
#include <stdexcept>

namespace tessera::http {
namespace {

// "/a/b/" and "/a/b" name the same resource; "/" stays "/".
std::string_view trim_trailing_slash(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  path = trim_trailing_slash(path);
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty()) {
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

Segment parse_segment(std::string_view text, std::string& documented) {
  if (text.size() < 3 || text.front() != '{' || text.back() != '}') {
    if (text.find_first_of("{}") != std::string_view::npos)
      throw std::invalid_argument("malformed path segment: " + std::string(text));
    documented.append(text);
    return Segment{.text = std::string(text)};
  }
  text = text.substr(1, text.size() - 2);
  Segment segment{.is_param = true};
  const auto colon = text.find(':');
  segment.text = std::string(text.substr(0, colon));
  if (colon != std::string_view::npos) {
    const auto type = text.substr(colon + 1);
    if (type == "uuid")
      segment.type = ParamType::uuid;
    else if (type == "int")
      segment.type = ParamType::integer;
    else if (type != "str")
      throw std::invalid_argument("unknown path parameter type: " + std::string(type));
  }
  documented += '{' + segment.text + '}';
  return segment;
}

bool integer_ok(std::string_view text) {
  long long value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end;
}

}  // namespace

int Route::success_status() const {
  return doc.status == 0 ? 200 : doc.status;
}

Route& Router::add(Method method, std::string_view path, RouteDoc doc, Handler handler) {
  auto route = std::make_unique<Route>();
  route->method = method;
  route->doc = std::move(doc);
  route->handler = std::move(handler);
  std::string documented;
  for (auto part : split_path(path)) {
    documented += '/';
    route->segments.push_back(parse_segment(part, documented));
  }
  if (path.size() > 1 && path.back() == '/') documented += '/';
  route->path = documented.empty() ? "/" : documented;
  routes_.push_back(std::move(route));
  return *routes_.back();
}

Match Router::match(Method method, std::string_view path) const {
  const auto parts = split_path(path);
  Match result;
  int best_score = -1;
  const Route* best_same_method = nullptr;
  int best_same_method_score = -1;
  std::vector<const Route*> shape_matches;

  for (const auto& route : routes_) {
    if (route->segments.size() != parts.size()) continue;
    int score = 0;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const Segment& segment = route->segments[i];
      if (segment.is_param)
        ok = !parts[i].empty();
      else if ((ok = segment.text == parts[i]))
        ++score;
    }
    if (!ok) continue;
    // Literal segments win over parameters: "/users/me" before "/users/{id}".
    if (score > best_score) {
      best_score = score;
      shape_matches.clear();
    }
    if (score == best_score) shape_matches.push_back(route.get());
    const bool same_method =
        route->method == method || (method == Method::head && route->method == Method::get);
    if (same_method && score > best_same_method_score) {
      best_same_method = route.get();
      best_same_method_score = score;
    }
  }

  if (best_same_method && best_same_method_score == best_score) {
    result.kind = Match::Kind::found;
    result.route = best_same_method;
    for (std::size_t i = 0; i < parts.size(); ++i)
      if (best_same_method->segments[i].is_param)
        result.params.emplace_back(best_same_method->segments[i].text, std::string(parts[i]));
    return result;
  }
  if (shape_matches.empty()) return result;

  result.kind = Match::Kind::method_not_allowed;
  for (const Route* route : shape_matches) {
    const auto name = to_string(route->method);
    if (result.allow.find(name) != std::string::npos) continue;
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += name;
  }
  return result;
}

void validate_path_params(const Route& route,
                          const std::vector<std::pair<std::string, std::string>>& params) {
  schema::ErrorList errors;
  for (const auto& segment : route.segments) {
    if (!segment.is_param || segment.type == ParamType::string) continue;
    for (const auto& [name, value] : params) {
      if (name != segment.text) continue;
      if (segment.type == ParamType::uuid && !core::Uuid::parse(value))
        errors.push_back(
            schema::path_error(name, value, "uuid_parsing",
                               "Input should be a valid UUID, invalid character or length"));
      if (segment.type == ParamType::integer && !integer_ok(value))
        errors.push_back(schema::path_error(
            name, value, "int_parsing",
            "Input should be a valid integer, unable to parse string as an integer"));
    }
  }
  if (!errors.empty()) throw schema::ValidationError(std::move(errors));
}

}  // namespace tessera::http
