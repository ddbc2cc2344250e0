#pragma once
// Identifiers of Xero records. Each kind has its own type so that an invoice id can never be passed
// where a contact id is expected. Xero's ids are GUIDs; IsGuid() checks the form
// (8-4-4-4-12 hexadecimal digits) without judging whether the record exists.

#include <string_view>

#include "core/strong_id.h"

namespace xerosync::domain {

using ContactId = StrongId<struct ContactIdTag>;
using InvoiceId = StrongId<struct InvoiceIdTag>;
using CreditNoteId = StrongId<struct CreditNoteIdTag>;
using AllocationId = StrongId<struct AllocationIdTag>;
using PaymentId = StrongId<struct PaymentIdTag>;
using BankTransactionId = StrongId<struct BankTransactionIdTag>;
using AccountId = StrongId<struct AccountIdTag>;
using LineItemId = StrongId<struct LineItemIdTag>;
using TrackingCategoryId = StrongId<struct TrackingCategoryIdTag>;
using TrackingOptionId = StrongId<struct TrackingOptionIdTag>;
using OrganisationId = StrongId<struct OrganisationIdTag>;
// The xero-tenant-id of a connected organisation.
using TenantId = StrongId<struct TenantIdTag>;

// True for "d4956132-ed94-4dd7-9eaa-aa22dfdf06f2" (either letter case).
bool IsGuid(std::string_view text);

}  // namespace xerosync::domain
