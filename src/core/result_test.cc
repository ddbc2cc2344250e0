#include "core/result.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace xerosync {
namespace {

TEST(ResultTest, HoldsAValue) {
  const Result<int> r = 42;
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.status().ok());
  EXPECT_EQ(r.value(), 42);
  EXPECT_EQ(*r, 42);
}

TEST(ResultTest, HoldsAnError) {
  const Result<int> r = NotFoundError("no such invoice");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "no such invoice");
}

TEST(ResultTest, ConvertsFromConstructibleTypes) {
  const Result<std::string> r = "text";  // const char* -> std::string
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "text");
  EXPECT_EQ(r->size(), 4u);
}

TEST(ResultTest, ValueCanBeModifiedInPlace) {
  Result<std::vector<int>> r = std::vector<int>{1, 2};
  r->push_back(3);
  (*r).push_back(4);
  r.value().push_back(5);
  EXPECT_EQ(*r, (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST(ResultTest, MoveOnlyValue) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(**r, 7);
  std::unique_ptr<int> taken = std::move(r).value();
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(*taken, 7);

  Result<std::unique_ptr<int>> moved_from = std::make_unique<int>(8);
  Result<std::unique_ptr<int>> moved_to = std::move(moved_from);
  ASSERT_TRUE(moved_to.ok());
  EXPECT_EQ(**moved_to, 8);

  Result<std::unique_ptr<int>> error = InternalError("no pointer");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.status().code(), StatusCode::kInternal);
}

TEST(ResultTest, StatusCanBeMovedOut) {
  Result<int> r = UnavailableError("503");
  const Status s = std::move(r).status();
  EXPECT_EQ(s, UnavailableError("503"));
}

TEST(ResultTest, ValueOr) {
  const Result<int> good = 3;
  const Result<int> bad = NotFoundError("x");
  EXPECT_EQ(good.value_or(9), 3);
  EXPECT_EQ(bad.value_or(9), 9);

  const Result<std::string> name = InvalidArgumentError("bad");
  EXPECT_EQ(name.value_or("fallback"), "fallback");
  const Result<std::string> real = std::string("real");
  EXPECT_EQ(real.value_or("fallback"), "real");
}

#ifdef NDEBUG
TEST(ResultTest, OkStatusWithoutValueBecomesInternal) {
  // A bug (asserted in debug builds); in release it must not masquerade as success.
  const Result<int> r = OkStatus();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}
#endif

// --- The early-return macros, used the way module code uses them. ---

Result<int> ParsePositive(int x) {
  if (x <= 0) return InvalidArgumentError("not positive: " + std::to_string(x));
  return x;
}

Status Check(bool good) { return good ? OkStatus() : FailedPreconditionError("period locked"); }

// Status-returning function using both macros; `steps` records how far it got.
Status ValidateBoth(int x, bool good, std::vector<std::string>* steps) {
  ASSIGN_OR_RETURN(const int v, ParsePositive(x));
  steps->push_back("parsed " + std::to_string(v));
  RETURN_IF_ERROR(Check(good));
  steps->push_back("checked");
  RETURN_IF_ERROR(ParsePositive(v - 1));  // a Result<T> as the argument
  steps->push_back("done");
  return OkStatus();
}

// Result-returning function using both macros, assigning to an existing variable too.
Result<int> SumOfPositives(int a, int b) {
  int total = 0;
  ASSIGN_OR_RETURN(total, ParsePositive(a));
  ASSIGN_OR_RETURN(auto second, ParsePositive(b));
  RETURN_IF_ERROR(Check(total + second < 100));
  return total + second;
}

Result<std::unique_ptr<int>> MakeBox(int x) {
  ASSIGN_OR_RETURN(const int v, ParsePositive(x));
  return std::make_unique<int>(v);
}

Result<int> Unbox(int x) {
  ASSIGN_OR_RETURN(std::unique_ptr<int> box, MakeBox(x));
  return *box + 1;
}

TEST(ResultMacrosTest, StatusFunctionRunsToTheEndOnSuccess) {
  std::vector<std::string> steps;
  EXPECT_TRUE(ValidateBoth(5, true, &steps).ok());
  EXPECT_EQ(steps, (std::vector<std::string>{"parsed 5", "checked", "done"}));
}

TEST(ResultMacrosTest, AssignOrReturnStopsAtTheFirstError) {
  std::vector<std::string> steps;
  const Status s = ValidateBoth(-2, true, &steps);
  EXPECT_EQ(s, InvalidArgumentError("not positive: -2"));
  EXPECT_TRUE(steps.empty());
}

TEST(ResultMacrosTest, ReturnIfErrorPassesTheStatusThrough) {
  std::vector<std::string> steps;
  EXPECT_EQ(ValidateBoth(5, false, &steps), FailedPreconditionError("period locked"));
  EXPECT_EQ(steps, (std::vector<std::string>{"parsed 5"}));
}

TEST(ResultMacrosTest, ReturnIfErrorAcceptsAResult) {
  std::vector<std::string> steps;
  EXPECT_EQ(ValidateBoth(1, true, &steps), InvalidArgumentError("not positive: 0"));
  EXPECT_EQ(steps, (std::vector<std::string>{"parsed 1", "checked"}));
}

TEST(ResultMacrosTest, ResultFunction) {
  const Result<int> ok = SumOfPositives(2, 3);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, 5);

  EXPECT_EQ(SumOfPositives(0, 3).status(), InvalidArgumentError("not positive: 0"));
  EXPECT_EQ(SumOfPositives(2, -3).status(), InvalidArgumentError("not positive: -3"));
  EXPECT_EQ(SumOfPositives(60, 50).status().code(), StatusCode::kFailedPrecondition);
}

TEST(ResultMacrosTest, MoveOnlyValuesThroughTheMacros) {
  const Result<int> ok = Unbox(4);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, 5);
  EXPECT_EQ(Unbox(-1).status().code(), StatusCode::kInvalidArgument);
}

TEST(ResultMacrosTest, ExpressionIsEvaluatedOnce) {
  int calls = 0;
  auto counted = [&calls](int x) -> Result<int> {
    ++calls;
    return ParsePositive(x);
  };
  auto use = [&](int x) -> Status {
    ASSIGN_OR_RETURN(const int v, counted(x));
    RETURN_IF_ERROR(counted(v));
    return OkStatus();
  };
  EXPECT_TRUE(use(3).ok());
  EXPECT_EQ(calls, 2);
  EXPECT_FALSE(use(-3).ok());
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace xerosync
