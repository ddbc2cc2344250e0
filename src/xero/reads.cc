#include "xero/reads.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <utility>
#include <variant>

#include "xero/codecs.h"

namespace xerosync::xero {
namespace {

using domain::BankTransaction;
using domain::Contact;
using domain::CreditNote;
using domain::Invoice;
using domain::Payment;

template <typename T>
std::string CollectionPath() {
  return "/" + std::string(Codec<T>::kPlural);
}

Result<HttpResponse> Send(Transport& transport, const HttpRequest& request) {
  TransportResult sent = transport.Send(request);
  if (auto* error = std::get_if<TransportError>(&sent)) {
    return Status(error->code, "GET " + request.url + ": " + error->message);
  }
  return std::move(std::get<HttpResponse>(sent));
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

// As Xero's filters compare: ignoring case and surrounding spaces.
bool Matches(const std::optional<std::string>& field, std::string_view wanted) {
  return field && std::ranges::equal(Trimmed(*field), Trimmed(wanted), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Every page of `filters`, keeping the records whose `field` matches `wanted`.
template <typename T>
Result<std::vector<T>> FindWhere(
    Transport& transport, const ApiCaller& caller, std::string_view field_name,
    const std::function<const std::optional<std::string>&(const T&)>& field,
    std::string_view wanted, const QueryParams& extra = {}) {
  QueryParams filters = {{"where", WhereEquals(field_name, wanted)}};
  filters.insert(filters.end(), extra.begin(), extra.end());
  ASSIGN_OR_RETURN(std::vector<T> all, ReadAllPages<T>(transport, caller, filters));
  std::erase_if(all, [&](const T& record) { return !Matches(field(record), wanted); });
  return all;
}

}  // namespace

template <typename T>
HttpRequest BuildPageRequest(const ApiCaller& caller, const QueryParams& filters,
                             std::optional<TimePoint> since, int page, int page_size) {
  QueryParams query = filters;
  query.emplace_back("page", std::to_string(page));
  query.emplace_back("pageSize", std::to_string(page_size));
  return BuildGet(caller, CollectionPath<T>(), query, since);
}

template <typename T>
bool IsLastPage(const ListResponse<T>& response, int page, int page_size) {
  if (const auto& p = response.envelope.pagination; p && p->page_count > 0) {
    return page >= p->page_count;
  }
  return static_cast<int>(response.items.size()) < page_size;
}

template <typename T>
Result<std::vector<T>> ReadAllPages(Transport& transport, const ApiCaller& caller,
                                    const QueryParams& filters, std::optional<TimePoint> since,
                                    const PageOptions& options) {
  if (options.page_size < 1) return InvalidArgumentError("the page size must be at least 1");
  std::vector<T> records;
  for (int page = 1; page <= options.max_pages; ++page) {
    const HttpRequest request =
        BuildPageRequest<T>(caller, filters, since, page, options.page_size);
    ASSIGN_OR_RETURN(const HttpResponse response, Send(transport, request));
    if (response.status != 200) return StatusOfAnswer(response);
    Result<ListResponse<T>> list = DecodeList<T>(response.body);
    if (!list.ok()) {
      return list.status().WithContext("page " + std::to_string(page) + " of " +
                                       CollectionPath<T>());
    }
    for (Element<T>& element : list->items) records.push_back(std::move(element.value));
    if (list->items.empty() || IsLastPage(*list, page, options.page_size)) return records;
  }
  return FailedPreconditionError(CollectionPath<T>() + " has more than " +
                                 std::to_string(options.max_pages) + " pages");
}

HttpRequest BuildInvoiceNumberLookup(const ApiCaller& caller, std::string_view number) {
  if (number.find(',') != std::string_view::npos) {
    return BuildWhereLookup<Invoice>(caller, "InvoiceNumber", number);
  }
  return BuildGet(caller, "/Invoices", {{"InvoiceNumbers", std::string(number)}});
}

template <typename T>
HttpRequest BuildWhereLookup(const ApiCaller& caller, std::string_view field,
                             std::string_view value, const QueryParams& extra) {
  QueryParams query = {{"where", WhereEquals(field, value)}};
  query.insert(query.end(), extra.begin(), extra.end());
  return BuildGet(caller, CollectionPath<T>(), query);
}

Result<std::vector<Invoice>> FindInvoicesByNumber(Transport& transport, const ApiCaller& caller,
                                                  std::string_view number) {
  const HttpRequest request = BuildInvoiceNumberLookup(caller, number);
  ASSIGN_OR_RETURN(const HttpResponse response, Send(transport, request));
  if (response.status != 200) return StatusOfAnswer(response);
  ASSIGN_OR_RETURN(ListResponse<Invoice> list, DecodeList<Invoice>(response.body));
  std::vector<Invoice> found;
  for (Element<Invoice>& element : list.items) {
    if (Matches(element.value.number, number)) found.push_back(std::move(element.value));
  }
  return found;
}

Result<std::vector<Invoice>> FindInvoicesByNumbers(Transport& transport, const ApiCaller& caller,
                                                   std::span<const std::string> numbers) {
  if (numbers.empty()) return std::vector<Invoice>{};
  std::string list;
  for (const std::string& number : numbers) {
    if (number.find(',') != std::string::npos) {
      return InvalidArgumentError("invoice number \"" + number +
                                  "\" contains a comma: look it up on its own");
    }
    if (!list.empty()) list += ',';
    list += number;
  }
  ASSIGN_OR_RETURN(std::vector<Invoice> all,
                   ReadAllPages<Invoice>(transport, caller, {{"InvoiceNumbers", list}}));
  std::vector<Invoice> found;
  for (Invoice& invoice : all) {
    const bool wanted = std::ranges::any_of(
        numbers, [&](const std::string& number) { return Matches(invoice.number, number); });
    if (wanted) found.push_back(std::move(invoice));
  }
  return found;
}

Result<std::vector<Invoice>> FindInvoicesByReference(Transport& transport, const ApiCaller& caller,
                                                     std::string_view reference) {
  return FindWhere<Invoice>(
      transport, caller, "Reference", [](const Invoice& i) -> const auto& { return i.reference; },
      reference);
}

Result<std::vector<Invoice>> FindInvoicesByUrl(Transport& transport, const ApiCaller& caller,
                                               std::string_view url) {
  return FindWhere<Invoice>(
      transport, caller, "Url", [](const Invoice& i) -> const auto& { return i.url; }, url);
}

Result<std::vector<CreditNote>> FindCreditNotesByNumber(Transport& transport,
                                                        const ApiCaller& caller,
                                                        std::string_view number) {
  return FindWhere<CreditNote>(
      transport, caller, "CreditNoteNumber",
      [](const CreditNote& c) -> const auto& { return c.number; }, number);
}

Result<std::vector<CreditNote>> FindCreditNotesByReference(Transport& transport,
                                                           const ApiCaller& caller,
                                                           std::string_view reference) {
  return FindWhere<CreditNote>(
      transport, caller, "Reference",
      [](const CreditNote& c) -> const auto& { return c.reference; }, reference);
}

Result<std::vector<BankTransaction>> FindBankTransactionsByReference(Transport& transport,
                                                                     const ApiCaller& caller,
                                                                     std::string_view reference) {
  return FindWhere<BankTransaction>(
      transport, caller, "Reference",
      [](const BankTransaction& b) -> const auto& { return b.reference; }, reference);
}

Result<std::vector<BankTransaction>> FindBankTransactionsByUrl(Transport& transport,
                                                               const ApiCaller& caller,
                                                               std::string_view url) {
  return FindWhere<BankTransaction>(
      transport, caller, "Url", [](const BankTransaction& b) -> const auto& { return b.url; }, url);
}

Result<std::vector<Payment>> FindPaymentsByReference(Transport& transport, const ApiCaller& caller,
                                                     std::string_view reference) {
  return FindWhere<Payment>(
      transport, caller, "Reference", [](const Payment& p) -> const auto& { return p.reference; },
      reference);
}

Result<std::vector<Contact>> FindContactsByName(Transport& transport, const ApiCaller& caller,
                                                std::string_view name, bool include_archived) {
  QueryParams extra;
  if (include_archived) extra.emplace_back("includeArchived", "true");
  return FindWhere<Contact>(
      transport, caller, "Name", [](const Contact& c) -> const auto& { return c.name; }, name,
      extra);
}

Result<std::vector<Contact>> FindContactsByNumber(Transport& transport, const ApiCaller& caller,
                                                  std::string_view number) {
  return FindWhere<Contact>(transport, caller, "ContactNumber",
                            [](const Contact& c) -> const auto& { return c.contact_number; },
                            number, {{"includeArchived", "true"}});
}

Result<std::optional<Contact>> GetContactByNumber(Transport& transport, const ApiCaller& caller,
                                                  std::string_view number) {
  if (number.empty()) return InvalidArgumentError("a contact number cannot be empty");
  const HttpRequest request = BuildGet(caller, "/Contacts/" + PercentEncode(number), {});
  ASSIGN_OR_RETURN(const HttpResponse response, Send(transport, request));
  if (response.status == 404) return std::optional<Contact>();
  if (response.status != 200) return StatusOfAnswer(response);
  ASSIGN_OR_RETURN(ListResponse<Contact> list, DecodeList<Contact>(response.body));
  for (Element<Contact>& element : list.items) {
    if (Matches(element.value.contact_number, number)) {
      return std::optional<Contact>(std::move(element.value));
    }
  }
  return std::optional<Contact>();
}

#define XEROSYNC_INSTANTIATE_READS(T)                                                            \
  template HttpRequest BuildPageRequest<T>(const ApiCaller&, const QueryParams&,                 \
                                           std::optional<TimePoint>, int, int);                  \
  template bool IsLastPage<T>(const ListResponse<T>&, int, int);                                 \
  template Result<std::vector<T>> ReadAllPages<T>(Transport&, const ApiCaller&,                  \
                                                  const QueryParams&, std::optional<TimePoint>,  \
                                                  const PageOptions&);                           \
  template HttpRequest BuildWhereLookup<T>(const ApiCaller&, std::string_view, std::string_view, \
                                           const QueryParams&);

XEROSYNC_INSTANTIATE_READS(Contact)
XEROSYNC_INSTANTIATE_READS(Invoice)
XEROSYNC_INSTANTIATE_READS(CreditNote)
XEROSYNC_INSTANTIATE_READS(Payment)
XEROSYNC_INSTANTIATE_READS(BankTransaction)

#undef XEROSYNC_INSTANTIATE_READS

}  // namespace xerosync::xero
