#pragma once
// The Idempotency-Key of an attempt (docs/sync.md, "The key"): derived from the organisation, the
// method, each document's (kind, host id, version, operation, refusals so far) in order and the
// request body, so that
//   - the same documents at the same versions with the same body get the same key: a resend after
//     an unknown outcome is then Xero's replay of the first answer, never a second copy;
//   - a changed body gets another key (Xero refuses a key reused with a different request);
//   - a retry after a document was refused gets another key too: Xero may answer a key it has
//     seen with the refusal again, even after the cause was fixed in Xero.
//
// Thread safety: pure functions.

#include <span>
#include <string>
#include <string_view>

#include "domain/ids.h"
#include "store/records.h"

namespace xerosync::sync {

struct KeyedDocument {
  store::DocumentKind kind = store::DocumentKind::kContact;
  std::string_view host_id;
  int64_t version = 0;
  store::Operation operation = store::Operation::kUpsert;
  int64_t rejections = 0;  // Document::rejections
};

// "xs1-" and the 52 characters of base32 (a-z, 2-7) of a SHA-256: 56 characters, within Xero's 128.
// `method` is the request's ("PUT", "POST").
std::string IdempotencyKey(const domain::TenantId& organisation, std::string_view method,
                           std::span<const KeyedDocument> documents, std::string_view body);

}  // namespace xerosync::sync
