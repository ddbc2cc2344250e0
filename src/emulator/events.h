#pragma once
// A change to an organisation's contacts, invoices or credit notes, as the writers report it to the
// webhook publisher (FACTS.md §6: CREATE or UPDATE; archiving is an UPDATE; there is no DELETE).
//
// Thread safety: values. A ChangeListener may be called from any request thread.

#include <functional>
#include <string>

#include "core/clock.h"
#include "core/json.h"

namespace xerosync::emulator {

struct ChangeEvent {
  std::string tenant_id;
  std::string category;  // CONTACT, INVOICE or CREDITNOTE
  std::string type;      // CREATE or UPDATE
  std::string resource_id;
  TimePoint at;
  // CREDITNOTE events' {"Type":…,"Status":…}; null for the others.
  Json data;
};

using ChangeListener = std::function<void(const ChangeEvent&)>;

}  // namespace xerosync::emulator
