#pragma once
// Reading from Xero (FACTS.md §3.4): every page of a list, with If-Modified-Since; and the lookups
// the sync engine makes after an ambiguous write (batch.h's kAmbiguous) to find out whether the
// document reached Xero — by invoice number, reference, Url, contact name or number.
//
//   ASSIGN_OR_RETURN(std::vector<domain::Invoice> changed,
//                    ReadAllPages<domain::Invoice>(transport, caller, {}, last_poll));
//   ASSIGN_OR_RETURN(auto found, FindInvoicesByNumber(transport, caller, "INV-0042"));
//
// Request building (BuildPageRequest, BuildLookup) and the end-of-list rule (IsLastPage) are pure;
// the Read/Find functions send through the given Transport, one request at a time. Lookups keep
// only the records whose field equals the value looked for (ignoring case and surrounding spaces,
// as Xero's filters compare), so a filter Xero reads more loosely than meant never yields a wrong
// match. A non-200 answer is StatusOfAnswer's Status; a transport error is kUnavailable.
//
// Thread safety: functions of values; the Transport decides about concurrency.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/bank_transaction.h"
#include "domain/contact.h"
#include "domain/documents.h"
#include "xero/requests.h"
#include "xero/transport.h"
#include "xero/wire.h"

namespace xerosync::xero {

struct PageOptions {
  int page_size = 100;    // Xero's default; the emulator caps it at 1000, as Xero reportedly does
  int max_pages = 10000;  // a guard against a server that never says it is done
};

// GET /<Plural>?<filters>&page=<page>&pageSize=<page_size>, with If-Modified-Since when `since`.
template <typename T>
HttpRequest BuildPageRequest(const ApiCaller& caller, const QueryParams& filters,
                             std::optional<TimePoint> since, int page, int page_size);

// True when page `page` (1-based) of size `page_size` is the last: by pagination.pageCount when
// Xero sent it, else when the page holds fewer than `page_size` records.
template <typename T>
bool IsLastPage(const ListResponse<T>& response, int page, int page_size);

// Every record of every page, in Xero's order. kFailedPrecondition past options.max_pages.
template <typename T>
Result<std::vector<T>> ReadAllPages(Transport& transport, const ApiCaller& caller,
                                    const QueryParams& filters,
                                    std::optional<TimePoint> since = std::nullopt,
                                    const PageOptions& options = {});

// ---- lookups ----

// GET /Invoices?InvoiceNumbers=<number> (a number containing a comma, which that list parameter
// cannot carry, goes as where=InvoiceNumber=="<number>").
HttpRequest BuildInvoiceNumberLookup(const ApiCaller& caller, std::string_view number);
// GET /<Plural>?where=<field>=="<value>" (`extra` added after it).
template <typename T>
HttpRequest BuildWhereLookup(const ApiCaller& caller, std::string_view field,
                             std::string_view value, const QueryParams& extra = {});

// Invoices and bills by InvoiceNumber (bills' numbers are not unique: several may come back).
Result<std::vector<domain::Invoice>> FindInvoicesByNumber(Transport& transport,
                                                          const ApiCaller& caller,
                                                          std::string_view number);
// Invoices and bills whose InvoiceNumber is any of `numbers`, in one request per page
// (GET /Invoices?InvoiceNumbers=a,b,c): for adopting many documents at once. kInvalidArgument for
// a number containing a comma (that list cannot carry it: use FindInvoicesByNumber).
Result<std::vector<domain::Invoice>> FindInvoicesByNumbers(Transport& transport,
                                                           const ApiCaller& caller,
                                                           std::span<const std::string> numbers);
Result<std::vector<domain::Invoice>> FindInvoicesByReference(Transport& transport,
                                                             const ApiCaller& caller,
                                                             std::string_view reference);
Result<std::vector<domain::Invoice>> FindInvoicesByUrl(Transport& transport,
                                                       const ApiCaller& caller,
                                                       std::string_view url);
Result<std::vector<domain::CreditNote>> FindCreditNotesByNumber(Transport& transport,
                                                                const ApiCaller& caller,
                                                                std::string_view number);
Result<std::vector<domain::CreditNote>> FindCreditNotesByReference(Transport& transport,
                                                                   const ApiCaller& caller,
                                                                   std::string_view reference);
Result<std::vector<domain::BankTransaction>> FindBankTransactionsByReference(
    Transport& transport, const ApiCaller& caller, std::string_view reference);
Result<std::vector<domain::BankTransaction>> FindBankTransactionsByUrl(Transport& transport,
                                                                       const ApiCaller& caller,
                                                                       std::string_view url);
Result<std::vector<domain::Payment>> FindPaymentsByReference(Transport& transport,
                                                             const ApiCaller& caller,
                                                             std::string_view reference);
// Contacts by Name: active ones, and archived ones too when `include_archived`.
Result<std::vector<domain::Contact>> FindContactsByName(Transport& transport,
                                                        const ApiCaller& caller,
                                                        std::string_view name,
                                                        bool include_archived = false);
// Contacts by ContactNumber (archived ones included: numbers are unique across all contacts).
Result<std::vector<domain::Contact>> FindContactsByNumber(Transport& transport,
                                                          const ApiCaller& caller,
                                                          std::string_view number);
// GET /Contacts/{ContactNumber} (the path also takes a ContactID): nullopt on 404.
Result<std::optional<domain::Contact>> GetContactByNumber(Transport& transport,
                                                          const ApiCaller& caller,
                                                          std::string_view number);

}  // namespace xerosync::xero
