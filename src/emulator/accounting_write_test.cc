// The write framework (batches, summarizeErrors, Idempotency-Key, malformed bodies, change events)
// and the contact writes, driven in-process through Emulator::Handle with real tokens.
#include "emulator/accounting_write.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "emulator/contact_write.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"

namespace xerosync::emulator {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Messages;

constexpr char kScopes[] =
    "openid accounting.settings accounting.contacts accounting.transactions offline_access";

class ContactWriteTest : public ::testing::Test {
 protected:
  ContactWriteTest()
      : emulator_(clock_, testing::DemoOptions(5)),
        api_(emulator_, testing::ConnectDemoApp(emulator_, kScopes), std::string(kDemoNzTenantId)) {
  }

  // How many contacts (archived too) have `name`, read back through the API.
  int CountNamed(const std::string& name) {
    const Json body = testing::Api::Body(
        api_.Get("/Contacts", {{"where", "Name==\"" + name + "\""}, {"includeArchived", "true"}}));
    return static_cast<int>(body.Find("Contacts")->AsArray().size());
  }

  static std::string One(const std::string& contact) { return R"({"Contacts":[)" + contact + "]}"; }

  FakeClock clock_;
  Emulator emulator_;
  testing::Api api_;
};

TEST_F(ContactWriteTest, PutCreatesAContactAndAnswersItInXerosEnvelope) {
  const Json body = testing::Api::Body(api_.Send(
      "PUT", "/Contacts",
      One(R"({"Name":"Kea Joinery","ContactNumber":"host-17","EmailAddress":"a@kea.nz"})")));
  EXPECT_EQ(body.Find("Status")->AsString(), "OK");
  const Json& contact = body.Find("Contacts")->AsArray().at(0);
  EXPECT_EQ(contact.Find("Name")->AsString(), "Kea Joinery");
  EXPECT_EQ(contact.Find("ContactNumber")->AsString(), "host-17");
  EXPECT_EQ(contact.Find("ContactStatus")->AsString(), "ACTIVE");
  EXPECT_EQ(contact.Find("StatusAttributeString")->AsString(), "OK");
  const std::string id = contact.Find("ContactID")->AsString();
  EXPECT_EQ(id.size(), 36u);
  const Json read = testing::Api::Body(api_.Get("/Contacts/" + id));
  EXPECT_EQ(read.Find("Contacts")->AsArray().at(0).Find("Name")->AsString(), "Kea Joinery");
}

TEST_F(ContactWriteTest, EachContactRuleAnswersXerosMessageOnTheElement) {
  struct Case {
    std::string element;
    std::string message;
  };
  // The demo NZ organisation has an active contact "City Limousines" (see demo_data.cc).
  const std::string taken = testing::Api::Body(api_.Get("/Contacts"))
                                .Find("Contacts")
                                ->AsArray()
                                .at(0)
                                .Find("Name")
                                ->AsString();
  ASSERT_EQ(testing::Api::Body(api_.Send("PUT", "/Contacts",
                                         One(R"({"Name":"Numbered","ContactNumber":"n-1",)"
                                             R"("AccountNumber":"ACC-1"})")))
                .Find("Status")
                ->AsString(),
            "OK");
  const std::vector<Case> cases = {
      {R"({"Name":")" + taken + R"("})",
       "The contact name " + taken +
           " is already assigned to another contact. The contact name must be unique across all "
           "active contacts."},
      {R"({"Name":"Other","ContactNumber":"n-1"})",
       "The contact number n-1 is already assigned to another contact. The contact number must be "
       "unique across all contacts."},
      {R"({"Name":"Other","AccountNumber":"ACC-1"})",
       "The Account Number already exists. Please enter a different Account Number."},
      {R"({"Name":"Other","EmailAddress":"not an address"})", "Email address must be valid."},
      {R"({"EmailAddress":"x@y.nz"})", "Contact Name cannot be empty."},
      {R"({"Name":"Other","ContactStatus":"GDPRREQUEST"})",
       "The status 'GDPRREQUEST' is not valid for contacts."},
      {R"({"ContactID":"0f0f0f0f-0000-4000-8000-000000000000","Name":"Other"})",
       "An existing Contact with the specified ContactID could not be found"},
  };
  for (const Case& c : cases) {
    const Json body = testing::Api::Body(api_.Send("PUT", "/Contacts", One(c.element)), 400);
    EXPECT_EQ(body.Find("ErrorNumber")->AsInt64().value_or(0), 10) << c.element;
    EXPECT_EQ(body.Find("Type")->AsString(), "ValidationException");
    EXPECT_EQ(body.Find("Message")->AsString(), "A validation exception occurred");
    const Json& element = body.Find("Elements")->AsArray().at(0);
    EXPECT_THAT(Messages(element), ElementsAre(c.message)) << c.element;
    EXPECT_TRUE(element.Find("HasValidationErrors")->AsBool());
  }
  EXPECT_EQ(CountNamed("Other"), 0);
}

TEST_F(ContactWriteTest, SummarisedBatchAnswers400WithTheFailedElementButWritesTheGoodOnes) {
  const http::Response r = api_.Send(
      "PUT", "/Contacts",
      R"({"Contacts":[{"Name":"Good One"},{"Name":"Bad","EmailAddress":"nope"},{"Name":"Good Two"}]})");
  const Json body = testing::Api::Body(r, 400);
  const Json::Array& elements = body.Find("Elements")->AsArray();
  ASSERT_EQ(elements.size(), 1u);
  EXPECT_EQ(elements[0].Find("Name")->AsString(), "Bad");
  EXPECT_EQ(CountNamed("Good One"), 1);
  EXPECT_EQ(CountNamed("Good Two"), 1);
  EXPECT_EQ(CountNamed("Bad"), 0);
}

TEST_F(ContactWriteTest, SummarizeErrorsFalseAnswers200WithEveryElementAndItsStatus) {
  const Json body = testing::Api::Body(
      api_.Send("PUT", "/Contacts",
                R"({"Contacts":[{"Name":"Good One"},{"Name":"Bad","EmailAddress":"nope"}]})",
                {{"summarizeErrors", "false"}}));
  const Json::Array& contacts = body.Find("Contacts")->AsArray();
  ASSERT_EQ(contacts.size(), 2u);
  EXPECT_EQ(contacts[0].Find("StatusAttributeString")->AsString(), "OK");
  EXPECT_EQ(contacts[1].Find("StatusAttributeString")->AsString(), "ERROR");
  EXPECT_TRUE(contacts[1].Find("HasValidationErrors")->AsBool());
  EXPECT_THAT(Messages(contacts[1]), ElementsAre("Email address must be valid."));
  EXPECT_EQ(CountNamed("Good One"), 1);
}

TEST_F(ContactWriteTest, PostUpdatesByPathByContactIdOrByContactNumberAndArchives) {
  const Json created = testing::Api::Body(
      api_.Send("PUT", "/Contacts", One(R"({"Name":"Tui Tiling","ContactNumber":"host-9"})")));
  const std::string id = created.Find("Contacts")->AsArray().at(0).Find("ContactID")->AsString();

  testing::Api::Body(api_.Send("POST", "/Contacts/" + id, One(R"({"EmailAddress":"a@tui.nz"})")));
  testing::Api::Body(
      api_.Send("POST", "/Contacts", One(R"({"ContactNumber":"host-9","FirstName":"Ana"})")));
  const Json read = testing::Api::Body(api_.Get("/Contacts/" + id));
  const Json& contact = read.Find("Contacts")->AsArray().at(0);
  EXPECT_EQ(contact.Find("EmailAddress")->AsString(), "a@tui.nz");
  EXPECT_EQ(contact.Find("FirstName")->AsString(), "Ana");
  EXPECT_EQ(CountNamed("Tui Tiling"), 1);

  testing::Api::Body(api_.Send("POST", "/Contacts",
                               One(R"({"ContactID":")" + id + R"(","ContactStatus":"ARCHIVED"})")));
  // An archived contact's name is free for a new active contact.
  testing::Api::Body(api_.Send("PUT", "/Contacts", One(R"({"Name":"Tui Tiling"})")));
  EXPECT_EQ(CountNamed("Tui Tiling"), 2);
  // ...but it cannot be un-archived while another active contact has the name.
  const Json refused = testing::Api::Body(
      api_.Send("POST", "/Contacts/" + id, One(R"({"ContactStatus":"ACTIVE"})")), 400);
  EXPECT_THAT(Messages(refused.Find("Elements")->AsArray().at(0)),
              ElementsAre(HasSubstr("is already assigned to another contact")));
}

TEST_F(ContactWriteTest, MalformedJsonIsXerosPostDataInvalidException) {
  const Json body =
      testing::Api::Body(api_.Send("PUT", "/Contacts", R"({"Contacts":[{"Name":)"), 400);
  EXPECT_EQ(body.Find("ErrorNumber")->AsInt64().value_or(0), 14);
  EXPECT_EQ(body.Find("Type")->AsString(), "PostDataInvalidException");
  EXPECT_THAT(body.Find("Message")->AsString(), HasSubstr("JSON request body could not be read"));
}

TEST_F(ContactWriteTest, WritesNeedTheWriteScope) {
  testing::Api reader(emulator_, testing::ConnectDemoApp(emulator_, "accounting.contacts.read"),
                      std::string(kDemoNzTenantId));
  EXPECT_EQ(reader.Send("PUT", "/Contacts", One(R"({"Name":"X"})")).status, 401);
  EXPECT_EQ(reader.Get("/Contacts").status, 200);
}

TEST_F(ContactWriteTest, IdempotencyKeyReplaysTheFirstAnswerWithoutWritingTwice) {
  const testing::Api::Pairs key = {{"Idempotency-Key", "sync-42"}};
  const http::Response first = api_.Send("PUT", "/Contacts", One(R"({"Name":"Once"})"), {}, key);
  const http::Response again = api_.Send("PUT", "/Contacts", One(R"({"Name":"Once"})"), {}, key);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(CountNamed("Once"), 1);
  EXPECT_EQ(emulator_.writes().IdempotencyKeyCount(), 1u);
}

TEST_F(ContactWriteTest, IdempotencyKeyWithADifferentRequestIsRefusedNamingTheKey) {
  const testing::Api::Pairs key = {{"Idempotency-Key", "sync-43"}};
  api_.Send("PUT", "/Contacts", One(R"({"Name":"First"})"), {}, key);
  const Json body =
      testing::Api::Body(api_.Send("PUT", "/Contacts", One(R"({"Name":"Second"})"), {}, key), 400);
  EXPECT_EQ(body.Find("Message")->AsString(),
            "Idempotency Key: sync-43 is used with a different request.");
  EXPECT_EQ(CountNamed("Second"), 0);
}

TEST_F(ContactWriteTest, IdempotencyKeysAreAtMost128CharactersAndPerOrganisation) {
  const std::string long_key(129, 'k');
  const Json refused = testing::Api::Body(
      api_.Send("PUT", "/Contacts", One(R"({"Name":"Long"})"), {}, {{"Idempotency-Key", long_key}}),
      400);
  EXPECT_THAT(refused.Find("Message")->AsString(), HasSubstr("128"));
  EXPECT_EQ(CountNamed("Long"), 0);
  EXPECT_EQ(api_.Send("PUT", "/Contacts", One(R"({"Name":"Long"})"), {},
                      {{"Idempotency-Key", std::string(128, 'k')}})
                .status,
            200);
  // The same key for the other organisation is a different key.
  api_.set_tenant(std::string(kDemoUkTenantId));
  EXPECT_EQ(api_.Send("PUT", "/Contacts", One(R"({"Name":"Long"})"), {},
                      {{"Idempotency-Key", std::string(128, 'k')}})
                .status,
            200);
  EXPECT_EQ(CountNamed("Long"), 1);
}

TEST_F(ContactWriteTest, ConcurrentRequestsWithOneKeyWriteOnce) {
  const testing::Api::Pairs key = {{"Idempotency-Key", "race"}};
  std::vector<http::Response> answers(4);
  std::vector<std::thread> threads;
  threads.reserve(answers.size());
  for (http::Response& answer : answers) {
    threads.emplace_back(
        [&] { answer = api_.Send("PUT", "/Contacts", One(R"({"Name":"Raced"})"), {}, key); });
  }
  for (std::thread& t : threads) t.join();
  for (const http::Response& answer : answers) EXPECT_EQ(answer.body, answers[0].body);
  EXPECT_EQ(CountNamed("Raced"), 1);
}

// The framework on its own router, to watch the change events it reports.
TEST(AccountingWriteEvents, SuccessfulWritesReportChangeEventsAndFailedOnesDoNot) {
  FakeClock clock;
  Emulator emulator(clock, testing::DemoOptions(5));
  const std::string token = testing::ConnectDemoApp(emulator, kScopes);
  RandomSource random(1);
  std::vector<ChangeEvent> events;
  AccountingWrite writes(clock, emulator.identity(), emulator.organisations(), random,
                         [&](const ChangeEvent& e) { events.push_back(e); });
  http::Router router;
  AddContactWrites(writes, router);
  const auto put = [&](const std::string& body) {
    http::Request r;
    r.method = "PUT";
    r.path = "/api.xro/2.0/Contacts";
    r.headers.Set("Authorization", "Bearer " + token);
    r.headers.Set("xero-tenant-id", std::string(kDemoNzTenantId));
    r.body = body;
    return router.Dispatch(r);
  };
  EXPECT_EQ(put(R"({"Contacts":[{"Name":"Evented"}]})").status, 200);
  EXPECT_EQ(put(R"({"Contacts":[{"Name":"Evented"}]})").status, 400);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].tenant_id, kDemoNzTenantId);
  EXPECT_EQ(events[0].category, "CONTACT");
  EXPECT_EQ(events[0].type, "CREATE");
  EXPECT_EQ(events[0].at, clock.Now());
}

// ChooseDocumentContact on its own, against the NZ demo organisation's contacts.
class ContactChoiceTest : public ::testing::Test {
 protected:
  ContactChoiceTest() : state_(DemoNzOrganisation()), random_(3) {}

  std::optional<ContactChoice> Choose(const std::string& ref_text, bool reject_archived = true) {
    const Json ref = Json::Parse(ref_text).value_or(Json());
    echo_ = Json::MakeObject();
    WriteContext context{state_,   tenant_, clock_.Now(), WriteMethod::kPut,
                         path_id_, random_, events_,      request_};
    return ChooseDocumentContact(context, ref.is_null() ? nullptr : &ref, echo_, reject_archived);
  }
  const Contact& Archived() const {
    for (const Contact& c : state_.contacts) {
      if (c.contact_status == "ARCHIVED") return c;
    }
    throw std::logic_error("the demo data has an archived contact");
  }

  FakeClock clock_;
  OrgState state_;
  RandomSource random_;
  std::string tenant_ = std::string(kDemoNzTenantId);
  std::string path_id_;
  std::vector<ChangeEvent> events_;
  http::Request request_;
  Json echo_;
};

TEST_F(ContactChoiceTest, ChoosesByIdNumberOrNameAndCreatesAnUnknownName) {
  const Contact& first = state_.contacts.front();
  EXPECT_EQ(Choose(R"({"ContactID":")" + first.contact_id + R"("})")->contact_id, first.contact_id);
  EXPECT_EQ(Choose(R"({"Name":")" + first.name + R"("})")->contact_id, first.contact_id);
  const std::optional<ContactChoice> created = Choose(R"({"Name":"Brand New Ltd"})");
  ASSERT_TRUE(created && created->to_create);
  EXPECT_EQ(created->to_create->name, "Brand New Ltd");
  EXPECT_EQ(created->to_create->contact_status, "ACTIVE");
  WriteContext context{state_,   tenant_, clock_.Now(), WriteMethod::kPut,
                       path_id_, random_, events_,      request_};
  CommitContactChoice(context, *created);
  EXPECT_EQ(Choose(R"({"Name":"Brand New Ltd"})")->contact_id, created->contact_id);
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_EQ(events_[0].resource_id, created->contact_id);
}

TEST_F(ContactChoiceTest, RefusesWithXerosMessages) {
  EXPECT_FALSE(Choose("null"));
  EXPECT_THAT(Messages(echo_),
              ElementsAre("The Contact must contain at least 1 of the following elements to "
                          "identify the contact: Name, ContactID, ContactNumber"));
  EXPECT_FALSE(Choose(R"({"ContactNumber":"nobody-has-this"})"));
  EXPECT_THAT(Messages(echo_), ElementsAre("Contact Name cannot be empty."));
  EXPECT_FALSE(Choose(R"({"ContactID":")" + Archived().contact_id + R"("})"));
  EXPECT_THAT(Messages(echo_),
              ElementsAre("The contact with the specified contact details has been archived. The "
                          "contact must be un-archived before creating new invoices or credit "
                          "notes."));
  EXPECT_FALSE(Choose(R"({"Name":")" + Archived().name + R"("})"));
  // Bank transactions may name an archived contact.
  EXPECT_TRUE(Choose(R"({"Name":")" + Archived().name + R"("})", /*reject_archived=*/false));
}

}  // namespace
}  // namespace xerosync::emulator
