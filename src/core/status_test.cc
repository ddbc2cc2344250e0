#include "core/status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace xerosync {
namespace {

using ::testing::HasSubstr;

struct CodeCase {
  StatusCode code;
  int number;
  std::string_view name;
  std::function<Status(std::string)> make;
};

// The canonical numbering (absl/grpc) is part of the contract: codes may be stored or logged.
std::vector<CodeCase> AllErrorCodes() {
  return {
      {StatusCode::kCancelled, 1, "CANCELLED", CancelledError},
      {StatusCode::kUnknown, 2, "UNKNOWN", UnknownError},
      {StatusCode::kInvalidArgument, 3, "INVALID_ARGUMENT", InvalidArgumentError},
      {StatusCode::kDeadlineExceeded, 4, "DEADLINE_EXCEEDED", DeadlineExceededError},
      {StatusCode::kNotFound, 5, "NOT_FOUND", NotFoundError},
      {StatusCode::kAlreadyExists, 6, "ALREADY_EXISTS", AlreadyExistsError},
      {StatusCode::kPermissionDenied, 7, "PERMISSION_DENIED", PermissionDeniedError},
      {StatusCode::kResourceExhausted, 8, "RESOURCE_EXHAUSTED", ResourceExhaustedError},
      {StatusCode::kFailedPrecondition, 9, "FAILED_PRECONDITION", FailedPreconditionError},
      {StatusCode::kAborted, 10, "ABORTED", AbortedError},
      {StatusCode::kOutOfRange, 11, "OUT_OF_RANGE", OutOfRangeError},
      {StatusCode::kUnimplemented, 12, "UNIMPLEMENTED", UnimplementedError},
      {StatusCode::kInternal, 13, "INTERNAL", InternalError},
      {StatusCode::kUnavailable, 14, "UNAVAILABLE", UnavailableError},
      {StatusCode::kDataLoss, 15, "DATA_LOSS", DataLossError},
      {StatusCode::kUnauthenticated, 16, "UNAUTHENTICATED", UnauthenticatedError},
  };
}

TEST(StatusTest, DefaultIsOk) {
  const Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_TRUE(OkStatus().ok());
  EXPECT_EQ(OkStatus(), Status());
}

TEST(StatusTest, OkCodeDropsAnyMessage) {
  const Status s(StatusCode::kOk, "ignored");
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s, OkStatus());
}

TEST(StatusTest, CodeNumbersAndNames) {
  EXPECT_EQ(static_cast<int>(StatusCode::kOk), 0);
  EXPECT_EQ(StatusCodeName(StatusCode::kOk), "OK");
  std::set<std::string_view> names;
  for (const CodeCase& c : AllErrorCodes()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(static_cast<int>(c.code), c.number);
    EXPECT_EQ(StatusCodeName(c.code), c.name);
    names.insert(StatusCodeName(c.code));
  }
  EXPECT_EQ(names.size(), 16u) << "every code has its own name";
}

TEST(StatusTest, UnlistedCodeIsNamedUnknown) {
  EXPECT_EQ(StatusCodeName(static_cast<StatusCode>(17)), "UNKNOWN");
  EXPECT_EQ(StatusCodeName(static_cast<StatusCode>(-1)), "UNKNOWN");
}

TEST(StatusTest, ErrorConstructorsSetCodeAndMessage) {
  for (const CodeCase& c : AllErrorCodes()) {
    SCOPED_TRACE(c.name);
    const Status s = c.make("it broke");
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.code(), c.code);
    EXPECT_EQ(s.message(), "it broke");
    EXPECT_EQ(s, Status(c.code, "it broke"));
  }
}

TEST(StatusTest, ToStringIsNameColonMessage) {
  EXPECT_EQ(InvalidArgumentError("amount '1.2.3' is not a number").ToString(),
            "INVALID_ARGUMENT: amount '1.2.3' is not a number");
  EXPECT_EQ(UnavailableError("xero returned 503").ToString(), "UNAVAILABLE: xero returned 503");
}

TEST(StatusTest, StreamsAsToString) {
  std::ostringstream os;
  os << NotFoundError("invoice INV-1") << " / " << OkStatus();
  EXPECT_EQ(os.str(), "NOT_FOUND: invoice INV-1 / OK");
}

TEST(StatusTest, WithContextPrefixesMessageAndKeepsCode) {
  const Status base = NotFoundError("contact 42");
  const Status s = base.WithContext("syncing invoice INV-7");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "syncing invoice INV-7: contact 42");
  EXPECT_EQ(s.ToString(), "NOT_FOUND: syncing invoice INV-7: contact 42");
  EXPECT_EQ(base.message(), "contact 42") << "the original is unchanged";
  EXPECT_EQ(s.WithContext("batch 3").message(), "batch 3: syncing invoice INV-7: contact 42");
}

TEST(StatusTest, WithContextOnOkStaysOk) {
  const Status s = OkStatus().WithContext("anything");
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s, OkStatus());
}

TEST(StatusTest, EqualityComparesCodeAndMessage) {
  EXPECT_EQ(AbortedError("x"), AbortedError("x"));
  EXPECT_NE(AbortedError("x"), AbortedError("y"));
  EXPECT_NE(AbortedError("x"), UnavailableError("x"));
  EXPECT_NE(AbortedError(""), OkStatus());
}

TEST(StatusTest, CopiesAndMovesKeepTheValue) {
  Status a = DataLossError("page 3 checksum");
  Status copy = a;
  EXPECT_EQ(copy, a);
  Status moved = std::move(a);
  EXPECT_EQ(moved, copy);
  EXPECT_THAT(moved.ToString(), HasSubstr("checksum"));
}

}  // namespace
}  // namespace xerosync
