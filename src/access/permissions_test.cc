#include "access/permissions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xerosync::access {
namespace {

using testing::ElementsAre;

// The table of issue 7 ("Access"), written out row by row rather than derived.
TEST(PermissionsTest, ViewerSeesStatusAndErrorsOnly) {
  EXPECT_THAT(PermissionsOf(Role::kViewer),
              ElementsAre(Permission::kViewStatus, Permission::kViewErrors));
  EXPECT_FALSE(Allowed(Role::kViewer, Permission::kRetry));
  EXPECT_FALSE(Allowed(Role::kViewer, Permission::kSyncNow));
}

TEST(PermissionsTest, OperatorAlsoSyncsRetriesArchivesAndEdits) {
  EXPECT_THAT(PermissionsOf(Role::kOperator),
              ElementsAre(Permission::kViewStatus, Permission::kViewErrors, Permission::kSyncNow,
                          Permission::kRetry, Permission::kArchive, Permission::kEdit));
  EXPECT_FALSE(Allowed(Role::kOperator, Permission::kDisconnect));
  EXPECT_FALSE(Allowed(Role::kOperator, Permission::kUsers));
}

TEST(PermissionsTest, AdminMayDoEverything) {
  EXPECT_EQ(PermissionsOf(Role::kAdmin).size(), static_cast<std::size_t>(kPermissionCount));
  EXPECT_TRUE(Allowed(Role::kAdmin, Permission::kConnect));
  EXPECT_TRUE(Allowed(Role::kAdmin, Permission::kMappings));
  EXPECT_TRUE(Allowed(Role::kAdmin, Permission::kSettings));
  EXPECT_TRUE(Allowed(Role::kAdmin, Permission::kUsers));
}

TEST(PermissionsTest, NamesRoundTripAndUnknownNamesAreRefused) {
  for (int i = 0; i < kPermissionCount; ++i) {
    const auto permission = static_cast<Permission>(i);
    EXPECT_EQ(ParsePermission(PermissionName(permission)), permission);
  }
  EXPECT_EQ(PermissionName(Permission::kSyncNow), "sync_now");
  EXPECT_EQ(ParsePermission("root"), std::nullopt);
}

}  // namespace
}  // namespace xerosync::access
