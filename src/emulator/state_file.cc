#include "emulator/state_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "core/json.h"
#include "emulator/state_json.h"

namespace xerosync::emulator {
namespace {

Status SystemError(const std::string& what, const std::string& path) {
  return UnavailableError(what + " " + path + ": " + std::strerror(errno));
}

// Writes all of `data` to `fd`.
bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Flushes the directory holding `path`, so that a rename in it survives a crash.
void SyncDirectory(const std::string& path) {
  std::string directory = std::filesystem::path(path).parent_path().string();
  if (directory.empty()) directory = ".";
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the rename itself has happened
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

Result<std::optional<SavedState>> LoadStateFile(const std::string& path) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    return std::optional<SavedState>();
  }
  if (error) return UnavailableError("cannot read state file " + path + ": " + error.message());
  if (status.type() != std::filesystem::file_type::regular) {
    return UnavailableError("cannot read state file " + path + ": not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return SystemError("cannot read state file", path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return SystemError("cannot read state file", path);
  Result<Json> json = Json::Parse(text.str());
  if (!json.ok()) {
    return InvalidArgumentError("state file " + path + " is not JSON: " + json.status().message());
  }
  SavedState saved;
  if (json->is_object()) {  // the identity is Identity::ImportState's to check
    std::erase_if(json->AsObject(), [&](Json::Member& member) {
      if (member.first != "identity") return false;
      saved.identity = std::move(member.second);
      return true;
    });
  }
  Result<std::vector<OrgState>> states = StateFileFromJson(*json);
  if (!states.ok()) {
    return InvalidArgumentError("state file " + path + " is invalid: " + states.status().message());
  }
  saved.organisations = std::move(*states);
  return std::optional<SavedState>(std::move(saved));
}

Status SaveStateFile(const std::string& path, const SavedState& state) {
  Json json = StateFileToJson(state.organisations);
  if (!state.identity.is_null()) json.Set("identity", state.identity);
  const std::string text = json.SerializePretty() + "\n";
  const std::string temp = path + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return SystemError("cannot create", temp);
  if (!WriteAll(fd, text) || ::fsync(fd) != 0) {
    Status failed = SystemError("cannot write", temp);
    ::close(fd);
    ::unlink(temp.c_str());
    return failed;
  }
  if (::close(fd) != 0) {
    Status failed = SystemError("cannot write", temp);
    ::unlink(temp.c_str());
    return failed;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    Status failed = SystemError("cannot rename " + temp + " to", path);
    ::unlink(temp.c_str());
    return failed;
  }
  SyncDirectory(path);
  return OkStatus();
}

StateSaver::StateSaver(std::string path, const Organisations& organisations,
                       const Identity* identity)
    : path_(std::move(path)), organisations_(organisations), identity_(identity) {}

Result<bool> StateSaver::SaveIfChanged() {
  // The identity has no change counter: its exported form (a few grants and tokens) is compared.
  const bool identity_changed =
      identity_ != nullptr && identity_->ExportState().Serialize() != saved_identity_;
  if (saved_generation_ && *saved_generation_ == organisations_.generation() && !identity_changed) {
    return false;
  }
  RETURN_IF_ERROR(Save());
  return true;
}

Status StateSaver::Save() {
  // The generation is read before the snapshot: a write landing in between is then saved again
  // next time rather than missed.
  const uint64_t generation = organisations_.generation();
  SavedState state{organisations_.Snapshot(), Json()};
  if (identity_ != nullptr) state.identity = identity_->ExportState();
  RETURN_IF_ERROR(SaveStateFile(path_, state));
  saved_generation_ = generation;
  saved_identity_ = state.identity.is_null() ? "" : state.identity.Serialize();
  return OkStatus();
}

}  // namespace xerosync::emulator
