#include "xero/client.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace xerosync::xero {
namespace {

bool IsRead(std::string_view method) { return method == "GET" || method == "HEAD"; }

// Sets header `name` (ignoring case) to `value`, replacing every earlier one.
void SetHeader(HeaderList& headers, std::string_view name, std::string value) {
  std::erase_if(headers, [name](const auto& header) {
    return std::ranges::equal(header.first, name, [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) ==
             std::tolower(static_cast<unsigned char>(b));
    });
  });
  headers.emplace_back(std::string(name), std::move(value));
}

RateLimitProblem ProblemOf(Limit limit) {
  switch (limit) {
    case Limit::kConcurrent:
      return RateLimitProblem::kConcurrent;
    case Limit::kMinute:
      return RateLimitProblem::kMinute;
    case Limit::kDay:
      return RateLimitProblem::kDay;
    case Limit::kAppMinute:
      return RateLimitProblem::kAppMinute;
  }
  return RateLimitProblem::kOther;
}

}  // namespace

Status ValidateXeroClientOptions(const XeroClientOptions& options) {
  if (options.rate_limit_retries < 0) {
    return InvalidArgumentError("rate_limit_retries must be >= 0");
  }
  if (options.read_retries < 0) return InvalidArgumentError("read_retries must be >= 0");
  if (options.retry_backoff < Duration::zero()) {
    return InvalidArgumentError("retry_backoff must be >= 0");
  }
  if (options.max_budget_wait < Duration::zero()) {
    return InvalidArgumentError("max_budget_wait must be >= 0");
  }
  return OkStatus();
}

XeroClient::XeroClient(Transport& transport, TokenManager& tokens, RateBudget& budget,
                       Waiter& waiter, XeroEndpoints endpoints, XeroClientOptions options)
    : transport_(transport),
      tokens_(tokens),
      budget_(budget),
      waiter_(waiter),
      endpoints_(std::move(endpoints)),
      options_(options) {}

ApiCaller XeroClient::Caller(const CallTarget& target) const {
  return ApiCaller{endpoints_.api, "", target.tenant.value()};
}

ConnectedTransport XeroClient::Bind(CallTarget target) {
  return ConnectedTransport(*this, std::move(target));
}

XeroResult XeroClient::Send(const CallTarget& target, HttpRequest request) {
  return Call(target, std::move(request), std::nullopt).result;
}

XeroResult XeroClient::SendAdmitted(const CallTarget& target, HttpRequest request, Permit permit) {
  return Call(target, std::move(request), std::move(permit)).result;
}

XeroError XeroClient::Refuse(StatusCode code, XeroErrorReason reason, std::string message) {
  ++counters_.refused;
  XeroError error;
  error.code = code;
  error.reason = reason;
  error.message = std::move(message);
  error.retryable = code != StatusCode::kFailedPrecondition;
  return error;
}

std::variant<Permit, XeroError> XeroClient::Admit(const CallTarget& target) {
  while (true) {
    std::variant<Permit, Refusal> admitted = budget_.TryAdmit(target.tenant, target.priority);
    if (Permit* permit = std::get_if<Permit>(&admitted)) return std::move(*permit);
    const Refusal& refusal = std::get<Refusal>(admitted);
    const TimePoint now = budget_.clock().Now();
    if (refusal.retry_at - now > options_.max_budget_wait) {
      XeroError error = Refuse(StatusCode::kResourceExhausted, XeroErrorReason::kRateLimited,
                               "the organisation's " + std::string(LimitName(refusal.limit)) +
                                   " limit is spent: " + DescribePause(refusal.retry_at, now));
      error.rate_limit = ProblemOf(refusal.limit);
      error.retry_after = std::chrono::ceil<std::chrono::seconds>(refusal.retry_at - now);
      return error;
    }
    waiter_.WaitUntil(refusal.retry_at);
  }
}

void XeroClient::Backoff(int attempt) {
  const Duration pause = options_.retry_backoff * (int64_t{1} << std::min(attempt, 16));
  waiter_.WaitUntil(budget_.clock().Now() + pause);
}

XeroClient::Exchange XeroClient::Call(const CallTarget& target, HttpRequest request,
                                      std::optional<Permit> permit) {
  SetHeader(request.headers, "xero-tenant-id", target.tenant.value());
  bool refreshed = false;
  int rate_limit_tries = 0;
  int read_tries = 0;
  while (true) {
    if (!permit) {
      std::variant<Permit, XeroError> admitted = Admit(target);
      if (XeroError* refused = std::get_if<XeroError>(&admitted)) {
        return {std::move(*refused), std::nullopt};
      }
      permit.emplace(std::move(std::get<Permit>(admitted)));
    }
    Result<std::string> token = tokens_.AccessToken(target.connection_id);
    if (!token.ok()) {
      permit->Release();
      const StatusCode code = token.status().code();
      return {Refuse(code,
                     code == StatusCode::kFailedPrecondition ? XeroErrorReason::kNotConnected
                                                             : XeroErrorReason::kNotSent,
                     token.status().message()),
              std::nullopt};
    }
    SetHeader(request.headers, "Authorization", "Bearer " + *token);

    ++counters_.sent;
    TransportResult sent = transport_.Send(request);
    if (const auto* failure = std::get_if<TransportError>(&sent)) {
      permit->Release();
      permit.reset();
      XeroError error = ClassifyTransportError(*failure);
      // A write is sent again only when it certainly never left: kNotSent.
      const bool again = IsRead(request.method) ? error.MaySendAgain(request.method)
                                                : error.reason == XeroErrorReason::kNotSent;
      if (again && read_tries < options_.read_retries) {
        Backoff(read_tries++);
        ++counters_.read_retries;
        continue;
      }
      return {std::move(error), std::nullopt};
    }

    HttpResponse& response = std::get<HttpResponse>(sent);
    ++counters_.answered;
    permit->Finish(LimitReport::Of(response));
    permit.reset();
    std::optional<XeroError> error = ClassifyResponse(response);
    if (!error) return {std::move(response), std::nullopt};

    switch (error->reason) {
      case XeroErrorReason::kTokenExpired:
      case XeroErrorReason::kUnauthenticated:
        if (!refreshed) {
          refreshed = true;
          Result<std::string> renewed = tokens_.OnTokenExpired(target.connection_id, *token);
          if (!renewed.ok()) {
            const StatusCode code = renewed.status().code();
            return {Refuse(code,
                           code == StatusCode::kFailedPrecondition ? XeroErrorReason::kNotConnected
                                                                   : XeroErrorReason::kNotSent,
                           renewed.status().message()),
                    std::move(response)};
          }
          ++counters_.token_retries;
          continue;
        }
        break;
      case XeroErrorReason::kMissingScope:
      case XeroErrorReason::kRevoked:
        // The connection's state changes for the console; the error goes back as it is. A failure
        // to record it is not this call's failure.
        (void)tokens_.OnAuthFailure(target.connection_id, target.tenant.value(), response.status,
                                    response.body);
        break;
      case XeroErrorReason::kRateLimited:
        ++counters_.rate_limited;
        // The budget now holds the 429's pause (Finish above): Admit waits it out. A day 429
        // parks the organisation for hours: that goes back to the caller at once.
        if (error->rate_limit != RateLimitProblem::kDay &&
            rate_limit_tries < options_.rate_limit_retries) {
          ++rate_limit_tries;
          ++counters_.rate_limit_retries;
          continue;
        }
        break;
      case XeroErrorReason::kServerError:
      case XeroErrorReason::kUnavailable:
      case XeroErrorReason::kOrganisationOffline:
        if (IsRead(request.method) && read_tries < options_.read_retries) {
          Backoff(read_tries++);
          ++counters_.read_retries;
          continue;
        }
        break;
      default:
        break;
    }
    return {std::move(*error), std::move(response)};
  }
}

XeroClientStats XeroClient::stats() const {
  return XeroClientStats{counters_.sent.load(),
                         counters_.answered.load(),
                         counters_.rate_limited.load(),
                         counters_.token_retries.load(),
                         counters_.rate_limit_retries.load(),
                         counters_.read_retries.load(),
                         counters_.refused.load()};
}

TransportResult ConnectedTransport::Send(const HttpRequest& request) {
  XeroClient::Exchange exchange = client_->Call(target_, request, std::nullopt);
  if (exchange.answer) return std::move(*exchange.answer);
  if (auto* response = std::get_if<HttpResponse>(&exchange.result)) return std::move(*response);
  const XeroError& error = std::get<XeroError>(exchange.result);
  TransportError failure;
  failure.failure = error.ambiguous ? TransportFailure::kAmbiguous : TransportFailure::kNotSent;
  failure.message = error.transport_message.empty() ? error.Summary() : error.transport_message;
  failure.code = error.ambiguous ? StatusCode::kUnavailable : error.code;
  return failure;
}

}  // namespace xerosync::xero
