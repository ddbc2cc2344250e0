#include "emulator/banking_rules.h"

#include "emulator/api_util.h"

namespace xerosync::emulator {

std::optional<Decimal> ParseDecimal(const Json& value) {
  Result<Decimal> number = value.is_number()   ? value.AsDecimal()
                           : value.is_string() ? Decimal::Parse(value.AsString())
                                               : Result<Decimal>(InvalidArgumentError("no number"));
  if (!number.ok()) return std::nullopt;
  return *number;
}

std::optional<Decimal> ParseMoney(const Json& value) {
  const std::optional<Decimal> amount = ParseDecimal(value);
  if (!amount) return std::nullopt;
  Result<Decimal> rounded = amount->Round(2);
  if (!rounded.ok()) return std::nullopt;
  return *rounded;
}

std::string IdMember(const Json& object, std::string_view key) {
  std::string id = MemberText(object, key);
  return id == "00000000-0000-0000-0000-000000000000" ? std::string() : id;
}

const Account* FindAccount(const OrgState& state, const Json* reference) {
  if (reference == nullptr) return nullptr;
  const std::string id = IdMember(*reference, "AccountID");
  const std::string code = MemberText(*reference, "Code");
  for (const Account& account : state.accounts) {
    if (!id.empty() ? EqualsIgnoringCase(account.account_id, id)
                    : !code.empty() && EqualsIgnoringCase(account.code, code)) {
      return &account;
    }
  }
  return nullptr;
}

bool NamesAccount(const Json* reference) {
  return reference != nullptr &&
         (!IdMember(*reference, "AccountID").empty() || !MemberText(*reference, "Code").empty());
}

}  // namespace xerosync::emulator
