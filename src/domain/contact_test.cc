#include "domain/contact.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace xerosync::domain {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kGuid[] = "d4956132-ed94-4dd7-9eaa-aa22dfdf06f2";

Contact Named(std::string name) {
  Contact c;
  c.name = std::move(name);
  return c;
}

TEST(ContactTest, AReferenceIsIdentifiedByIdNameOrNumber) {
  Contact by_id;
  by_id.id = ContactId(kGuid);
  EXPECT_TRUE(by_id.ValidateAsReference().ok()) << by_id.ValidateAsReference();

  EXPECT_TRUE(Named("Acme Ltd").ValidateAsReference().ok());

  Contact by_number;
  by_number.contact_number = "CUST-17";
  EXPECT_TRUE(by_number.ValidateAsReference().ok()) << by_number.ValidateAsReference();
}

TEST(ContactTest, AReferenceWithoutIdentityNamesTheThreeWaysToIdentify) {
  Contact nobody;
  nobody.email = "someone@example.com";  // not an identity in Xero's eyes
  nobody.name = "";                      // empty counts as absent
  const Status status = nobody.ValidateAsReference();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(),
              AllOf(HasSubstr("Name"), HasSubstr("ContactID"), HasSubstr("ContactNumber")));
}

TEST(ContactTest, CreatingNeedsAName) {
  Contact no_name;
  no_name.contact_number = "CUST-17";
  const Status status = no_name.ValidateForCreate();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("Name is required"));

  EXPECT_TRUE(Named("Acme Ltd").ValidateForCreate().ok());
}

TEST(ContactTest, NameMayBe255CharactersButNot256) {
  EXPECT_TRUE(Named(std::string(255, 'n')).ValidateForCreate().ok());

  const Status too_long = Named(std::string(256, 'n')).ValidateForCreate();
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(too_long.message(), HasSubstr("Name is longer than 255 characters"));
  // The length limit applies to a reference as well.
  EXPECT_FALSE(Named(std::string(256, 'n')).ValidateAsReference().ok());
}

TEST(ContactTest, AccountNumberMayBe50CharactersButNot51) {
  Contact c = Named("Acme Ltd");
  c.account_number = std::string(50, '7');
  EXPECT_TRUE(c.ValidateForCreate().ok()) << c.ValidateForCreate();

  c.account_number = std::string(51, '7');
  const Status status = c.ValidateForCreate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("AccountNumber is longer than 50 characters"));
}

TEST(ContactTest, NestedAddressProblemIsReportedWithItsPath) {
  Contact c = Named("Acme Ltd");
  c.addresses.resize(2);
  c.addresses[0].city = "Wellington";
  c.addresses[1].city = std::string(256, 'c');
  const Status status = c.ValidateForCreate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("Addresses[1].City is longer than 255 characters"));
  EXPECT_THAT(status.message(), Not(HasSubstr("Addresses[0]")));
}

TEST(ContactTest, NestedPhoneProblemIsReportedWithItsPath) {
  Contact c = Named("Acme Ltd");
  c.phones.resize(1);
  c.phones[0].area_code = std::string(11, '0');
  const Status status = c.ValidateForCreate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("Phones[0].PhoneAreaCode is longer than 10 characters"));
}

TEST(ContactTest, ContactIdMustBeAGuid) {
  Contact c = Named("Acme Ltd");
  c.id = ContactId("CUST-17");
  const Status status = c.ValidateAsReference();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("ContactID is not a Xero id"));

  c.id = ContactId("D4956132-ED94-4DD7-9EAA-AA22DFDF06F2");  // upper case is a GUID too
  EXPECT_TRUE(c.ValidateAsReference().ok()) << c.ValidateAsReference();
}

TEST(ContactTest, EveryProblemAppearsInOneMessage) {
  Contact c;
  c.id = ContactId("not-a-guid");
  c.account_number = std::string(51, '7');
  c.addresses.resize(1);
  c.addresses[0].postal_code = std::string(51, '6');
  const Status status = c.ValidateForCreate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(
      status.message(),
      AllOf(HasSubstr("ContactID is not a Xero id"), HasSubstr("AccountNumber is longer than 50"),
            HasSubstr("Addresses[0].PostalCode is longer than 50"), HasSubstr("Name is required")));
}

TEST(ContactTest, DescribePrefersTheName) {
  Contact c;
  EXPECT_EQ(c.Describe(), "contact");
  c.id = ContactId(kGuid);
  EXPECT_EQ(c.Describe(), std::string("contact ") + kGuid);
  c.contact_number = "CUST-17";
  EXPECT_EQ(c.Describe(), "contact number CUST-17");
  c.name = "Acme Ltd";
  EXPECT_EQ(c.Describe(), "contact 'Acme Ltd'");
}

TEST(ContactTest, ProblemsNameTheContact) {
  Contact c = Named("Acme Ltd");
  c.email = std::string(256, 'e');
  EXPECT_THAT(c.ValidateForCreate().message(), HasSubstr("contact 'Acme Ltd': EmailAddress"));
}

}  // namespace
}  // namespace xerosync::domain
