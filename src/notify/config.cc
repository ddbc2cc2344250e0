#include "notify/config.h"

#include "http/client.h"

namespace xerosync::notify {

constexpr std::size_t kMinSecretBytes = 16;

Status SaveWebhookConfig(store::Store& store, const xero::TokenCipher& cipher,
                         const WebhookConfig& config) {
  RETURN_IF_ERROR(http::ParseHttpUrl(config.url));
  if (config.secret.size() < kMinSecretBytes) {
    return InvalidArgumentError("a webhook secret needs at least " +
                                std::to_string(kMinSecretBytes) + " bytes");
  }
  // The secret first: a URL without its secret would record events nobody can sign.
  RETURN_IF_ERROR(
      store.PutInstallationSetting(store::kWebhookSecretSetting, cipher.Seal(config.secret)));
  return store.PutInstallationSetting(store::kWebhookUrlSetting, config.url);
}

Result<std::optional<WebhookConfig>> LoadWebhookConfig(store::Store& store,
                                                       const xero::TokenCipher& cipher) {
  ASSIGN_OR_RETURN(std::optional<std::string> url,
                   store.GetInstallationSetting(store::kWebhookUrlSetting));
  ASSIGN_OR_RETURN(std::optional<std::string> sealed,
                   store.GetInstallationSetting(store::kWebhookSecretSetting));
  if (!url.has_value() || !sealed.has_value()) return std::optional<WebhookConfig>();
  ASSIGN_OR_RETURN(std::string secret, cipher.Open(*sealed));
  return std::optional<WebhookConfig>(WebhookConfig{std::move(*url), std::move(secret)});
}

Status RemoveWebhookConfig(store::Store& store) {
  RETURN_IF_ERROR(store.PutInstallationSetting(store::kWebhookUrlSetting, ""));
  return store.PutInstallationSetting(store::kWebhookSecretSetting, "");
}

}  // namespace xerosync::notify
