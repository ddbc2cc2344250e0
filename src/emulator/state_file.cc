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

Result<std::optional<std::vector<OrgState>>> LoadStateFile(const std::string& path) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    return std::optional<std::vector<OrgState>>();
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
  Result<std::vector<OrgState>> states = StateFileFromJson(*json);
  if (!states.ok()) {
    return InvalidArgumentError("state file " + path + " is invalid: " + states.status().message());
  }
  return std::optional<std::vector<OrgState>>(std::move(*states));
}

Status SaveStateFile(const std::string& path, const std::vector<OrgState>& states) {
  const std::string text = StateFileToJson(states).SerializePretty() + "\n";
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

StateSaver::StateSaver(std::string path, const Organisations& organisations)
    : path_(std::move(path)), organisations_(organisations) {}

Result<bool> StateSaver::SaveIfChanged() {
  if (saved_generation_ && *saved_generation_ == organisations_.generation()) return false;
  RETURN_IF_ERROR(Save());
  return true;
}

Status StateSaver::Save() {
  // The generation is read before the snapshot: a write landing in between is then saved again
  // next time rather than missed.
  const uint64_t generation = organisations_.generation();
  RETURN_IF_ERROR(SaveStateFile(path_, organisations_.Snapshot()));
  saved_generation_ = generation;
  return OkStatus();
}

}  // namespace xerosync::emulator
