#pragma once
// Contacts written through the accounting API (FACTS.md §3.2, §5, §7 "Contact"), and the contact a
// document names:
//
//   PUT  /api.xro/2.0/Contacts               create one or more
//   POST /api.xro/2.0/Contacts               create or update (by ContactID, else ContactNumber)
//   POST /api.xro/2.0/Contacts/{ContactID}   update that contact
//
// Rules: Name is required on create and unique among active contacts; ContactNumber unique among
// all contacts; AccountNumber unique; EmailAddress must look like an address; IsCustomer and
// IsSupplier are read-only; ContactStatus may be set to ACTIVE or ARCHIVED by POST.
//
// Thread safety: writers run under the organisation's lock (accounting_write.h).

#include <optional>
#include <string>

#include "core/json.h"
#include "emulator/accounting_write.h"
#include "emulator/organisation.h"
#include "http/http.h"

namespace xerosync::emulator {

// Registers the contact writes above with `writes`.
void AddContactWrites(AccountingWrite& writes, http::Router& router);

// The contact a document element's "Contact" member names, chosen as Xero does: by ContactID, else
// by ContactNumber, else by Name (an active contact of that name, or else a new contact with that
// name, created when the document is written).
struct ContactChoice {
  std::string contact_id;            // the existing contact's id, or the new contact's
  std::optional<Contact> to_create;  // set when the contact is to be created with the document
};

// Chooses the contact of `contact_ref` (the element's "Contact" member; may be null). When it
// cannot, adds Xero's message to `element_echo` (the element's own ValidationErrors) and returns
// nullopt: no identifying member ("The Contact must contain at least 1 of the following elements
// to identify the contact: Name, ContactID, ContactNumber"), a ContactNumber with no match
// ("Contact Name cannot be empty."), an unknown ContactID, or, when `reject_archived`, an archived
// contact
// ("The contact with the specified contact details has been archived. The contact must be
// un-archived before creating new invoices or credit notes.").
std::optional<ContactChoice> ChooseDocumentContact(const WriteContext& context,
                                                   const Json* contact_ref, Json& element_echo,
                                                   bool reject_archived);

// Adds the new contact of `choice`, if any, with its CREATE event. Call once the document is valid.
void CommitContactChoice(WriteContext& context, const ContactChoice& choice);

// {"ContactID","Name"[,"ContactNumber"]...}: the contact as Xero embeds it in a document.
Json ContactSummary(const OrgState& state, const std::string& contact_id);

}  // namespace xerosync::emulator
