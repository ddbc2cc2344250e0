#include "xero/faulty_transport.h"

#include <limits>
#include <string_view>
#include <thread>
#include <utility>

namespace xerosync::xero {
namespace {

// "https://host:1/a/b?x=1" -> "/a/b".
std::string_view PathOf(std::string_view url) {
  if (const std::size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    const std::size_t path = url.find('/', scheme + 3);
    url = path == std::string_view::npos ? std::string_view("/") : url.substr(path);
  }
  return url.substr(0, url.find_first_of("?#"));
}

bool Matches(const FaultMatch& match, const HttpRequest& request) {
  if (!match.method.empty() && match.method != request.method) return false;
  if (match.path.empty()) return true;
  const std::string_view path = PathOf(request.url);
  std::string_view prefix = match.path;
  if (prefix.size() > 1 && prefix.back() == '/') prefix.remove_suffix(1);
  if (!path.starts_with(prefix)) return false;
  return path.size() == prefix.size() || prefix == "/" || path[prefix.size()] == '/';
}

bool SameMatch(const FaultMatch& a, const FaultMatch& b) {
  return a.method == b.method && a.path == b.path;
}

// True with probability numerator/denominator exactly: a uniform draw in [0, denominator) by
// rejection (no modulo bias), compared with the numerator.
bool Draw(std::mt19937_64& generator, const FaultProbability& p) {
  if (p.numerator >= p.denominator) return true;
  if (p.numerator == 0) return false;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  const uint64_t limit = kMax - (kMax % p.denominator);  // draws >= limit would be biased
  uint64_t x = 0;
  do {
    x = generator();
  } while (x >= limit);
  return x % p.denominator < p.numerator;
}

}  // namespace

Fault Fault::Status(int status, std::string body, HeaderList headers) {
  if (body.empty() && status == 503) body = "The Xero API is temporarily unavailable";
  HttpResponse probe;
  probe.headers = headers;
  if (!probe.Header("Content-Type"))
    headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  return {Kind::kStatus, std::chrono::milliseconds(0), status, std::move(headers), std::move(body)};
}

FaultyTransport::FaultyTransport(Transport& inner, FaultyTransportOptions options)
    : inner_(inner), sleeper_(std::move(options.sleeper)), generator_(options.seed) {
  if (!sleeper_) sleeper_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

void FaultyTransport::Plan(const FaultMatch& match, std::vector<Fault> outcomes) {
  std::lock_guard lock(mu_);
  for (Script& script : scripts_) {
    if (SameMatch(script.match, match)) {
      for (Fault& f : outcomes) script.outcomes.push_back(std::move(f));
      return;
    }
  }
  scripts_.push_back({match, std::deque<Fault>(std::make_move_iterator(outcomes.begin()),
                                               std::make_move_iterator(outcomes.end()))});
}

void FaultyTransport::AddRandom(const FaultMatch& match, Fault fault,
                                FaultProbability probability) {
  std::lock_guard lock(mu_);
  randoms_.push_back({match, std::move(fault), probability});
}

void FaultyTransport::Clear() {
  std::lock_guard lock(mu_);
  scripts_.clear();
  randoms_.clear();
}

FaultyTransport::Counts FaultyTransport::counts() const {
  std::lock_guard lock(mu_);
  return counts_;
}

std::optional<Fault> FaultyTransport::Choose(const HttpRequest& request) {
  std::lock_guard lock(mu_);
  for (Script& script : scripts_) {
    if (!script.outcomes.empty() && Matches(script.match, request)) {
      Fault fault = std::move(script.outcomes.front());
      script.outcomes.pop_front();
      return fault;
    }
  }
  for (const Random& rule : randoms_) {
    if (Matches(rule.match, request) && Draw(generator_, rule.probability)) return rule.fault;
  }
  return std::nullopt;
}

TransportResult FaultyTransport::Send(const HttpRequest& request) {
  const std::optional<Fault> fault = Choose(request);
  auto count = [this](int64_t Counts::*field) {
    std::lock_guard lock(mu_);
    ++(counts_.*field);
  };
  if (!fault) {
    count(&Counts::passed);
    return inner_.Send(request);
  }
  if (fault->delay.count() > 0) {
    count(&Counts::delayed);
    sleeper_(fault->delay);
  }
  switch (fault->kind) {
    case Fault::Kind::kNotSent:
      count(&Counts::not_sent);
      return TransportError{TransportFailure::kNotSent, "injected: not sent"};
    case Fault::Kind::kAmbiguous: {
      count(&Counts::ambiguous);
      const TransportResult thrown_away = inner_.Send(request);
      (void)thrown_away;
      return TransportError{TransportFailure::kAmbiguous, "injected: sent, answer lost"};
    }
    case Fault::Kind::kStatus: {
      count(&Counts::status);
      return HttpResponse{fault->status, fault->headers, fault->body};
    }
    case Fault::Kind::kLatency:
      count(&Counts::passed);
      return inner_.Send(request);
  }
  return inner_.Send(request);
}

}  // namespace xerosync::xero
