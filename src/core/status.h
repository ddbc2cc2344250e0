#pragma once
// Status: the outcome of an operation that can fail in an expected way.
//
// The codes are the canonical ones (absl/grpc). Each states what the *caller* should do, and retry
// decisions anywhere in xerosync read only the code, never the message:
//
//   kOk                  success.
//   kInvalidArgument     the input is wrong whatever the state of the system; do not retry as is.
//   kFailedPrecondition  the system is not in a state to do this (e.g. a locked period, an archived
//                        contact); retry only after something relevant changes.
//   kOutOfRange          a value past a valid range (e.g. an amount that would overflow).
//   kNotFound            the thing named does not exist.
//   kAlreadyExists       creating something that exists already.
//   kPermissionDenied    authenticated but not allowed.
//   kUnauthenticated     credentials missing, expired or revoked.
//   kResourceExhausted   a quota or rate limit is spent; retry after it resets.
//   kUnavailable         transient; retry with backoff.
//   kDeadlineExceeded    timed out; the operation may or may not have happened.
//   kAborted             a concurrency conflict; retry the whole read-modify-write.
//   kCancelled           the caller gave up.
//   kUnimplemented       not supported.
//   kDataLoss            stored data is corrupt.
//   kInternal            a broken invariant: a bug.
//   kUnknown             anything else.
//
// Thread safety: a Status is a value; distinct objects may be used from distinct threads.

#include <ostream>
#include <string>
#include <string_view>

namespace xerosync {

enum class StatusCode : int {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};

// "INVALID_ARGUMENT", "OK", ...
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  // REQUIRES: a non-OK code comes with a message saying what failed, in words a user can act on.
  Status(StatusCode code, std::string message);

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "INVALID_ARGUMENT: amount '1.2.3' is not a number", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>"; OK stays OK.
  Status WithContext(std::string_view context) const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

std::ostream& operator<<(std::ostream& os, const Status& status);

inline Status OkStatus() { return Status(); }
Status CancelledError(std::string message);
Status UnknownError(std::string message);
Status InvalidArgumentError(std::string message);
Status DeadlineExceededError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status PermissionDeniedError(std::string message);
Status ResourceExhaustedError(std::string message);
Status FailedPreconditionError(std::string message);
Status AbortedError(std::string message);
Status OutOfRangeError(std::string message);
Status UnimplementedError(std::string message);
Status InternalError(std::string message);
Status UnavailableError(std::string message);
Status DataLossError(std::string message);
Status UnauthenticatedError(std::string message);

}  // namespace xerosync
