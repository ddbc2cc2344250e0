#include "emulator/contact_write.h"

#include <algorithm>
#include <utility>

#include "emulator/api_util.h"

namespace xerosync::emulator {
namespace {

constexpr char kContactIdentityMissing[] =
    "The Contact must contain at least 1 of the following elements to identify the contact: Name, "
    "ContactID, ContactNumber";
constexpr char kContactNameEmpty[] = "Contact Name cannot be empty.";
constexpr char kContactArchived[] =
    "The contact with the specified contact details has been archived. The contact must be "
    "un-archived before creating new invoices or credit notes.";
// No Xero text is known for a well-formed ContactID that matches nothing (FACTS.md §5, §9); the
// emulator words it like Xero's messages for unknown invoice and credit note ids.
constexpr char kContactIdUnknown[] =
    "An existing Contact with the specified ContactID could not be found";

Contact* FindById(std::vector<Contact>& contacts, std::string_view id) {
  const auto it = std::ranges::find_if(
      contacts, [&](const Contact& c) { return EqualsIgnoringCase(c.contact_id, id); });
  return it == contacts.end() ? nullptr : &*it;
}

Contact* FindByNumber(std::vector<Contact>& contacts, std::string_view number) {
  const auto it = std::ranges::find_if(contacts, [&](const Contact& c) {
    return !c.contact_number.empty() && c.contact_number == number;
  });
  return it == contacts.end() ? nullptr : &*it;
}

// Names are compared ignoring case, as Xero's uniqueness check does in practice [UNCONFIRMED].
const Contact* FindByName(const std::vector<Contact>& contacts, std::string_view name,
                          bool active_only) {
  const Contact* found = nullptr;
  for (const Contact& c : contacts) {
    if (!EqualsIgnoringCase(c.name, name)) continue;
    if (c.contact_status == "ACTIVE") return &c;
    if (!active_only && found == nullptr) found = &c;
  }
  return found;
}

// A plain check, as Xero's: something@something.something with no spaces.
bool LooksLikeEmail(std::string_view text) {
  const std::size_t at = text.find('@');
  if (at == 0 || at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::size_t dot = text.find('.', at + 2);
  return dot != std::string_view::npos && dot + 1 < text.size() &&
         text.find(' ') == std::string_view::npos;
}

// Sets `field` from member `key` of `element` when the element has it.
void Take(const Json& element, std::string_view key, std::string& field) {
  if (const Json* value = Member(element, key); value != nullptr && value->is_string()) {
    field = value->AsString();
  }
}

// Xero's checks of a contact about to be stored; each failure is added to `echo`.
void Validate(const std::vector<Contact>& contacts, const Contact& candidate, bool creating,
              Json& echo) {
  if (candidate.name.empty()) AddValidationError(echo, kContactNameEmpty);
  const auto other = [&](const Contact& c) { return c.contact_id != candidate.contact_id; };
  if (candidate.contact_status == "ACTIVE" && !candidate.name.empty()) {
    for (const Contact& c : contacts) {
      if (other(c) && c.contact_status == "ACTIVE" && EqualsIgnoringCase(c.name, candidate.name)) {
        AddValidationError(echo, "The contact name " + candidate.name +
                                     " is already assigned to another contact. The contact name "
                                     "must be unique across all active contacts.");
        break;
      }
    }
  }
  if (!candidate.contact_number.empty()) {
    for (const Contact& c : contacts) {
      if (other(c) && c.contact_number == candidate.contact_number) {
        AddValidationError(echo, "The contact number " + candidate.contact_number +
                                     " is already assigned to another contact. The contact "
                                     "number must be unique across all contacts.");
        break;
      }
    }
  }
  if (!candidate.account_number.empty()) {
    for (const Contact& c : contacts) {
      if (other(c) && c.account_number == candidate.account_number) {
        AddValidationError(echo,
                           "The Account Number already exists. Please enter a different Account "
                           "Number.");
        break;
      }
    }
  }
  if (!candidate.email_address.empty() && !LooksLikeEmail(candidate.email_address)) {
    AddValidationError(echo, "Email address must be valid.");
  }
  // A contact is archived by updating it; creating one archived (or in any other status) is refused
  // (FACTS.md §5, "Setting archived via API").
  const bool known_status =
      candidate.contact_status == "ACTIVE" || (!creating && candidate.contact_status == "ARCHIVED");
  if (!known_status) {
    AddValidationError(echo,
                       "The status '" + candidate.contact_status + "' is not valid for contacts.");
  }
}

// PUT creates; POST creates or updates the contact named by the path, by ContactID, else by
// ContactNumber. A PUT naming an existing ContactID updates it as POST would: Xero's PUT is lenient
// in the same way.
ElementResult WriteContact(WriteContext& context, const Json& element) {
  Json echo = element;
  std::vector<Contact>& contacts = context.state.contacts;
  const std::string id =
      !context.path_id.empty() ? context.path_id : MemberText(element, "ContactID");
  Contact* existing = nullptr;
  if (!id.empty()) {
    existing = FindById(contacts, id);
    if (existing == nullptr) {
      AddValidationError(echo, kContactIdUnknown);
      return {std::move(echo), false};
    }
  } else if (context.method == WriteMethod::kPost) {
    const std::string number = MemberText(element, "ContactNumber");
    if (!number.empty()) existing = FindByNumber(contacts, number);
  }

  Contact candidate = existing != nullptr ? *existing : Contact{};
  if (existing == nullptr) candidate.contact_id = context.random.Uuid();
  Take(element, "Name", candidate.name);
  Take(element, "ContactNumber", candidate.contact_number);
  Take(element, "AccountNumber", candidate.account_number);
  Take(element, "FirstName", candidate.first_name);
  Take(element, "LastName", candidate.last_name);
  Take(element, "EmailAddress", candidate.email_address);
  Take(element, "ContactStatus", candidate.contact_status);
  // IsCustomer and IsSupplier "cannot be set via PUT or POST" (FACTS.md §7): ignored, as by Xero.

  Validate(contacts, candidate, existing == nullptr, echo);
  if (HasValidationErrors(echo)) return {std::move(echo), false};

  candidate.updated = context.now;
  if (existing != nullptr) {
    *existing = candidate;
    context.Changed("CONTACT", "UPDATE", candidate.contact_id);
  } else {
    contacts.push_back(candidate);
    context.Changed("CONTACT", "CREATE", candidate.contact_id);
  }
  return {ToJson(candidate), true};
}

}  // namespace

void AddContactWrites(AccountingWrite& writes, http::Router& router) {
  const WriteEndpoint endpoint{"Contacts", {"accounting.contacts"}, "HasValidationErrors"};
  writes.Add(router, "PUT", "/api.xro/2.0/Contacts", endpoint, WriteContact);
  writes.Add(router, "POST", "/api.xro/2.0/Contacts", endpoint, WriteContact);
  writes.Add(router, "POST", "/api.xro/2.0/Contacts/{ContactID}", endpoint, WriteContact);
}

std::optional<ContactChoice> ChooseDocumentContact(const WriteContext& context,
                                                   const Json* contact_ref, Json& element_echo,
                                                   bool reject_archived) {
  std::vector<Contact>& contacts = context.state.contacts;
  const std::string id = contact_ref ? MemberText(*contact_ref, "ContactID") : std::string();
  const std::string number =
      contact_ref ? MemberText(*contact_ref, "ContactNumber") : std::string();
  const std::string name = contact_ref ? MemberText(*contact_ref, "Name") : std::string();
  const Contact* found = nullptr;
  if (!id.empty()) {
    found = FindById(contacts, id);
    if (found == nullptr) {
      AddValidationError(element_echo, kContactIdUnknown);
      return std::nullopt;
    }
  } else if (!number.empty()) {
    found = FindByNumber(contacts, number);
    // No contact has that number: Xero then needs a Name to create one (FACTS.md §5).
    if (found == nullptr && name.empty()) {
      AddValidationError(element_echo, kContactNameEmpty);
      return std::nullopt;
    }
  }
  if (found == nullptr && !name.empty()) found = FindByName(contacts, name, /*active_only=*/false);
  if (found == nullptr && name.empty()) {
    AddValidationError(element_echo, kContactIdentityMissing);
    return std::nullopt;
  }
  if (found != nullptr) {
    if (reject_archived && found->contact_status == "ARCHIVED") {
      AddValidationError(element_echo, kContactArchived);
      return std::nullopt;
    }
    return ContactChoice{found->contact_id, std::nullopt};
  }
  Contact created;
  created.contact_id = context.random.Uuid();
  created.name = name;
  created.contact_number = number;
  created.updated = context.now;
  return ContactChoice{created.contact_id, std::move(created)};
}

void CommitContactChoice(WriteContext& context, const ContactChoice& choice) {
  if (!choice.to_create) return;
  context.state.contacts.push_back(*choice.to_create);
  context.Changed("CONTACT", "CREATE", choice.contact_id);
}

Json ContactSummary(const OrgState& state, const std::string& contact_id) {
  Json summary = Json::MakeObject({{"ContactID", Json::String(contact_id)}});
  for (const Contact& c : state.contacts) {
    if (c.contact_id != contact_id) continue;
    if (!c.contact_number.empty()) summary.Set("ContactNumber", Json::String(c.contact_number));
    summary.Set("Name", Json::String(c.name));
    summary.Set("ContactStatus", Json::String(c.contact_status));
    break;
  }
  summary.Set("HasValidationErrors", Json::Bool(false));
  return summary;
}

}  // namespace xerosync::emulator
