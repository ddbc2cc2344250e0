#include "core/status.h"

#include <array>
#include <cassert>
#include <utility>

namespace xerosync {

std::string_view StatusCodeName(StatusCode code) {
  static constexpr std::array<std::string_view, 17> kNames = {"OK",
                                                              "CANCELLED",
                                                              "UNKNOWN",
                                                              "INVALID_ARGUMENT",
                                                              "DEADLINE_EXCEEDED",
                                                              "NOT_FOUND",
                                                              "ALREADY_EXISTS",
                                                              "PERMISSION_DENIED",
                                                              "RESOURCE_EXHAUSTED",
                                                              "FAILED_PRECONDITION",
                                                              "ABORTED",
                                                              "OUT_OF_RANGE",
                                                              "UNIMPLEMENTED",
                                                              "INTERNAL",
                                                              "UNAVAILABLE",
                                                              "DATA_LOSS",
                                                              "UNAUTHENTICATED"};
  const auto index = static_cast<std::size_t>(code);
  return index < kNames.size() ? kNames[index] : std::string_view("UNKNOWN");
}

Status::Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {
  if (code_ == StatusCode::kOk) message_.clear();
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(StatusCodeName(code_));
  out += ": ";
  out += message_;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string message(context);
  message += ": ";
  message += message_;
  return Status(code_, std::move(message));
}

std::ostream& operator<<(std::ostream& os, const Status& status) { return os << status.ToString(); }

#define XEROSYNC_DEFINE_ERROR(Name, Code) \
  Status Name(std::string message) { return Status(StatusCode::Code, std::move(message)); }
XEROSYNC_DEFINE_ERROR(CancelledError, kCancelled)
XEROSYNC_DEFINE_ERROR(UnknownError, kUnknown)
XEROSYNC_DEFINE_ERROR(InvalidArgumentError, kInvalidArgument)
XEROSYNC_DEFINE_ERROR(DeadlineExceededError, kDeadlineExceeded)
XEROSYNC_DEFINE_ERROR(NotFoundError, kNotFound)
XEROSYNC_DEFINE_ERROR(AlreadyExistsError, kAlreadyExists)
XEROSYNC_DEFINE_ERROR(PermissionDeniedError, kPermissionDenied)
XEROSYNC_DEFINE_ERROR(ResourceExhaustedError, kResourceExhausted)
XEROSYNC_DEFINE_ERROR(FailedPreconditionError, kFailedPrecondition)
XEROSYNC_DEFINE_ERROR(AbortedError, kAborted)
XEROSYNC_DEFINE_ERROR(OutOfRangeError, kOutOfRange)
XEROSYNC_DEFINE_ERROR(UnimplementedError, kUnimplemented)
XEROSYNC_DEFINE_ERROR(InternalError, kInternal)
XEROSYNC_DEFINE_ERROR(UnavailableError, kUnavailable)
XEROSYNC_DEFINE_ERROR(DataLossError, kDataLoss)
XEROSYNC_DEFINE_ERROR(UnauthenticatedError, kUnauthenticated)
#undef XEROSYNC_DEFINE_ERROR

}  // namespace xerosync
