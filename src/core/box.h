#pragma once
// Box<T>: an optional T held on the heap, with value semantics (copies deep, compares by value).
//
// For data that nests recursively, as Xero's does: a Payment names its Invoice, and an Invoice
// lists its Payments. A Box may hold a type that is still incomplete where the Box is declared.

#include <memory>
#include <utility>

namespace xerosync {

template <typename T>
class Box {
 public:
  Box() = default;
  // Implicit, so that a T can be assigned where a Box<T> is expected, as to a std::optional<T>.
  Box(T value)  // NOLINT(google-explicit-constructor)
      : ptr_(std::make_unique<T>(std::move(value))) {}
  Box(const Box& other) : ptr_(other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& other) {
    if (this != &other) ptr_ = other.ptr_ ? std::make_unique<T>(*other.ptr_) : nullptr;
    return *this;
  }
  Box& operator=(Box&&) noexcept = default;
  ~Box() = default;

  bool has_value() const { return ptr_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  // REQUIRES: has_value().
  const T& operator*() const { return *ptr_; }
  T& operator*() { return *ptr_; }
  const T* operator->() const { return ptr_.get(); }
  T* operator->() { return ptr_.get(); }
  // Creates a default T when empty, and returns it.
  T& emplace() {
    if (!ptr_) ptr_ = std::make_unique<T>();
    return *ptr_;
  }

  friend bool operator==(const Box& a, const Box& b) {
    if (!a.ptr_ || !b.ptr_) return !a.ptr_ && !b.ptr_;
    return *a.ptr_ == *b.ptr_;
  }

 private:
  std::unique_ptr<T> ptr_;
};

}  // namespace xerosync
