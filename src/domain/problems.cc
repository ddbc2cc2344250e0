#include "domain/problems.h"

namespace xerosync::domain {

void Problems::Add(std::string_view field, std::string_view problem) {
  std::string message(field);
  if (!message.empty()) message += ' ';
  message += problem;
  messages_.push_back(std::move(message));
}

void Problems::MaxLength(std::string_view field, const std::string& value, std::size_t max) {
  if (value.size() > max) Add(field, "is longer than " + std::to_string(max) + " characters");
}

void Problems::MaxLength(std::string_view field, const std::optional<std::string>& value,
                         std::size_t max) {
  if (value) MaxLength(field, *value, max);
}

void Problems::Merge(std::string_view prefix, const Problems& nested) {
  for (const std::string& m : nested.messages_) {
    std::string message(prefix);
    if (!m.empty() && !message.empty()) {
      // A nested message starts with its field path ("Quantity ...", "[1].City ...") unless it was
      // added without a field, when it is the bare problem ("needs a Description ..."): Xero's
      // field names start with a capital letter and problems with a small one.
      const bool field_path = m.front() == '[' || (m.front() >= 'A' && m.front() <= 'Z');
      if (m.front() != '[') message += field_path ? '.' : ' ';
    }
    message += m;
    messages_.push_back(std::move(message));
  }
}

Status Problems::ToStatus() const {
  if (messages_.empty()) return OkStatus();
  std::string text = subject_ + ": ";
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    if (i > 0) text += "; ";
    text += messages_[i];
  }
  return InvalidArgumentError(std::move(text));
}

}  // namespace xerosync::domain
