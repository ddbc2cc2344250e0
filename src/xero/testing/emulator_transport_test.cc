// The in-process transport answers as the emulator would over a socket, including the dropped
// connection of an apply-then-drop fault.
#include "xero/testing/emulator_transport.h"

#include <gtest/gtest.h>

#include <variant>

#include "core/clock.h"
#include "emulator/faults.h"

namespace xerosync::xero::testing {
namespace {

TEST(EmulatorTransport, AnswersLikeXeroAtAnyHostsUrl) {
  FakeClock clock;
  emulator::EmulatorOptions options;
  options.seed = 1;
  emulator::Emulator emulator(clock, options);
  EmulatorTransport transport(emulator);
  const TransportResult result = transport.Send(
      {"GET", "https://api.xero.com/connections?x=1", {{"Accept", "application/json"}}, ""});
  ASSERT_TRUE(std::holds_alternative<HttpResponse>(result));
  const HttpResponse& response = std::get<HttpResponse>(result);
  EXPECT_EQ(response.status, 401);
  EXPECT_TRUE(response.Header("xero-correlation-id").has_value());
  EXPECT_EQ(transport.sent(), 1);
}

TEST(EmulatorTransport, AConnectionDroppedAfterTheWriteIsAmbiguous) {
  FakeClock clock;
  emulator::EmulatorOptions options;
  options.seed = 1;
  emulator::Emulator emulator(clock, options);
  emulator::FaultRule rule;
  rule.path = "/connections";
  rule.action = emulator::FaultAction::kApplyThenDrop;
  emulator.faults().Add(rule);
  EmulatorTransport transport(emulator);
  const TransportResult result = transport.Send({"GET", "http://127.0.0.1:1/connections", {}, ""});
  ASSERT_TRUE(std::holds_alternative<TransportError>(result));
  EXPECT_EQ(std::get<TransportError>(result).failure, TransportFailure::kAmbiguous);
}

}  // namespace
}  // namespace xerosync::xero::testing
