#include "store/records.h"

#include <array>

namespace xerosync::store {
namespace {

// The names of an enum's values, in declaration order; Parse is the linear search (at most 8).
// The name of `value`, or "unknown" for a value outside the enum (a cast from bad input).
template <typename Enum, std::size_t N>
std::string_view NameOf(const std::array<std::string_view, N>& names, Enum value) {
  auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : std::string_view("unknown");
}

template <typename Enum, std::size_t N>
std::optional<Enum> ParseName(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, kDocumentKindCount> kKindNames = {
    "contact", "invoice", "bill", "credit_note", "payment", "allocation", "expense"};
constexpr std::array<std::string_view, 3> kOperationNames = {"upsert", "void", "delete"};
constexpr std::array<std::string_view, kDocumentStateCount> kStateNames = {
    "pending", "blocked", "syncing", "synced", "failed", "paused", "passed", "archived"};
constexpr std::array<std::string_view, 3> kErrorStatusNames = {"open", "resolved", "archived"};
constexpr std::array<std::string_view, 5> kTriggerNames = {"automatic", "manual", "retry",
                                                           "initial", "webhook"};
constexpr std::array<std::string_view, 6> kRunOutcomeNames = {
    "running", "succeeded", "partial", "failed", "paused", "interrupted"};
constexpr std::array<std::string_view, 7> kOutcomeNames = {
    "written", "rejected", "retry", "resend", "paused", "ambiguous", "blocked"};
constexpr std::array<std::string_view, 3> kRoleNames = {"viewer", "operator", "admin"};

}  // namespace

std::string_view DocumentKindName(DocumentKind kind) { return NameOf(kKindNames, kind); }
std::optional<DocumentKind> ParseDocumentKind(std::string_view name) {
  return ParseName<DocumentKind>(kKindNames, name);
}

int DependencyLevel(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kContact:
      return 0;
    case DocumentKind::kInvoice:
    case DocumentKind::kBill:
    case DocumentKind::kCreditNote:
    case DocumentKind::kExpense:
      return 1;
    case DocumentKind::kPayment:
    case DocumentKind::kAllocation:
      return 2;
  }
  return 2;
}

std::string_view OperationName(Operation op) { return NameOf(kOperationNames, op); }
std::optional<Operation> ParseOperation(std::string_view name) {
  return ParseName<Operation>(kOperationNames, name);
}

std::string_view DocumentStateName(DocumentState state) { return NameOf(kStateNames, state); }
std::optional<DocumentState> ParseDocumentState(std::string_view name) {
  return ParseName<DocumentState>(kStateNames, name);
}

std::string_view ErrorStatusName(ErrorStatus status) { return NameOf(kErrorStatusNames, status); }
std::optional<ErrorStatus> ParseErrorStatus(std::string_view name) {
  return ParseName<ErrorStatus>(kErrorStatusNames, name);
}

std::string_view OutcomeKindName(OutcomeKind kind) { return NameOf(kOutcomeNames, kind); }
std::optional<OutcomeKind> ParseOutcomeKind(std::string_view name) {
  return ParseName<OutcomeKind>(kOutcomeNames, name);
}

std::string_view RunTriggerName(RunTrigger trigger) { return NameOf(kTriggerNames, trigger); }
std::optional<RunTrigger> ParseRunTrigger(std::string_view name) {
  return ParseName<RunTrigger>(kTriggerNames, name);
}

std::string_view RunOutcomeName(RunOutcome outcome) { return NameOf(kRunOutcomeNames, outcome); }
std::optional<RunOutcome> ParseRunOutcome(std::string_view name) {
  return ParseName<RunOutcome>(kRunOutcomeNames, name);
}

std::string_view RoleName(Role role) { return NameOf(kRoleNames, role); }
std::optional<Role> ParseRole(std::string_view name) { return ParseName<Role>(kRoleNames, name); }

}  // namespace xerosync::store
