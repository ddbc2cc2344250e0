#include "emulator/webhooks.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <limits>
#include <utility>

#include "core/json.h"
#include "core/status.h"
#include "http/client.h"

namespace xerosync::emulator {
namespace {

constexpr std::size_t kMaxKeyLength = 256;

// "2024-06-21T01:15:39.902": UTC, milliseconds, no zone designator (FACTS.md §6).
std::string FormatEventDate(TimePoint time) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(time);
  const auto day = std::chrono::floor<std::chrono::days>(ms);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss<std::chrono::milliseconds> hms(ms - day);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ld",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()),
                static_cast<long>(hms.subseconds().count()));
  return text;
}

// The API collection a category's resources live in.
std::string_view Collection(std::string_view category) {
  if (category == "CONTACT") return "Contacts";
  if (category == "INVOICE") return "Invoices";
  if (category == "CREDITNOTE") return "CreditNotes";
  return "";
}

Status ValidKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyLength) {
    return InvalidArgumentError("the key must have 1 to " + std::to_string(kMaxKeyLength) +
                                " characters");
  }
  for (const char c : key) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) {
      return InvalidArgumentError("the key must not contain spaces or control characters");
    }
  }
  return OkStatus();
}

std::string Signature(std::string_view key, std::string_view body) {
  return Base64Encode(HmacSha256(key, body));
}

http::ClientRequest Post(const std::string& url, const std::string& key, std::string body,
                         std::chrono::milliseconds timeout) {
  http::ClientRequest request;
  request.url = url;
  request.headers.Set("Content-Type", "application/json; charset=utf-8");
  request.headers.Set("x-xero-signature", Signature(key, body));
  request.body = std::move(body);
  request.timeout = timeout;
  return request;
}

}  // namespace

std::string_view WebhookStatusName(WebhookStatus status) {
  switch (status) {
    case WebhookStatus::kNone:
      return "none";
    case WebhookStatus::kPendingIntent:
      return "pending-intent";
    case WebhookStatus::kActive:
      return "active";
    case WebhookStatus::kIntentFailed:
      return "intent-failed";
    case WebhookStatus::kDisabled:
      return "disabled";
  }
  return "none";
}

Webhooks::Webhooks(const Clock& clock, RandomSource& random, WebhookOptions options,
                   TenantFilter subscribed)
    : clock_(clock),
      random_(random),
      options_(std::move(options)),
      subscribed_(std::move(subscribed)) {
  assert(options_.intent_requests >= 2);
  assert(options_.max_events_per_delivery >= 1);
  assert(options_.response_timeout > std::chrono::milliseconds::zero());
  state_.api_base = options_.api_base;
}

Result<WebhookState> Webhooks::Subscribe(std::string url, std::optional<std::string> key) {
  RETURN_IF_ERROR(http::ParseHttpUrl(url).status());
  if (key) RETURN_IF_ERROR(ValidKey(*key));
  const std::lock_guard<std::mutex> lock(mu_);
  if (!key && state_.key.empty())
    key = Base64Encode(random_.Bytes(64));  // 88 characters, as Xero's
  DropQueued();
  ++generation_;
  state_.status = WebhookStatus::kPendingIntent;
  state_.url = std::move(url);
  if (key) state_.key = std::move(*key);
  state_.last_error.clear();
  return StateLocked();
}

bool Webhooks::Unsubscribe() {
  const std::lock_guard<std::mutex> lock(mu_);
  if (state_.status == WebhookStatus::kNone) return false;
  DropQueued();
  ++generation_;
  std::string api_base = std::move(state_.api_base);
  state_ = WebhookState();
  state_.api_base = std::move(api_base);
  return true;
}

Result<std::string> NormalizeApiBase(std::string api_base) {
  while (api_base.ends_with('/')) api_base.pop_back();
  const std::size_t scheme_end = api_base.find("://");
  const std::string_view scheme = std::string_view(api_base).substr(0, scheme_end);
  if (scheme_end == std::string::npos || (scheme != "http" && scheme != "https") ||
      api_base.size() == scheme_end + 3) {
    return InvalidArgumentError("api_base must be an http:// or https:// URL, like " +
                                WebhookOptions().api_base);
  }
  for (const char c : api_base) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) {
      return InvalidArgumentError("api_base must not contain spaces or control characters");
    }
  }
  return api_base;
}

Status Webhooks::SetApiBase(std::string api_base) {
  ASSIGN_OR_RETURN(std::string normal, NormalizeApiBase(std::move(api_base)));
  const std::lock_guard<std::mutex> lock(mu_);
  state_.api_base = std::move(normal);
  return OkStatus();
}

WebhookState Webhooks::State() const {
  const std::lock_guard<std::mutex> lock(mu_);
  return StateLocked();
}

WebhookState Webhooks::StateLocked() const {
  WebhookState state = state_;
  state.pending = static_cast<int64_t>(queue_.size()) + (batch_ ? batch_->events : 0);
  if (batch_) state.next_attempt = batch_->next_attempt;
  return state;
}

void Webhooks::DropQueued() {
  state_.dropped += static_cast<int64_t>(queue_.size()) + (batch_ ? batch_->events : 0);
  queue_.clear();
  batch_.reset();
}

Result<int32_t> Webhooks::Publish(const ChangeEvent& event) {
  // Asked before locking: the predicate may take the identity service's lock.
  const bool wanted = !subscribed_ || subscribed_(event.tenant_id);
  const std::lock_guard<std::mutex> lock(mu_);
  if (state_.status != WebhookStatus::kActive) {
    if (state_.status != WebhookStatus::kNone) ++state_.dropped;
    return FailedPreconditionError("the webhook subscription is " +
                                   std::string(WebhookStatusName(state_.status)) +
                                   ", not active: the event is not sent");
  }
  if (!wanted) {
    return FailedPreconditionError("tenant " + event.tenant_id +
                                   " is not connected to the app: its events are not sent");
  }
  const int32_t sequence = next_sequence_;
  next_sequence_ = sequence == std::numeric_limits<int32_t>::max() ? 1 : sequence + 1;
  queue_.push_back(Queued{event, sequence});
  return sequence;
}

std::vector<DeliveryAttempt> Webhooks::DeliverDue() {
  const std::lock_guard<std::mutex> pump(pump_mu_);
  std::vector<DeliveryAttempt> report;
  RunIntent(report);
  while (DeliverOne(report)) {
  }
  return report;
}

void Webhooks::RunIntent(std::vector<DeliveryAttempt>& report) {
  std::string url, key;
  uint64_t generation = 0;
  {
    const std::lock_guard<std::mutex> lock(mu_);
    if (state_.status != WebhookStatus::kPendingIntent) return;
    url = state_.url;
    key = state_.key;
    generation = generation_;
  }
  // Which requests carry the right signature: random, but at least one of each kind.
  const int n = options_.intent_requests;
  const std::string bits = random_.Bytes(static_cast<std::size_t>(n) + 1);
  std::vector<bool> correct(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) correct[i] = (static_cast<unsigned char>(bits[i]) & 1) != 0;
  if (std::all_of(correct.begin(), correct.end(), [&](bool c) { return c == correct[0]; })) {
    const int flip = 1 + static_cast<unsigned char>(bits[n]) % (n - 1);
    correct[flip] = !correct[0];
  }
  std::string failure;
  for (int i = 0; i < n && failure.empty(); ++i) {
    Json payload = Json::MakeObject();
    payload.Set("events", Json::MakeArray());
    payload.Set("lastEventSequence", Json::Integer(0));
    payload.Set("firstEventSequence", Json::Integer(0));
    payload.Set("entropy", Json::String(Entropy()));
    const std::string signing_key = correct[i] ? key : Base64Encode(random_.Bytes(64));
    DeliveryAttempt attempt;
    attempt.kind = DeliveryAttempt::Kind::kIntent;
    attempt.at = clock_.Now();
    attempt.correctly_signed = correct[i];
    const int wanted = correct[i] ? 200 : 401;
    Result<http::ClientResponse> answer =
        http::Fetch(Post(url, signing_key, payload.Serialize(), options_.response_timeout));
    const std::string which = "intent to receive, request " + std::to_string(i + 1) + " of " +
                              std::to_string(n) + " (" +
                              (correct[i] ? "correctly" : "incorrectly") + " signed): ";
    if (!answer.ok()) {
      attempt.error = which + answer.status().message();
    } else {
      attempt.status = answer->status;
      if (answer->status != wanted) {
        attempt.error = which + "answered " + std::to_string(answer->status) + ", must answer " +
                        std::to_string(wanted);
      }
    }
    attempt.ok = attempt.error.empty();
    failure = attempt.error;
    report.push_back(std::move(attempt));
  }
  const std::lock_guard<std::mutex> lock(mu_);
  if (generation_ != generation) return;  // subscribed again meanwhile: that intent is due
  state_.status = failure.empty() ? WebhookStatus::kActive : WebhookStatus::kIntentFailed;
  state_.last_error = failure;
}

bool Webhooks::DeliverOne(std::vector<DeliveryAttempt>& report) {
  std::string url, key, body;
  uint64_t generation = 0;
  DeliveryAttempt attempt;
  attempt.at = clock_.Now();
  {
    const std::lock_guard<std::mutex> lock(mu_);
    if (state_.status != WebhookStatus::kActive) return false;
    if (!batch_) {
      if (queue_.empty()) return false;
      std::vector<Queued> events;
      while (!queue_.empty() && events.size() < options_.max_events_per_delivery) {
        events.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      batch_ = Batch{BatchBody(events),
                     static_cast<int>(events.size()),
                     events.front().sequence,
                     events.back().sequence,
                     attempt.at,
                     attempt.at};
    }
    if (batch_->next_attempt > attempt.at) return false;
    url = state_.url;
    key = state_.key;
    body = batch_->body;
    generation = generation_;
    attempt.events = batch_->events;
    attempt.first_sequence = batch_->first;
    attempt.last_sequence = batch_->last;
  }
  Result<http::ClientResponse> answer =
      http::Fetch(Post(url, key, std::move(body), options_.response_timeout));
  if (!answer.ok()) {
    attempt.error = answer.status().message();
  } else {
    attempt.status = answer->status;
    if (answer->status != 200) {
      attempt.error = "POST " + url + ": answered " + std::to_string(answer->status) +
                      "; only 200 counts as delivered";
    }
  }
  attempt.ok = attempt.error.empty();
  report.push_back(attempt);

  const std::lock_guard<std::mutex> lock(mu_);
  if (generation_ != generation || !batch_) return false;  // the subscription changed meanwhile
  if (attempt.ok) {
    ++state_.delivered;
    state_.delivered_events += batch_->events;
    state_.last_error.clear();
    batch_.reset();
    return true;
  }
  ++state_.failed;
  state_.last_error = attempt.error;
  const TimePoint now = clock_.Now();
  while (batch_->next_offset < kRetryOffsets.size() &&
         batch_->first_attempt + kRetryOffsets[batch_->next_offset] <= now) {
    ++batch_->next_offset;
  }
  if (batch_->next_offset == kRetryOffsets.size()) {
    state_.status = WebhookStatus::kDisabled;
    state_.last_error =
        "disabled: deliveries kept failing for 24 hours; the last: " + attempt.error;
    DropQueued();
    return false;
  }
  batch_->next_attempt = batch_->first_attempt + kRetryOffsets[batch_->next_offset];
  return false;
}

std::string Webhooks::BatchBody(const std::vector<Queued>& events) const {
  Json list = Json::MakeArray();
  for (const Queued& queued : events) {
    const ChangeEvent& e = queued.event;
    Json item = Json::MakeObject();
    item.Set("resourceUrl",
             Json::String(state_.api_base + "/" + std::string(Collection(e.category)) + "/" +
                          e.resource_id));
    item.Set("resourceId", Json::String(e.resource_id));
    item.Set("eventDateUtc", Json::String(FormatEventDate(e.at)));
    item.Set("eventType", Json::String(e.type));
    item.Set("eventCategory", Json::String(e.category));
    item.Set("tenantId", Json::String(e.tenant_id));
    item.Set("tenantType", Json::String("ORGANISATION"));
    if (!e.data.is_null()) item.Set("data", e.data);
    list.Append(std::move(item));
  }
  Json payload = Json::MakeObject();
  payload.Set("events", std::move(list));
  payload.Set("firstEventSequence", Json::Integer(events.front().sequence));
  payload.Set("lastEventSequence", Json::Integer(events.back().sequence));
  payload.Set("entropy", Json::String(Entropy()));
  return payload.Serialize();
}

std::string Webhooks::Entropy() const {
  std::string text = random_.Bytes(20);
  for (char& c : text) c = static_cast<char>('A' + static_cast<unsigned char>(c) % 26);
  return text;
}

WebhookPump::WebhookPump(Webhooks& webhooks, std::chrono::milliseconds interval)
    : webhooks_(webhooks), interval_(interval) {
  thread_ = std::thread([this] { Run(); });
}

void WebhookPump::Stop() {
  {
    const std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookPump::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    lock.unlock();
    webhooks_.DeliverDue();
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

}  // namespace xerosync::emulator
