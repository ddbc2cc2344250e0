#pragma once
// Helpers shared by the wire-format tests: Xero's own words, and readers for JSON the tests build.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ostream>
#include <string>
#include <string_view>

#include "xero/wire.h"

namespace xerosync::xero {

// So that gmock prints the messages a test compares (ADL finds it in this namespace).
inline void PrintTo(const ValidationMessage& m, std::ostream* os) {
  *os << "{path \"" << m.path << "\", \"" << m.message << "\"}";
}

namespace testing_util {

using domain::Date;

// Xero's own words (FACTS.md §5).
inline constexpr std::string_view kDuplicateNumber = "Invoice # must be unique.";
inline constexpr std::string_view kArchivedContact =
    "The contact with the specified contact details has been archived. The contact must be "
    "un-archived before creating new invoices or credit notes.";
inline constexpr std::string_view kBadAccountCode =
    "Account code '999' is not a valid code for this document.";

// An edge proxy's 503 page, as Xero's users have seen it (FACTS.md §4.2).
inline constexpr const char* kHtml503 =
    "<HTML><HEAD><TITLE>Service Unavailable</TITLE></HEAD><BODY><H1>Service Unavailable - Zero "
    "size object</H1></BODY></HTML>";

inline Decimal D(std::string_view text) { return Decimal::Parse(text).value(); }
inline Date Day(std::string_view text) { return Date::Parse(text).value(); }
inline TimePoint Ms(int64_t ms) {
  return TimePoint(std::chrono::duration_cast<Duration>(std::chrono::milliseconds(ms)));
}

inline Json ParseExpectingJson(std::string_view text) {
  Result<Json> json = Json::Parse(text);
  EXPECT_TRUE(json.ok()) << json.status() << "\n" << text;
  return json.ok() ? *json : Json();
}

// The member `key` of `object`, failing the test when it is missing.
inline const Json& Member(const Json& object, std::string_view key) {
  static const Json kMissing;
  const Json* found = object.Find(key);
  EXPECT_NE(found, nullptr) << "no member " << key << " in " << object.Serialize();
  return found != nullptr ? *found : kMissing;
}

// The text of the number `key` exactly as written on the wire.
inline std::string NumberAt(const Json& object, std::string_view key) {
  const Json& value = Member(object, key);
  if (!value.is_number()) return "<not a number: " + value.Serialize() + ">";
  return value.NumberText();
}

inline std::string StringAt(const Json& object, std::string_view key) {
  const Json& value = Member(object, key);
  if (!value.is_string()) return "<not a string: " + value.Serialize() + ">";
  return value.AsString();
}

// A contact with every detail a host app may know, and no Xero id yet.
inline domain::Contact FullContactWithoutId() {
  domain::Contact c;
  c.contact_number = "CUST-001";
  c.name = "Ridgeway University";
  c.first_name = "Ada";
  c.last_name = "Lovelace";
  c.email = "accounts@ridgeway.example";
  c.tax_number = "12-345-678";
  c.accounts_receivable_tax_type = "OUTPUT2";
  domain::Address street;
  street.type = domain::AddressType::kStreet;
  street.line1 = "1 Campus Road";
  street.city = "Wellington";
  c.addresses.push_back(street);
  domain::Phone phone;
  phone.type = domain::PhoneType::kDefault;
  phone.number = "555 0101";
  c.phones.push_back(phone);
  return c;
}

// Encodes `original` as a snapshot, sends it through JSON text, decodes it, and expects the same
// record with nothing unknown or skipped on the way.
template <typename T>
void ExpectRoundTrip(const T& original) {
  const std::string text = EncodeObject(original, EncodeMode::kSnapshot).Serialize();
  Result<Json> json = Json::Parse(text);
  ASSERT_TRUE(json.ok()) << json.status() << "\n" << text;
  DecodeContext report;
  Result<Element<T>> decoded = DecodeElement<T>(*json, "", &report);
  ASSERT_TRUE(decoded.ok()) << decoded.status() << "\n" << text;
  EXPECT_TRUE(decoded->value == original) << "the snapshot did not decode to the same record:\n"
                                          << json->SerializePretty();
  // And the decoded record encodes to the same snapshot.
  EXPECT_EQ(EncodeObject(decoded->value, EncodeMode::kSnapshot), *json);
  EXPECT_THAT(report.unknown_fields, ::testing::IsEmpty());
  EXPECT_THAT(report.skipped_fields, ::testing::IsEmpty());
  EXPECT_FALSE(decoded->failed());
}

}  // namespace testing_util
}  // namespace xerosync::xero
