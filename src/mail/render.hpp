#pragma once
// The templating of our emails, kept tiny on purpose: "{{name}}" placeholders replaced by
// values, and HTML escaping for the values that go into HTML.

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace tessera::mail {

using TemplateValues = std::map<std::string, std::string, std::less<>>;

// `text` with every "{{name}}" replaced by values[name], inserted as given (escape first for
// HTML). Throws std::invalid_argument for a placeholder with no value or an unclosed "{{",
// so that a typo in a template fails the first test that renders it instead of mailing
// "{{lnik}}" to users.
std::string render(std::string_view text, const TemplateValues& values);

// & < > " ' as character references: safe in HTML text and in quoted attribute values.
std::string html_escape(std::string_view text);

}  // namespace tessera::mail
