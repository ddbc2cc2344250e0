#include "core/box.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xerosync {
namespace {

// A type that refers to itself through a Box, as Payment and Invoice do.
struct Node {
  std::string name;
  Box<Node> parent;
  friend bool operator==(const Node&, const Node&) = default;
};

TEST(BoxTest, EmptyByDefaultAndEqualToOtherEmpty) {
  Box<int> a, b;
  EXPECT_FALSE(a.has_value());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, Box<int>(0));
}

TEST(BoxTest, CopiesDeepSoChangesDoNotLeak) {
  Node child{"child", Node{"parent", {}}};
  Node copy = child;
  copy.parent->name = "changed";
  EXPECT_EQ(child.parent->name, "parent");
  EXPECT_NE(child, copy);
  copy.parent->name = "parent";
  EXPECT_EQ(child, copy);
}

TEST(BoxTest, EmplaceCreatesOnceAndKeepsValue) {
  Box<std::vector<int>> box;
  box.emplace().push_back(7);
  box.emplace().push_back(8);
  ASSERT_TRUE(box);
  EXPECT_EQ(*box, (std::vector<int>{7, 8}));
}

TEST(BoxTest, MoveLeavesSourceEmpty) {
  Box<std::string> a(std::string("x"));
  Box<std::string> b = std::move(a);
  EXPECT_TRUE(b.has_value());
  EXPECT_EQ(*b, "x");
}

}  // namespace
}  // namespace xerosync
