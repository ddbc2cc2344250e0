#include "xero/wire_writer.h"

#include "xero/wire_time.h"

namespace xerosync::xero {

void FieldWriter::String(std::string_view key, const std::optional<std::string>& value) {
  if (value) Set(key, Json::String(*value));
}

void FieldWriter::Amount(std::string_view key, const std::optional<Decimal>& value) {
  if (value) Set(key, Json::Number(*value));
}

void FieldWriter::Bool(std::string_view key, const std::optional<bool>& value) {
  if (value) Set(key, Json::Bool(*value));
}

void FieldWriter::Int(std::string_view key, const std::optional<int>& value) {
  if (value) Set(key, Json::Integer(*value));
}

void FieldWriter::Date(std::string_view key, const std::optional<domain::Date>& value) {
  if (value) Set(key, Json::String(value->ToString()));
}

void FieldWriter::Timestamp(std::string_view key, const std::optional<TimePoint>& value) {
  if (value) Set(key, Json::String(FormatMsDate(*value)));
}

}  // namespace xerosync::xero
