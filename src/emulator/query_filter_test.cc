// The emulator's `where` subset and If-Modified-Since parsing (FACTS.md §3.4).
#include "emulator/query_filter.h"

#include <gtest/gtest.h>

#include <array>
#include <map>

namespace xerosync::emulator {
namespace {

constexpr std::array<std::string_view, 3> kFields = {"Name", "ContactNumber", "EmailAddress"};

const std::map<std::string, std::string, std::less<>> kAcme = {
    {"Name", "Acme Widgets Ltd"}, {"ContactNumber", "C-1001"}, {"EmailAddress", ""}};

// Whether `where` selects the Acme record; parse errors fail the test.
bool Selects(std::string_view where) {
  auto filter = WhereFilter::Parse(where, kFields, "Contact");
  EXPECT_TRUE(filter.ok()) << where << ": " << filter.status();
  if (!filter.ok()) return false;
  return filter->Matches([](std::string_view name) { return kAcme.find(name)->second; });
}

std::string ParseError(std::string_view where) {
  auto filter = WhereFilter::Parse(where, kFields, "Contact");
  return filter.ok() ? "parsed" : filter.status().message();
}

TEST(WhereFilterTest, EqualityAndNullGuards) {
  EXPECT_TRUE(Selects(""));
  EXPECT_TRUE(Selects(R"(Name=="Acme Widgets Ltd")"));
  EXPECT_TRUE(Selects(R"(  Name == "acme widgets ltd" )"));  // case is ignored
  EXPECT_FALSE(Selects(R"(Name=="Acme")"));
  EXPECT_TRUE(Selects(R"(Name!="Acme")"));
  EXPECT_TRUE(Selects("EmailAddress==null"));
  EXPECT_FALSE(Selects("EmailAddress!=null"));
}

TEST(WhereFilterTest, StringMethodsAndConjunctions) {
  EXPECT_TRUE(Selects(R"(Name.Contains("widgets"))"));
  EXPECT_FALSE(Selects(R"(Name.Contains("gadgets"))"));
  EXPECT_TRUE(Selects(R"(Name.StartsWith("Acme"))"));
  EXPECT_FALSE(Selects(R"(Name.StartsWith("Widgets"))"));
  EXPECT_TRUE(Selects(R"(Name.EndsWith("Ltd"))"));
  EXPECT_TRUE(Selects(R"(Name.Contains("Acme") AND ContactNumber=="C-1001")"));
  EXPECT_TRUE(Selects(R"(Name.Contains("Acme")&&ContactNumber=="C-1001")"));
  EXPECT_FALSE(Selects(R"(Name.Contains("Acme") and ContactNumber=="C-1002")"));
}

// A quote inside a string is doubled, as in Xero's parser (Dynamic LINQ); a backslash is literal.
TEST(WhereFilterTest, DoubledQuotesAndLiteralBackslashes) {
  constexpr std::array<std::string_view, 1> kName = {"Name"};
  const auto selects = [&](std::string_view where, std::string name) {
    auto filter = WhereFilter::Parse(where, kName, "Contact");
    EXPECT_TRUE(filter.ok()) << where << ": " << filter.status();
    return filter.ok() && filter->Matches([&](std::string_view) { return name; });
  };
  EXPECT_TRUE(selects(R"(Name=="Bob ""The Builder"" Ltd")", R"(Bob "The Builder" Ltd)"));
  EXPECT_FALSE(selects(R"(Name=="Bob ""The Builder"" Ltd")", R"(Bob The Builder Ltd)"));
  EXPECT_TRUE(selects(R"(Name=="""")", R"(")"));
  EXPECT_TRUE(selects(R"(Name=="C:\dir\")", R"(C:\dir\)"));
  EXPECT_TRUE(selects(R"(Name.StartsWith("""Quoted"))", R"("Quoted" Traders)"));
  EXPECT_EQ(ParseError(R"(Name=="a\"b")"), "Expression expected");  // \" does not escape
}

TEST(WhereFilterTest, RefusesWhatItDoesNotUnderstandWithXerosMessages) {
  EXPECT_EQ(ParseError(R"(Colour=="red")"),
            "No property or field 'Colour' exists in type 'Contact'");
  EXPECT_EQ(ParseError(R"(Name=="a" OR Name=="b")"),
            "xero-emulator supports only AND in where filters");
  EXPECT_EQ(ParseError(R"(Name=="unterminated)"), "Expression expected");
  EXPECT_EQ(ParseError(R"(Name==Acme)"), "Expression expected");
  EXPECT_EQ(ParseError(R"((Name=="Acme"))"), "Expression expected");
  EXPECT_EQ(ParseError(R"(Name=="Acme" AND)"), "Expression expected");
  EXPECT_EQ(ParseError(R"(Name.Contains("Acme")"), "Expression expected");
  EXPECT_EQ(ParseError(R"(Name=="Acme" garbage)"), "Expression expected");
}

TimePoint Utc(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms = 0) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{mo} /
                               std::chrono::day{d}} +
         std::chrono::hours(h) + std::chrono::minutes(mi) + std::chrono::seconds(s) +
         std::chrono::milliseconds(ms);
}

TEST(ModifiedSinceTest, ReadsIsoAndHttpDates) {
  EXPECT_EQ(ParseModifiedSince("2026-01-01T00:00:00"), Utc(2026, 1, 1, 0, 0, 0));
  EXPECT_EQ(ParseModifiedSince("2026-01-01T00:00:00Z"), Utc(2026, 1, 1, 0, 0, 0));
  // The spec's example: 12:17:43.202 at UTC-8 is 20:17:43.202 UTC.
  EXPECT_EQ(ParseModifiedSince("2020-02-06T12:17:43.202-08:00"), Utc(2020, 2, 6, 20, 17, 43, 202));
  EXPECT_EQ(ParseModifiedSince("2020-02-06T12:17:43+1300"), Utc(2020, 2, 5, 23, 17, 43));
  EXPECT_EQ(ParseModifiedSince("Thu, 01 Jan 2026 10:20:30 GMT"), Utc(2026, 1, 1, 10, 20, 30));
}

TEST(ModifiedSinceTest, RejectsAnythingElse) {
  for (const char* bad :
       {"", "yesterday", "2026-13-01T00:00:00", "2026-02-30T00:00:00", "2026-01-01",
        "2026-01-01T00:00:00+5", "2026-01-01T00:00:00.Z", "Thu, 01 Foo 2026 10:20:30 GMT"}) {
    EXPECT_EQ(ParseModifiedSince(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace xerosync::emulator
