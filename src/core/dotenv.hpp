#pragma once
// Parser for `.env` files, following the syntax accepted by python-dotenv and Docker:
//
//   # a comment line               blank lines are ignored too
//   KEY=value                      unquoted: trimmed; " #..." starts an inline comment
//   export KEY = value             optional `export `; spaces around '=' are ignored
//   KEY='lit$eral \n'              single quotes: taken literally (may span lines)
//   KEY="a\tb \"c\" \\ d"          double quotes: \n \t \r \" \' \\ escapes (may span lines)
//   KEY=                           empty value
//
// A key matches [A-Za-z_][A-Za-z0-9_]*. A later duplicate overrides an earlier one.
// No variable interpolation is done: `$` is an ordinary character.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tessera::core {

class DotenvError : public std::runtime_error {
 public:
  // what() is "line N: <problem>".
  DotenvError(std::size_t line, std::string problem);

  // 1-based line number where the problem was found (where a quoted value started for an
  // unterminated quote).
  std::size_t line() const noexcept { return line_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  std::size_t line_;
  std::string problem_;
};

using DotenvEntries = std::vector<std::pair<std::string, std::string>>;

// Entries in the order their key first appears; each key once, with its last value.
// Throws DotenvError on bad syntax. Never crashes on arbitrary bytes.
DotenvEntries parse_dotenv(std::string_view text);

}  // namespace tessera::core
