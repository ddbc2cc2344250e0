// The SQLite Store's installation settings and webhook outbox (store/outbox.h): the events the
// transitions append (AppendEventLocked, called inside their transactions) and the deliverer's
// reads and marks.
#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>

#include "core/json.h"
#include "store/sqlite_store_impl.h"

namespace xerosync::store::sqlite {
namespace {

constexpr const char* kSelectSetting = "SELECT value FROM installation_settings WHERE name = ?1";
constexpr const char* kPutSetting = R"sql(
INSERT INTO installation_settings (name, value) VALUES (?1, ?2)
ON CONFLICT (name) DO UPDATE SET value = excluded.value)sql";
constexpr const char* kDeleteSetting = "DELETE FROM installation_settings WHERE name = ?1";

constexpr const char* kInsertEvent = R"sql(
INSERT INTO outbox_events (tenant, type, data, created_at, next_attempt_at)
VALUES (?1, ?2, ?3, ?4, ?4))sql";
constexpr const char* kEventColumns = R"sql(
SELECT id, tenant, type, data, created_at, state, attempts, next_attempt_at, last_error,
       delivered_at
FROM outbox_events)sql";
constexpr const char* kSelectEventState = "SELECT state FROM outbox_events WHERE id = ?1";
constexpr const char* kMarkDelivered = R"sql(
UPDATE outbox_events SET state = 'delivered', attempts = attempts + 1, delivered_at = ?2
WHERE id = ?1)sql";
constexpr const char* kMarkFailed = R"sql(
UPDATE outbox_events SET state = ?2, attempts = attempts + 1, last_error = ?3,
  next_attempt_at = COALESCE(?4, next_attempt_at)
WHERE id = ?1)sql";
constexpr const char* kRetryEvent = R"sql(
UPDATE outbox_events SET state = 'pending', attempts = 0, next_attempt_at = ?2 WHERE id = ?1)sql";
constexpr const char* kCountEvents = "SELECT state, COUNT(*) FROM outbox_events GROUP BY state";
constexpr const char* kPruneDelivered =
    "DELETE FROM outbox_events WHERE state = 'delivered' AND delivered_at < ?1";
constexpr const char* kSelectNotifiedPause = R"sql(
SELECT notified_pause_code, paused_reason IS NOT NULL FROM organisations WHERE tenant = ?1)sql";
constexpr const char* kSetNotifiedPause =
    "UPDATE organisations SET notified_pause_code = ?2 WHERE tenant = ?1";
constexpr const char* kSelectRunTenant = "SELECT tenant FROM sync_runs WHERE id = ?1";
constexpr const char* kSelectErrorWords = "SELECT code, message FROM sync_errors WHERE id = ?1";

Result<std::optional<std::string>> SettingLocked(SqliteDb& db, std::string_view name) {
  ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(kSelectSetting));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(name).Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(stmt.Text(0));
}

Result<OutboxEvent> ReadEventRow(const Stmt& stmt, std::string_view installation) {
  OutboxEvent event;
  event.id = stmt.Int(0);
  event.event_id = std::string(installation) + "-" + std::to_string(event.id);
  event.organisation = domain::TenantId(stmt.Text(1));
  event.type = stmt.Text(2);
  event.data = stmt.Text(3);
  event.created_at = stmt.Time(4);
  std::optional<EventState> state = ParseEventState(stmt.Text(5));
  if (!state) return DataLossError("event " + std::to_string(event.id) + " has a bad state");
  event.state = *state;
  event.attempts = static_cast<int>(stmt.Int(6));
  event.next_attempt_at = stmt.Time(7);
  event.last_error = stmt.Text(8);
  event.delivered_at = stmt.OptTime(9);
  return event;
}

// The events `sql` (kEventColumns and a WHERE / ORDER / LIMIT) selects with `bind`.
template <typename Bind>
Result<std::vector<OutboxEvent>> ReadEvents(SqliteDb& db, const std::string& sql, Bind bind) {
  ASSIGN_OR_RETURN(std::optional<std::string> installation,
                   SettingLocked(db, kInstallationIdSetting));
  ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(sql));
  bind(stmt);
  std::vector<OutboxEvent> events;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(OutboxEvent event, ReadEventRow(stmt, installation.value_or("local")));
    events.push_back(std::move(event));
  }
  return events;
}

Status RequirePending(SqliteDb& db, int64_t id, EventState wanted) {
  ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(kSelectEventState));
  ASSIGN_OR_RETURN(bool row, stmt.BindAll(id).Step());
  if (!row) return NotFoundError("no event " + std::to_string(id));
  if (stmt.Text(0) != EventStateName(wanted)) {
    return FailedPreconditionError("event " + std::to_string(id) + " is " + stmt.Text(0) +
                                   ", not " + std::string(EventStateName(wanted)));
  }
  return OkStatus();
}

}  // namespace

Status SqliteStore::AppendEventLocked(const domain::TenantId& tenant, std::string_view type,
                                      std::string_view data, TimePoint now) {
  ASSIGN_OR_RETURN(std::optional<std::string> url, SettingLocked(*db_, kWebhookUrlSetting));
  if (!url.has_value()) return OkStatus();
  // Paused by the user, or a type the host app did not choose: not recorded.
  ASSIGN_OR_RETURN(std::optional<std::string> enabled, SettingLocked(*db_, kWebhookEnabledSetting));
  if (enabled == "false") return OkStatus();
  ASSIGN_OR_RETURN(std::optional<std::string> types, SettingLocked(*db_, kWebhookEventsSetting));
  if (types.has_value() &&
      ("," + *types + ",").find("," + std::string(type) + ",") == std::string::npos) {
    return OkStatus();
  }
  ASSIGN_OR_RETURN(Stmt insert, db_->Prepare(kInsertEvent));
  return insert.BindAll(tenant.value(), type, data, now).Run();
}

Status SqliteStore::DocumentEventLocked(std::string_view type, const domain::TenantId& tenant,
                                        const DocumentKey& key, int64_t version,
                                        std::string_view xero_id, std::optional<int64_t> error_id,
                                        TimePoint now) {
  Json document = Json::MakeObject({{"kind", Json::String(std::string(DocumentKindName(key.kind)))},
                                    {"host_id", Json::String(key.host_id)},
                                    {"version", Json::Integer(version)}});
  Json::Object data = {{"document", std::move(document)}};
  if (!xero_id.empty()) data.emplace_back("xero_id", Json::String(std::string(xero_id)));
  if (error_id.has_value()) {
    ASSIGN_OR_RETURN(Stmt words, db_->Prepare(kSelectErrorWords));
    ASSIGN_OR_RETURN(bool found, words.BindAll(*error_id).Step());
    if (!found) return NotFoundError("no sync error " + std::to_string(*error_id));
    data.emplace_back("error", Json::MakeObject({{"id", Json::Integer(*error_id)},
                                                 {"code", Json::String(words.Text(0))},
                                                 {"message", Json::String(words.Text(1))}}));
  }
  return AppendEventLocked(tenant, type, Json::MakeObject(std::move(data)).Serialize(), now);
}

Status SqliteStore::ConnectionEventLocked(const domain::TenantId& tenant, bool paused,
                                          std::string_view code, std::string_view reason,
                                          std::optional<TimePoint> until, TimePoint now) {
  Json::Object data = {{"status", Json::String(paused ? "paused" : "resumed")},
                       {"code", Json::String(std::string(code))}};
  if (paused) {
    data.emplace_back("reason", Json::String(std::string(reason)));
    data.emplace_back(
        "until", until.has_value() ? Json::String(FormatRfc3339Seconds(*until)) : Json::Null());
  }
  return AppendEventLocked(tenant, kConnectionChanged,
                           Json::MakeObject(std::move(data)).Serialize(), now);
}

Status SqliteStore::PauseEventLocked(const domain::TenantId& tenant, std::string_view code,
                                     std::string_view reason, std::optional<TimePoint> until,
                                     TimePoint now) {
  ASSIGN_OR_RETURN(Stmt select, db_->Prepare(kSelectNotifiedPause));
  ASSIGN_OR_RETURN(bool row, select.BindAll(tenant.value()).Step());
  if (row && select.OptText(0) == std::optional<std::string>(code)) return OkStatus();
  ASSIGN_OR_RETURN(Stmt set, db_->Prepare(kSetNotifiedPause));
  RETURN_IF_ERROR(set.BindAll(tenant.value(), code).Run());
  return ConnectionEventLocked(tenant, true, code, reason, until, now);
}

Status SqliteStore::ConfirmResumedLocked(const domain::TenantId& tenant, TimePoint now) {
  ASSIGN_OR_RETURN(Stmt select, db_->Prepare(kSelectNotifiedPause));
  ASSIGN_OR_RETURN(bool row, select.BindAll(tenant.value()).Step());
  if (!row || select.Bool(1)) return OkStatus();  // still paused
  const std::optional<std::string> notified = select.OptText(0);
  if (!notified.has_value()) return OkStatus();  // the host knows of no pause
  ASSIGN_OR_RETURN(Stmt clear, db_->Prepare(kSetNotifiedPause));
  RETURN_IF_ERROR(clear.BindAll(tenant.value(), std::nullopt).Run());
  return ConnectionEventLocked(tenant, false, *notified, "", std::nullopt, now);
}

Status SqliteStore::ConfirmRunResumedLocked(int64_t run_id, TimePoint now) {
  ASSIGN_OR_RETURN(Stmt select, db_->Prepare(kSelectRunTenant));
  ASSIGN_OR_RETURN(bool row, select.BindAll(run_id).Step());
  if (!row) return OkStatus();
  return ConfirmResumedLocked(domain::TenantId(select.Text(0)), now);
}

Status SqliteStore::PutInstallationSetting(std::string_view name, std::string_view value) {
  if (name.empty()) return InvalidArgumentError("a setting needs a name");
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    if (value.empty()) {
      ASSIGN_OR_RETURN(Stmt remove, db_->Prepare(kDeleteSetting));
      return remove.BindAll(name).Run();
    }
    ASSIGN_OR_RETURN(Stmt put, db_->Prepare(kPutSetting));
    return put.BindAll(name, value).Run();
  });
}

Result<std::optional<std::string>> SqliteStore::GetInstallationSetting(std::string_view name) {
  std::lock_guard lock(mu_);
  return db_->Read([&]() { return SettingLocked(*db_, name); });
}

Result<std::vector<OutboxEvent>> SqliteStore::DueEvents(TimePoint now, int limit) {
  std::lock_guard lock(mu_);
  return db_->Read([&]() {
    return ReadEvents(*db_,
                      std::string(kEventColumns) +
                          " WHERE state = 'pending' AND next_attempt_at <= ?1 ORDER BY id LIMIT ?2",
                      [&](Stmt& stmt) { stmt.BindAll(now, limit); });
  });
}

Result<std::vector<OutboxEvent>> SqliteStore::ListEvents(const EventQuery& query) {
  std::lock_guard lock(mu_);
  return db_->Read([&]() {
    std::optional<std::string> state;
    if (query.state) state = std::string(EventStateName(*query.state));
    return ReadEvents(*db_,
                      std::string(kEventColumns) +
                          " WHERE id > ?1 AND (?2 IS NULL OR state = ?2) ORDER BY id LIMIT ?3",
                      [&](Stmt& stmt) { stmt.BindAll(query.after_id, state, query.limit); });
  });
}

Status SqliteStore::MarkEventDelivered(int64_t id, TimePoint now) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    RETURN_IF_ERROR(RequirePending(*db_, id, EventState::kPending));
    ASSIGN_OR_RETURN(Stmt mark, db_->Prepare(kMarkDelivered));
    return mark.BindAll(id, now).Run();
  });
}

Status SqliteStore::MarkEventFailed(int64_t id, std::string_view error,
                                    std::optional<TimePoint> retry_at) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    RETURN_IF_ERROR(RequirePending(*db_, id, EventState::kPending));
    const EventState next = retry_at.has_value() ? EventState::kPending : EventState::kFailed;
    ASSIGN_OR_RETURN(Stmt mark, db_->Prepare(kMarkFailed));
    return mark.BindAll(id, EventStateName(next), error, retry_at).Run();
  });
}

Status SqliteStore::RetryEvent(int64_t id, TimePoint now) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Status {
    RETURN_IF_ERROR(RequirePending(*db_, id, EventState::kFailed));
    ASSIGN_OR_RETURN(Stmt retry, db_->Prepare(kRetryEvent));
    return retry.BindAll(id, now).Run();
  });
}

Result<std::array<int64_t, kEventStateCount>> SqliteStore::CountEventsByState() {
  std::lock_guard lock(mu_);
  return db_->Read([&]() -> Result<std::array<int64_t, kEventStateCount>> {
    std::array<int64_t, kEventStateCount> counts{};
    ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(kCountEvents));
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      std::optional<EventState> state = ParseEventState(stmt.Text(0));
      if (!state) return DataLossError("an event has the bad state " + stmt.Text(0));
      counts[static_cast<std::size_t>(*state)] = stmt.Int(1);
    }
    return counts;
  });
}

Result<int64_t> SqliteStore::PruneDeliveredEvents(TimePoint before) {
  std::lock_guard lock(mu_);
  return db_->Write([&]() -> Result<int64_t> {
    ASSIGN_OR_RETURN(Stmt prune, db_->Prepare(kPruneDelivered));
    RETURN_IF_ERROR(prune.BindAll(before).Run());
    return db_->Changes();
  });
}

}  // namespace xerosync::store::sqlite
