#pragma once
// Test-only: the fixture the invoice and credit note tests share — an emulator on a FakeClock
// (2026-01-01) with the demo app connected, an Api for the NZ demo organisation, and shortcuts for
// writing documents and reading their answers.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/json.h"
#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/test_support.h"

namespace xerosync::emulator::testing {

inline EmulatorOptions DocumentTestOptions() {
  EmulatorOptions options;
  options.auto_consent = true;
  options.seed = 21;
  return options;
}

inline std::string Text(const Json& object, const char* key) {
  const Json* value = object.Find(key);
  if (value == nullptr) return "<absent>";
  return value->is_string() ? value->AsString() : value->is_number() ? value->NumberText() : "?";
}

class DocumentTest : public ::testing::Test {
 protected:
  static constexpr char kScopes[] =
      "openid accounting.settings accounting.contacts accounting.transactions offline_access";

  DocumentTest()
      : emulator_(clock_, DocumentTestOptions()),
        api_(emulator_, ConnectDemoApp(emulator_, kScopes), std::string(kDemoNzTenantId)) {}

  // `method` `path` with {"<plural>":[element]}; the answer as is.
  http::Response Write(const std::string& method, const std::string& path,
                       const std::string& plural, const std::string& element,
                       Api::Pairs query = {}) {
    return api_.Send(method, path, R"({")" + plural + R"(":[)" + element + "]}", std::move(query));
  }
  // The one element of a 200 answer to such a write.
  Json Written(const std::string& method, const std::string& path, const std::string& plural,
               const std::string& element) {
    const Json body = Api::Body(Write(method, path, plural, element));
    const Json* items = body.Find(plural);
    if (items == nullptr || items->AsArray().size() != 1) {
      ADD_FAILURE() << body.Serialize();
      return Json::MakeObject();
    }
    return items->AsArray()[0];
  }
  // The one failed element of a summarised 400 answer.
  Json Refused(const std::string& method, const std::string& path, const std::string& plural,
               const std::string& element) {
    const Json body = Api::Body(Write(method, path, plural, element), 400);
    EXPECT_EQ(Text(body, "Type"), "ValidationException");
    const Json* elements = body.Find("Elements");
    if (elements == nullptr || elements->AsArray().size() != 1) {
      ADD_FAILURE() << body.Serialize();
      return Json::MakeObject();
    }
    return elements->AsArray()[0];
  }

  // A sales invoice to ABC Furniture for 2 × 20.00 on account 200 (15% GST), with `extra` members.
  static std::string SalesInvoice(const std::string& extra = "") {
    return R"({"Type":"ACCREC","Contact":{"ContactID":")" + DemoContactId(1, 1) +
           R"("},"DueDate":"2026-01-31","LineItems":[{"Description":"Chairs","Quantity":2,)"
           R"("UnitAmount":20,"AccountCode":"200"}])" +
           (extra.empty() ? "" : "," + extra) + "}";
  }
  Json PutInvoice(const std::string& element) {
    return Written("PUT", "/Invoices", "Invoices", element);
  }
  Json RefusedInvoice(const std::string& element) {
    return Refused("PUT", "/Invoices", "Invoices", element);
  }
  Json GetInvoice(const std::string& id) {
    const Json body = Api::Body(api_.Get("/Invoices/" + id));
    return body.Find("Invoices")->AsArray().at(0);
  }

  void WithState(const std::function<void(OrgState&)>& change) {
    emulator_.organisations().Write(kDemoNzTenantId, change);
  }

  FakeClock clock_;
  Emulator emulator_;
  Api api_;
};

}  // namespace xerosync::emulator::testing
