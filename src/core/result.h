#pragma once
// Result<T>: a T, or the non-OK Status saying why there is none (absl::StatusOr in spirit;
// g++ 12 has no std::expected).
//
//   Result<Decimal> r = Decimal::Parse(text);
//   if (!r.ok()) return r.status();
//   Use(*r);
//
// Or, inside a function returning Status or Result<U>, with the macros below:
//
//   ASSIGN_OR_RETURN(Decimal amount, Decimal::Parse(text));
//   RETURN_IF_ERROR(Validate(amount));

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>

#include "core/status.h"

namespace xerosync {

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cv_t<T>, Status>, "Result<Status> makes no sense");

 public:
  // REQUIRES: !status.ok(). An OK status without a value is a bug; it becomes kInternal.
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok() && "Result constructed from an OK Status");
    if (status_.ok())
      status_ = InternalError("Result constructed from an OK Status without a value");
  }
  Result(const T& value) : value_(value) {}        // NOLINT(google-explicit-constructor)
  Result(T&& value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<std::decay_t<U>, T> &&
                                                    !std::is_same_v<std::decay_t<U>, Status> &&
                                                    !std::is_same_v<std::decay_t<U>, Result>>>
  Result(U&& value) : value_(std::forward<U>(value)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return value_.has_value(); }
  // OK when there is a value.
  const Status& status() const& { return status_; }
  Status status() && { return std::move(status_); }

  // REQUIRES: ok().
  const T& value() const& { return Checked(), *value_; }
  T& value() & { return Checked(), *value_; }
  T&& value() && { return Checked(), std::move(*value_); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? *value_ : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void Checked() const { assert(ok() && "Result::value() on an error"); }

  Status status_;  // OK exactly when value_ holds a value.
  std::optional<T> value_;
};

namespace internal {
inline const Status& AsStatus(const Status& s) { return s; }
inline Status AsStatus(Status&& s) { return std::move(s); }
template <typename T>
const Status& AsStatus(const Result<T>& r) {
  return r.status();
}
template <typename T>
Status AsStatus(Result<T>&& r) {
  return std::move(r).status();
}
}  // namespace internal

}  // namespace xerosync

#define XEROSYNC_CONCAT_INNER(a, b) a##b
#define XEROSYNC_CONCAT(a, b) XEROSYNC_CONCAT_INNER(a, b)

// Returns the Status of `expr` (a Status or a Result<T>) from the enclosing function when not OK.
#define RETURN_IF_ERROR(expr)                                               \
  do {                                                                      \
    auto&& xerosync_status_or = (expr);                                     \
    if (!xerosync_status_or.ok()) {                                         \
      return ::xerosync::internal::AsStatus(std::move(xerosync_status_or)); \
    }                                                                       \
  } while (false)

// Evaluates `rexpr` (a Result<T>); on error returns its Status from the enclosing function, else
// declares or assigns `lhs` from the value. `lhs` may be a declaration: ASSIGN_OR_RETURN(auto x,
// F());
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  XEROSYNC_ASSIGN_OR_RETURN_IMPL(XEROSYNC_CONCAT(xerosync_result_, __LINE__), lhs, rexpr)
#define XEROSYNC_ASSIGN_OR_RETURN_IMPL(result, lhs, rexpr) \
  auto result = (rexpr);                                   \
  if (!result.ok()) return std::move(result).status();     \
  lhs = std::move(result).value()
