// The webhook control routes and the writers' events, through Emulator::Handle in-process, with a
// real receiver on loopback.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/json.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"
#include "emulator/webhook_receiver_test_util.h"

namespace xerosync::emulator {
namespace {

using testing::ExpectedSignature;
using ::testing::HasSubstr;
using testing::Received;
using testing::Receiver;

constexpr char kKey[] = "control-test-key";
constexpr char kScopes[] = "openid accounting.settings accounting.contacts offline_access";

EmulatorOptions Options() {
  EmulatorOptions options;
  options.auto_consent = true;
  options.seed = 21;
  return options;
}

class WebhooksControlTest : public ::testing::Test {
 protected:
  WebhooksControlTest() : emulator_(clock_, Options()) {}

  http::Response Call(const std::string& method, const std::string& path,
                      const std::string& body = "") {
    http::Request request;
    request.method = method;
    request.path = path;
    request.body = body;
    return emulator_.Handle(request);
  }

  // The JSON answer of a call expected to have `status`.
  Json Expect(int status, const std::string& method, const std::string& path,
              const std::string& body = "") {
    const http::Response response = Call(method, path, body);
    EXPECT_EQ(response.status, status)
        << method << " " << path << " " << body << ": " << response.body;
    Result<Json> json = Json::Parse(response.body);
    EXPECT_TRUE(json.ok()) << response.body;
    return json.ok() ? *json : Json::MakeObject();
  }

  std::string Error(const std::string& method, const std::string& path, const std::string& body) {
    const Json answer = Expect(400, method, path, body);
    const Json* error = answer.Find("error");
    return error != nullptr && error->is_string() ? error->AsString() : "";
  }

  // PUT the receiver with kKey, then pump intent to receive; it must pass.
  void Activate(const Receiver& receiver) {
    Expect(200, "PUT", "/_emulator/webhooks",
           R"({"url":")" + receiver.url() + R"(","key":")" + kKey + R"("})");
    const Json delivered = Expect(200, "POST", "/_emulator/webhooks/deliver");
    ASSERT_EQ(delivered.Find("webhook")->Find("status")->AsString(), "active");
  }

  FakeClock clock_;
  Emulator emulator_;
};

TEST_F(WebhooksControlTest, SubscribeIntentPublishDeliverReadAndDelete) {
  Receiver receiver(Receiver::Verifying(kKey));
  const Json put = Expect(200, "PUT", "/_emulator/webhooks",
                          R"({"url":")" + receiver.url() + R"(","key":")" + kKey +
                              R"(","api_base":"http://127.0.0.1:4000/api.xro/2.0/"})");
  EXPECT_EQ(put.Find("status")->AsString(), "pending-intent");
  EXPECT_EQ(put.Find("key")->AsString(), kKey);
  EXPECT_EQ(put.Find("api_base")->AsString(), "http://127.0.0.1:4000/api.xro/2.0");
  EXPECT_EQ(Expect(200, "GET", "/_emulator/webhooks").Find("status")->AsString(), "pending-intent");

  const Json intent = Expect(200, "POST", "/_emulator/webhooks/deliver");
  const Json::Array& tried = intent.Find("attempts")->AsArray();
  ASSERT_EQ(tried.size(), 4u);
  for (const Json& attempt : tried) {
    EXPECT_EQ(attempt.Find("kind")->AsString(), "intent");
    EXPECT_TRUE(attempt.Find("ok")->AsBool()) << attempt.Serialize();
    EXPECT_EQ(attempt.Find("status")->AsInt64().value(),
              attempt.Find("correctly_signed")->AsBool() ? 200 : 401);
  }
  EXPECT_EQ(intent.Find("webhook")->Find("status")->AsString(), "active");

  const std::string event = R"({"tenant":")" + std::string(kDemoNzTenantId) +
                            R"(","category":"CONTACT","type":"CREATE","resource_id":"c-1"})";
  // Xero sends an app only the events of organisations connected to it.
  EXPECT_THAT(Expect(409, "POST", "/_emulator/webhooks/events", event).Find("error")->AsString(),
              HasSubstr("not connected"));
  testing::ConnectDemoApp(emulator_, kScopes);
  EXPECT_EQ(
      Expect(200, "POST", "/_emulator/webhooks/events", event).Find("sequence")->AsInt64().value(),
      1);

  const std::size_t before = receiver.received().size();
  const Json delivered = Expect(200, "POST", "/_emulator/webhooks/deliver");
  ASSERT_EQ(delivered.Find("attempts")->AsArray().size(), 1u);
  const Json& attempt = delivered.Find("attempts")->AsArray()[0];
  EXPECT_EQ(attempt.Find("kind")->AsString(), "events");
  EXPECT_TRUE(attempt.Find("ok")->AsBool());
  EXPECT_EQ(attempt.Find("first_sequence")->AsInt64().value(), 1);
  const std::vector<Received> sent = receiver.received_after(before);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].signature, ExpectedSignature(kKey, sent[0].body));
  const Json payload = Json::Parse(sent[0].body).value();
  EXPECT_EQ(payload.Find("events")->AsArray()[0].Find("resourceUrl")->AsString(),
            "http://127.0.0.1:4000/api.xro/2.0/Contacts/c-1");

  const Json state = Expect(200, "GET", "/_emulator/webhooks");
  EXPECT_EQ(state.Find("url")->AsString(), receiver.url());
  EXPECT_EQ(state.Find("delivered")->AsInt64().value(), 1);
  EXPECT_EQ(state.Find("delivered_events")->AsInt64().value(), 1);
  EXPECT_EQ(state.Find("failed")->AsInt64().value(), 0);
  EXPECT_EQ(state.Find("pending")->AsInt64().value(), 0);
  EXPECT_EQ(state.Find("last_error")->AsString(), "");
  EXPECT_TRUE(state.Find("next_attempt_ms")->is_null());

  EXPECT_TRUE(Expect(200, "DELETE", "/_emulator/webhooks").Find("deleted")->AsBool());
  EXPECT_FALSE(Expect(200, "DELETE", "/_emulator/webhooks").Find("deleted")->AsBool());
  EXPECT_EQ(Expect(200, "GET", "/_emulator/webhooks").Find("status")->AsString(), "none");
}

TEST_F(WebhooksControlTest, AFailedIntentSaysWhy) {
  Receiver receiver([](const Received&) { return 200; });
  const Json put =
      Expect(200, "PUT", "/_emulator/webhooks", R"({"url":")" + receiver.url() + R"("})");
  EXPECT_EQ(put.Find("key")->AsString().size(), 88u);  // generated, as Xero's
  const Json delivered = Expect(200, "POST", "/_emulator/webhooks/deliver");
  const Json& webhook = *delivered.Find("webhook");
  EXPECT_EQ(webhook.Find("status")->AsString(), "intent-failed");
  EXPECT_THAT(webhook.Find("last_error")->AsString(), HasSubstr("must answer 401"));
}

TEST_F(WebhooksControlTest, WritesReportTheirChanges) {
  Receiver receiver(Receiver::Verifying(kKey));
  Activate(receiver);
  testing::Api api(emulator_, testing::ConnectDemoApp(emulator_, kScopes),
                   std::string(kDemoNzTenantId));
  const Json created =
      testing::Api::Body(api.Send("PUT", "/Contacts", R"({"Contacts":[{"Name":"Kea Roofing"}]})"));
  const std::string id = created.Find("Contacts")->AsArray().at(0).Find("ContactID")->AsString();

  const std::size_t before = receiver.received().size();
  Expect(200, "POST", "/_emulator/webhooks/deliver");
  const std::vector<Received> sent = receiver.received_after(before);
  ASSERT_EQ(sent.size(), 1u);
  const Json event = Json::Parse(sent[0].body).value().Find("events")->AsArray().at(0);
  EXPECT_EQ(event.Find("eventCategory")->AsString(), "CONTACT");
  EXPECT_EQ(event.Find("eventType")->AsString(), "CREATE");
  EXPECT_EQ(event.Find("resourceId")->AsString(), id);
  EXPECT_EQ(event.Find("tenantId")->AsString(), kDemoNzTenantId);
  EXPECT_EQ(event.Find("resourceUrl")->AsString(),
            "https://api.xero.com/api.xro/2.0/Contacts/" + id);
}

TEST_F(WebhooksControlTest, SubscribeRefusesBadBodiesAndChangesNothing) {
  const std::string path = "/_emulator/webhooks";
  EXPECT_NE(Error("PUT", path, "{not json"), "");
  EXPECT_EQ(Error("PUT", path, "[]"), "the body must be a JSON object");
  EXPECT_EQ(Error("PUT", path, "{}"), "url is required");
  EXPECT_EQ(Error("PUT", path, R"({"url":5})"), "url must be a string");
  EXPECT_THAT(Error("PUT", path, R"({"url":"https://example.com/hook"})"),
              HasSubstr("https is not supported"));
  EXPECT_THAT(Error("PUT", path, R"({"url":"not a url"})"), HasSubstr("bad URL"));
  EXPECT_EQ(Error("PUT", path, R"({"url":"http://127.0.0.1:1/","key":7})"), "key must be a string");
  EXPECT_THAT(Error("PUT", path, R"({"url":"http://127.0.0.1:1/","key":""})"),
              HasSubstr("the key must have 1 to 256 characters"));
  EXPECT_THAT(Error("PUT", path, R"({"url":"http://127.0.0.1:1/","api_base":"ftp://x"})"),
              HasSubstr("api_base must be an http:// or https:// URL"));
  const Json state = Expect(200, "GET", path);
  EXPECT_EQ(state.Find("status")->AsString(), "none");
  EXPECT_EQ(state.Find("api_base")->AsString(), "https://api.xero.com/api.xro/2.0");
}

TEST_F(WebhooksControlTest, SyntheticEventsAreValidated) {
  const std::string path = "/_emulator/webhooks/events";
  const std::string tenant = R"("tenant":")" + std::string(kDemoNzTenantId) + R"(",)";
  EXPECT_EQ(Error("POST", path, R"({"category":"CONTACT","type":"CREATE","resource_id":"x"})"),
            "tenant is required");
  EXPECT_EQ(Error("POST", path,
                  "{" + tenant +
                      R"("category":"PAYMENT","type":"CREATE",)"
                      R"("resource_id":"x"})"),
            "category must be CONTACT, INVOICE or CREDITNOTE");
  EXPECT_THAT(Error("POST", path,
                    "{" + tenant +
                        R"("category":"CONTACT","type":"DELETE",)"
                        R"("resource_id":"x"})"),
              HasSubstr("Xero sends no DELETE events"));
  EXPECT_EQ(Error("POST", path, "{" + tenant + R"("category":"CONTACT","type":"CREATE"})"),
            "resource_id is required");
  EXPECT_THAT(Error("POST", path,
                    "{" + tenant +
                        R"("category":"CREDITNOTE","type":"CREATE",)"
                        R"("resource_id":"x"})"),
              HasSubstr("data is required for CREDITNOTE events"));
  EXPECT_THAT(Error("POST", path,
                    "{" + tenant +
                        R"("category":"CREDITNOTE","type":"CREATE",)"
                        R"("resource_id":"x",)"
                        R"("data":{"Type":"ACCREC","Status":"DRAFT"}})"),
              HasSubstr("data is required for CREDITNOTE events"));
  EXPECT_EQ(Error("POST", path,
                  "{" + tenant +
                      R"("category":"INVOICE","type":"CREATE",)"
                      R"("resource_id":"x","data":{}})"),
            "data is sent only with CREDITNOTE events");
  // Well formed, but there is no active subscription to queue it for.
  EXPECT_THAT(Expect(409, "POST", path,
                     "{" + tenant +
                         R"("category":"CREDITNOTE","type":"UPDATE","resource_id":"x",)"
                         R"("data":{"Type":"ACCRECCREDIT","Status":"PAID"}})")
                  .Find("error")
                  ->AsString(),
              HasSubstr("the webhook subscription is none, not active"));
}

}  // namespace
}  // namespace xerosync::emulator
