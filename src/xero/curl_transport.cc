#include "xero/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <utility>
#include <vector>

#include "core/text.h"

// CURLOPT_PROTOCOLS_STR and the CURLcodes below need libcurl 7.85 or later (Debian 12 has 7.88).
static_assert(LIBCURL_VERSION_NUM >= 0x075500, "libcurl 7.85 or later is required");

namespace xerosync::xero {
namespace {

// Whether a request that failed with `code` may have reached the server (docs/client.md
// has this table with the reasons). kNotSent only where libcurl cannot have written a byte of the
// request: it fails before connecting, while connecting, or in the TLS handshake, which comes
// before the request. A timeout is kNotSent only when it fired before the transfer started.
// Everything else, including codes not listed, is kAmbiguous: never risk a duplicate.
TransportFailure FailureFor(CURLcode code, bool transfer_started) {
  switch (code) {
    // Refused before connecting: the URL or the options.
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_FAILED_INIT:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
    case CURLE_SETOPT_OPTION_SYNTAX:
    case CURLE_INTERFACE_FAILED:
    // No connection: name resolution, a refused or unreachable address, a proxy handshake.
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_PROXY:
    // The TLS handshake failed or the peer was not trusted.
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
      return TransportFailure::kNotSent;
    case CURLE_OPERATION_TIMEDOUT:
      return transfer_started ? TransportFailure::kAmbiguous : TransportFailure::kNotSent;
    // CURLE_SEND_ERROR, CURLE_RECV_ERROR (reset), CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE,
    // CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_WRITE_ERROR,
    // CURLE_FILESIZE_EXCEEDED, CURLE_BAD_CONTENT_ENCODING, CURLE_SEND_FAIL_REWIND,
    // CURLE_OUT_OF_MEMORY, CURLE_ABORTED_BY_CALLBACK, and anything else.
    default:
      return TransportFailure::kAmbiguous;
  }
}

void InitCurlOnce() {
  static std::once_flag once;
  // Never cleaned up: libcurl's global state lives as long as the process.
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool IsSafeMethod(std::string_view method) { return method == "GET" || method == "HEAD"; }

bool HasLineBreak(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

// The URL without its query, for messages (a query may carry ids, never secrets, but keep it
// short).
std::string UrlForMessage(std::string_view url) {
  return std::string(url.substr(0, url.find('?')));
}

struct Exchange {
  HttpResponse response;
  std::size_t max_bytes = 0;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const size_t bytes = size * count;
  if (exchange->response.body.size() + bytes > exchange->max_bytes) return 0;  // CURLE_WRITE_ERROR
  exchange->response.body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  internal::AddHeaderLine(std::string_view(data, size * count),
                          static_cast<Exchange*>(user)->response.headers);
  return size * count;
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// Adds `line` to `list`; false when libcurl could not allocate.
bool Append(Slist& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown == nullptr) return false;
  (void)list.release();
  list.reset(grown);
  return true;
}

}  // namespace

namespace internal {

void AddHeaderLine(std::string_view line, HeaderList& headers) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    headers.clear();  // a new answer begins (after 100 Continue); keep only the final one's
    return;
  }
  const std::size_t colon = line.find(':');
  if (line.empty() || colon == std::string_view::npos || colon == 0) return;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
}

}  // namespace internal

struct CurlTransport::State {
  CurlTransportOptions options;
  bool http2_available = false;
  CURLSH* share = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks;
  std::mutex pool_mu;
  std::vector<CURL*> idle;  // guarded by pool_mu
  std::atomic<int64_t> connections{0};

  ~State() {
    for (CURL* easy : idle) curl_easy_cleanup(easy);
    if (share != nullptr) curl_share_cleanup(share);
  }

  CURL* Acquire() {
    {
      std::lock_guard lock(pool_mu);
      if (!idle.empty()) {
        CURL* easy = idle.back();
        idle.pop_back();
        return easy;
      }
    }
    return curl_easy_init();
  }

  void Release(CURL* easy) {
    {
      std::lock_guard lock(pool_mu);
      if (idle.size() < options.max_idle_handles) {
        idle.push_back(easy);
        return;
      }
    }
    curl_easy_cleanup(easy);
  }
};

namespace {

void LockShare(CURL* /*easy*/, curl_lock_data data, curl_lock_access /*access*/, void* user) {
  static_cast<std::array<std::mutex, CURL_LOCK_DATA_LAST>*>(user)->at(data).lock();
}
void UnlockShare(CURL* /*easy*/, curl_lock_data data, void* user) {
  static_cast<std::array<std::mutex, CURL_LOCK_DATA_LAST>*>(user)->at(data).unlock();
}

}  // namespace

std::unique_ptr<CurlTransport> CurlTransport::Create(CurlTransportOptions options) {
  InitCurlOnce();
  auto state = std::make_unique<State>();
  state->options = std::move(options);
  const curl_version_info_data* version = curl_version_info(CURLVERSION_NOW);
  state->http2_available = version != nullptr && (version->features & CURL_VERSION_HTTP2) != 0;
  state->share = curl_share_init();
  if (state->share != nullptr) {
    curl_share_setopt(state->share, CURLSHOPT_LOCKFUNC, LockShare);
    curl_share_setopt(state->share, CURLSHOPT_UNLOCKFUNC, UnlockShare);
    curl_share_setopt(state->share, CURLSHOPT_USERDATA, &state->share_locks);
    curl_share_setopt(state->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(state->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
  return std::unique_ptr<CurlTransport>(new CurlTransport(std::move(state)));
}

CurlTransport::CurlTransport(std::unique_ptr<State> state) : state_(std::move(state)) {}
CurlTransport::~CurlTransport() = default;

int64_t CurlTransport::connections_opened() const { return state_->connections.load(); }

TransportResult CurlTransport::Send(const HttpRequest& request) {
  const CurlTransportOptions& options = state_->options;
  const std::string what = request.method + " " + UrlForMessage(request.url);
  if (request.method.empty() || HasLineBreak(request.method) || HasLineBreak(request.url)) {
    return TransportError{TransportFailure::kNotSent, "bad request line: " + what};
  }

  Slist headers;
  bool has_content_type = false;
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || HasLineBreak(name) || HasLineBreak(value) ||
        name.find(':') != std::string::npos) {
      return TransportError{TransportFailure::kNotSent, "bad header '" + name + "': " + what};
    }
    has_content_type = has_content_type || EqualsIgnoringCase(name, "Content-Type");
    // "Name;" is libcurl's way to send a header with an empty value.
    if (!Append(headers, value.empty() ? name + ";" : name + ": " + value)) {
      return TransportError{TransportFailure::kNotSent, "out of memory: " + what};
    }
  }
  // No "Expect: 100-continue" wait before a large body; no form Content-Type by default.
  bool appended = Append(headers, "Expect:");
  if (!request.body.empty() && !has_content_type) {
    appended = appended && Append(headers, "Content-Type:");
  }
  if (!appended) return TransportError{TransportFailure::kNotSent, "out of memory: " + what};

  CURL* easy = state_->Acquire();
  if (easy == nullptr) return TransportError{TransportFailure::kNotSent, "curl_easy_init failed"};
  struct Returner {
    State* state;
    CURL* easy;
    ~Returner() { state->Release(easy); }
  } returner{state_.get(), easy};
  curl_easy_reset(easy);  // keeps the handle's live connections

  Exchange exchange;
  exchange.max_bytes = options.max_response_bytes;
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  const long timeout_ms = std::max<long>(1, static_cast<long>(request.timeout.count()));
  const long connect_ms =
      std::min<long>(timeout_ms, static_cast<long>(options.connect_timeout.count()));

  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options.ca_file.c_str());
  if (options.http2 && state_->http2_available) {
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  }
  if (options.accept_compressed) curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(options.max_response_bytes));
  if (state_->share != nullptr) curl_easy_setopt(easy, CURLOPT_SHARE, state_->share);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer.data());
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());

  if (request.method == "GET") {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  } else {
    if (request.method == "POST") {
      curl_easy_setopt(easy, CURLOPT_POST, 1L);
    } else {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    }
  }
  // A write never goes out on a reused connection, where libcurl would resend it unasked if the
  // connection answered nothing (see the header).
  if (!IsSafeMethod(request.method)) curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);

  const CURLcode code = curl_easy_perform(easy);

  long connects = 0;
  if (curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK) {
    state_->connections += connects;
  }
  if (code != CURLE_OK) {
    curl_off_t pretransfer_us = 0;
    long request_bytes = 0;
    curl_easy_getinfo(easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
    curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_bytes);
    const bool started = pretransfer_us > 0 || request_bytes > 0;
    std::string message = what + ": " + curl_easy_strerror(code);
    if (error_buffer[0] != '\0') message += std::string(" (") + error_buffer.data() + ")";
    return TransportError{FailureFor(code, started), std::move(message)};
  }
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  exchange.response.status = static_cast<int>(status);
  return std::move(exchange.response);
}

}  // namespace xerosync::xero
