#pragma once
// The rows of one statement, decoded into scalars or described structs by column name:
//
//   auto users = result.as<domain::User>();        // every row
//   auto count = result.scalar<std::int64_t>();    // first column of the only row

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include "core/timestamp.hpp"
#include "core/uuid.hpp"

struct pg_result;

namespace tessera::db {

// Decoders from PostgreSQL's text output; they throw DbError for text of another type.
void decode_text(std::string_view text, std::string& out);
void decode_text(std::string_view text, bool& out);
void decode_text(std::string_view text, std::int16_t& out);
void decode_text(std::string_view text, std::int32_t& out);
void decode_text(std::string_view text, std::int64_t& out);
void decode_text(std::string_view text, double& out);
void decode_text(std::string_view text, core::Uuid& out);
void decode_text(std::string_view text, core::Timestamp& out);
void decode_text(std::string_view text, std::vector<unsigned char>& out);  // bytea, hex format

[[noreturn]] void throw_decode_error(std::string_view column, std::string_view problem);

// A described enum is stored as the name of its enumerator ("pending").
template <class E>
requires(std::is_enum_v<E>&& boost::describe::has_describe_enumerators<E>::value) void decode_text(
    std::string_view text, E& out) {
  bool found = false;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto e) {
    if (!found && text == e.name) {
      out = e.value;
      found = true;
    }
  });
  if (!found) throw_decode_error("", "not a name of the enumeration");
}

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

class Result {
 public:
  Result() = default;
  explicit Result(pg_result* result);

  int rows() const;
  int columns() const;
  std::string_view column_name(int column) const;
  int column_index(std::string_view name) const;  // -1 when absent
  bool is_null(int row, int column) const;
  std::string_view text(int row, int column) const;
  // Rows touched by INSERT/UPDATE/DELETE.
  std::uint64_t affected() const;
  // The command tag of the last statement: "INSERT 0 1", "COMMIT", "ROLLBACK".
  std::string_view command() const;

  template <class T>
  T get(int row, int column) const {
    T out{};
    if constexpr (is_optional<T>::value) {
      if (is_null(row, column)) return std::nullopt;
      typename T::value_type value{};
      decode_text(text(row, column), value);
      out = std::move(value);
    } else {
      if (is_null(row, column)) throw_decode_error(column_name(column), "unexpected NULL");
      decode_text(text(row, column), out);
    }
    return out;
  }

  // Every row as T: a described struct (members matched to columns by name) or a scalar
  // (the first column).
  template <class T>
  std::vector<T> as() const {
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(rows()));
    if constexpr (boost::describe::has_describe_members<T>::value) {
      using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
      std::vector<int> index;
      boost::mp11::mp_for_each<Members>([&](auto m) {
        const int i = column_index(m.name);
        if (i < 0) throw_decode_error(m.name, "no such column in the result");
        index.push_back(i);
      });
      for (int row = 0; row < rows(); ++row) {
        T& item = out.emplace_back();
        std::size_t k = 0;
        boost::mp11::mp_for_each<Members>([&](auto m) {
          using M = std::remove_cvref_t<decltype(item.*m.pointer)>;
          item.*m.pointer = get<M>(row, index[k++]);
        });
      }
    } else {
      for (int row = 0; row < rows(); ++row) out.push_back(get<T>(row, 0));
    }
    return out;
  }

  template <class T>
  std::optional<T> first() const {
    if (rows() == 0) return std::nullopt;
    auto all = as<T>();
    return std::move(all.front());
  }

  template <class T>
  T scalar() const {
    if (rows() != 1 || columns() < 1) throw_decode_error("", "expected exactly one row");
    return get<T>(0, 0);
  }

 private:
  std::shared_ptr<pg_result> result_;
};

}  // namespace tessera::db
