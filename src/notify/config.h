#pragma once
// Where the installation's webhooks go: one URL and one secret, kept as installation settings in
// the store (store/outbox.h). The secret is sealed with the token key (xero/token_cipher.h), as
// OAuth tokens are, and is never printed or logged. While a URL is configured, the store records
// events for it; removing the configuration stops recording (what is in the outbox stays).
//
// Thread safety: as the Store is.

#include <optional>
#include <string>

#include "core/result.h"
#include "store/store.h"
#include "xero/token_cipher.h"

namespace xerosync::notify {

struct WebhookConfig {
  std::string url;     // http://host[:port]/path (http/client.h: plain http only, for now)
  std::string secret;  // the shared secret the host app verifies signatures with
};

// Saves `config`, the secret sealed. kInvalidArgument for a URL http::ParseHttpUrl refuses or a
// secret shorter than 16 bytes (a guessable secret makes signatures worthless).
Status SaveWebhookConfig(store::Store& store, const xero::TokenCipher& cipher,
                         const WebhookConfig& config);
// The configuration, the secret opened; nullopt when none is. kDataLoss when the secret was sealed
// with a key the cipher does not have.
Result<std::optional<WebhookConfig>> LoadWebhookConfig(store::Store& store,
                                                       const xero::TokenCipher& cipher);
// Removes the configuration: no more events are recorded.
Status RemoveWebhookConfig(store::Store& store);

}  // namespace xerosync::notify
