#pragma once
// The xero-emulator binary's --state FILE: the organisations kept across restarts
// (docs/emulator-control.md, "--state FILE"). The file holds StateFileToJson's form
// (state_json.h: {"version":1,"organisations":[...]}).
//
// Loading is all or nothing: a file that exists but cannot be read, or is not a valid state file,
// is an error, and the caller must not start (the binary exits with status 2), so an emulator never
// runs on half its data. Saving is atomic: the new content goes to "<FILE>.tmp", is flushed to
// disk, and is renamed over FILE, so FILE always holds either the previous or the new state, never
// a partial one, even if the process dies mid-save.
//
// Thread safety: LoadStateFile and SaveStateFile are free functions; one StateSaver must not be
// used from two threads at once (the binary calls it from its main thread only).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "emulator/organisation.h"

namespace xerosync::emulator {

// The organisations in `path`; nullopt when there is no such file. kInvalidArgument naming the file
// and the problem when it is not a valid state file; kUnavailable when it cannot be read.
Result<std::optional<std::vector<OrgState>>> LoadStateFile(const std::string& path);

// Writes `states` to `path` atomically (above). On failure `path` is left as it was.
Status SaveStateFile(const std::string& path, const std::vector<OrgState>& states);

// Saves an Organisations to its file when it has changed since the last save. The binary calls
// SaveIfChanged once a second and Save on shutdown; a test calls them directly.
class StateSaver {
 public:
  // REQUIRES: `organisations` outlives this object.
  StateSaver(std::string path, const Organisations& organisations);

  // Saves when the organisations may have changed since the last successful save (or nothing has
  // been saved yet). Returns whether it saved, or the save's error (to be retried next time).
  Result<bool> SaveIfChanged();
  // Saves now, changed or not.
  Status Save();

 private:
  std::string path_;
  const Organisations& organisations_;
  std::optional<uint64_t> saved_generation_;
};

}  // namespace xerosync::emulator
