#pragma once
// The xero-emulator binary's --state FILE: the organisations, and the identity service's grants
// and tokens, kept across restarts (docs/emulator.md, "--state FILE"). The file holds
// StateFileToJson's form (state_json.h: {"version":1,"organisations":[...]}) plus, when saved with
// an identity, "identity": Identity::ExportState's form.
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

#include "core/json.h"
#include "core/result.h"
#include "emulator/identity.h"
#include "emulator/organisation.h"

namespace xerosync::emulator {

struct SavedState {
  std::vector<OrgState> organisations;
  Json identity;  // Identity::ExportState's form; null when there is none
};

// The content of `path`; nullopt when there is no such file. kInvalidArgument naming the file and
// the problem when it is not a valid state file; kUnavailable when it cannot be read. (The identity
// member is checked by Identity::ImportState.)
Result<std::optional<SavedState>> LoadStateFile(const std::string& path);

// Writes `state` to `path` atomically (above). On failure `path` is left as it was.
Status SaveStateFile(const std::string& path, const SavedState& state);

// Saves an Organisations (and an Identity's grants and tokens) to its file when they have changed
// since the last save. The binary calls SaveIfChanged once a second and Save on shutdown; a test
// calls them directly.
class StateSaver {
 public:
  // `identity` may be null (organisations only). REQUIRES: both outlive this object.
  StateSaver(std::string path, const Organisations& organisations,
             const Identity* identity = nullptr);

  // Saves when the organisations may have changed since the last successful save (or nothing has
  // been saved yet). Returns whether it saved, or the save's error (to be retried next time).
  Result<bool> SaveIfChanged();
  // Saves now, changed or not.
  Status Save();

 private:
  std::string path_;
  const Organisations& organisations_;
  const Identity* identity_;
  std::optional<uint64_t> saved_generation_;
  std::string saved_identity_;  // the identity's serialized form at the last save
};

}  // namespace xerosync::emulator
