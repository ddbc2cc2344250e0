#include "core/strong_id.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <vector>

namespace xerosync {
namespace {

using InvoiceId = StrongId<struct InvoiceIdTag>;
using ContactId = StrongId<struct ContactIdTag>;

// The point of the type: ids of different kinds do not mix, in either direction, and a bare string
// does not silently become an id.
static_assert(!std::is_convertible_v<InvoiceId, ContactId>);
static_assert(!std::is_convertible_v<ContactId, InvoiceId>);
static_assert(!std::is_constructible_v<ContactId, InvoiceId>);
static_assert(!std::is_assignable_v<ContactId&, InvoiceId>);
static_assert(!std::is_convertible_v<std::string, InvoiceId>);
static_assert(!std::is_convertible_v<const char*, InvoiceId>);
static_assert(std::is_constructible_v<InvoiceId, std::string>);
static_assert(std::is_convertible_v<InvoiceId, InvoiceId>);

TEST(StrongIdTest, DefaultIsEmpty) {
  const InvoiceId id;
  EXPECT_TRUE(id.empty());
  EXPECT_EQ(id.value(), "");
  EXPECT_EQ(id, InvoiceId(""));
}

TEST(StrongIdTest, HoldsItsText) {
  const std::string text = "d4956132-ed94-4dd7-9eaa-aa22dfdf06f2";
  const InvoiceId from_string(text);
  const InvoiceId from_view{std::string_view(text)};
  const InvoiceId from_chars(text.c_str());
  EXPECT_FALSE(from_string.empty());
  EXPECT_EQ(from_string.value(), text);
  EXPECT_EQ(from_view, from_string);
  EXPECT_EQ(from_chars, from_string);
}

TEST(StrongIdTest, EqualityByText) {
  EXPECT_EQ(ContactId("c-1"), ContactId("c-1"));
  EXPECT_NE(ContactId("c-1"), ContactId("c-2"));
  EXPECT_NE(ContactId("c-1"), ContactId("C-1")) << "ids are case-sensitive";
  EXPECT_NE(ContactId(""), ContactId("c-1"));
}

TEST(StrongIdTest, OrderingIsByText) {
  EXPECT_LT(InvoiceId("a"), InvoiceId("b"));
  EXPECT_LT(InvoiceId(""), InvoiceId("a"));
  EXPECT_LT(InvoiceId("INV-10"), InvoiceId("INV-9")) << "lexicographic, not numeric";
  EXPECT_GT(InvoiceId("b"), InvoiceId("a"));
  EXPECT_LE(InvoiceId("a"), InvoiceId("a"));

  std::vector<InvoiceId> ids = {InvoiceId("c"), InvoiceId("a"), InvoiceId("b")};
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<InvoiceId>{InvoiceId("a"), InvoiceId("b"), InvoiceId("c")}));
}

TEST(StrongIdTest, HashesByText) {
  EXPECT_EQ(std::hash<InvoiceId>{}(InvoiceId("x-1")), std::hash<std::string>{}("x-1"));

  std::unordered_set<InvoiceId> set;
  EXPECT_TRUE(set.insert(InvoiceId("a")).second);
  EXPECT_TRUE(set.insert(InvoiceId("b")).second);
  EXPECT_FALSE(set.insert(InvoiceId(std::string("a"))).second) << "same text, same id";
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(set.count(InvoiceId("b")), 1u);
  EXPECT_EQ(set.count(InvoiceId("c")), 0u);
}

TEST(StrongIdTest, PrintsItsText) {
  std::ostringstream os;
  os << ContactId("c-42");
  EXPECT_EQ(os.str(), "c-42");
}

}  // namespace
}  // namespace xerosync
