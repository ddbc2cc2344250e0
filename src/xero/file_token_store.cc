// FileTokenStore (token_store.h): one encrypted file per connection, `<id>.tokens`, replaced
// atomically (write a temporary file, fsync, rename, fsync the directory); the refresh lock is an
// flock on `<id>.lock`, so threads (each Lock opens its own descriptor) and processes sharing the
// directory serialise.
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

#include "xero/token_cipher.h"
#include "xero/token_store.h"

namespace xerosync::xero {

namespace {

constexpr std::string_view kSuffix = ".tokens";
constexpr std::chrono::milliseconds kLockPause{5};

Status Errno(std::string_view what, const std::string& path) {
  return UnavailableError(std::string(what) + " " + path + ": " + std::strerror(errno));
}

class FileLock final : public TokenLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {}
  ~FileLock() override {
    flock(fd_, LOCK_UN);
    close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("cannot write", path);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return OkStatus();
}

class FileTokenStore final : public TokenStore {
 public:
  FileTokenStore(FileTokenStoreOptions options, const TokenCipher& cipher)
      : options_(std::move(options)), cipher_(cipher) {}

  Result<StoredTokens> Load(std::string_view connection_id) override {
    RETURN_IF_ERROR(ValidateConnectionId(connection_id));
    const std::string path = PathOf(connection_id, kSuffix);
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) {
        return NotFoundError("no tokens for connection " + std::string(connection_id));
      }
      return Errno("cannot open", path);
    }
    std::string sealed;
    char buffer[4096];
    for (;;) {
      const ssize_t n = read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        const Status s = Errno("cannot read", path);
        close(fd);
        return s;
      }
      if (n == 0) break;
      sealed.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);
    Result<std::string> plain = cipher_.Open(sealed);
    if (!plain.ok()) return plain.status().WithContext(path);
    Result<StoredTokens> tokens = ParseTokens(*plain);
    if (!tokens.ok()) return tokens.status().WithContext(path);
    return tokens;
  }

  Status Save(std::string_view connection_id, const StoredTokens& tokens) override {
    RETURN_IF_ERROR(ValidateConnectionId(connection_id));
    const std::string path = PathOf(connection_id, kSuffix);
    const std::string temp = options_.directory + "/." + std::string(connection_id) + ".tmp." +
                             std::to_string(getpid()) + "." + std::to_string(++temp_counter_);
    const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Errno("cannot create", temp);
    Status written = WriteAll(fd, cipher_.Seal(SerializeTokens(tokens)), temp);
    if (written.ok() && fsync(fd) != 0) written = Errno("cannot fsync", temp);
    close(fd);
    if (written.ok() && rename(temp.c_str(), path.c_str()) != 0) {
      written = Errno("cannot rename onto", path);
    }
    if (!written.ok()) {
      unlink(temp.c_str());
      return written;
    }
    return SyncDirectory();
  }

  Status Remove(std::string_view connection_id) override {
    RETURN_IF_ERROR(ValidateConnectionId(connection_id));
    const std::string path = PathOf(connection_id, kSuffix);
    if (unlink(path.c_str()) != 0 && errno != ENOENT) return Errno("cannot remove", path);
    return SyncDirectory();
  }

  Result<std::vector<std::string>> List() override {
    DIR* dir = opendir(options_.directory.c_str());
    if (dir == nullptr) return Errno("cannot list", options_.directory);
    std::vector<std::string> out;
    while (const dirent* entry = readdir(dir)) {
      const std::string_view name = entry->d_name;
      if (name.size() > kSuffix.size() && name.ends_with(kSuffix) && name.front() != '.') {
        out.emplace_back(name.substr(0, name.size() - kSuffix.size()));
      }
    }
    closedir(dir);
    std::ranges::sort(out);
    return out;
  }

  Result<std::unique_ptr<TokenLock>> Lock(std::string_view connection_id,
                                          std::chrono::milliseconds timeout) override {
    RETURN_IF_ERROR(ValidateConnectionId(connection_id));
    const std::string path = PathOf(connection_id, ".lock");
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return Errno("cannot open", path);
    // Polls rather than blocking so that the wait is bounded: at most timeout / kLockPause tries.
    for (int64_t tries = std::max<int64_t>(1, timeout / kLockPause) + 1;; --tries) {
      if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
        return std::unique_ptr<TokenLock>(std::make_unique<FileLock>(fd));
      }
      if (errno != EWOULDBLOCK && errno != EINTR) {
        const Status s = Errno("cannot lock", path);
        close(fd);
        return s;
      }
      if (tries <= 1) break;
      if (options_.pause) {
        options_.pause(kLockPause);
      } else {
        std::this_thread::sleep_for(kLockPause);
      }
    }
    close(fd);
    return DeadlineExceededError("the refresh lock of connection " + std::string(connection_id) +
                                 " stayed taken");
  }

 private:
  std::string PathOf(std::string_view connection_id, std::string_view suffix) const {
    return options_.directory + "/" + std::string(connection_id) + std::string(suffix);
  }

  Status SyncDirectory() const {
    const int fd = open(options_.directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Errno("cannot open", options_.directory);
    const int rc = fsync(fd);
    close(fd);
    if (rc != 0) return Errno("cannot fsync", options_.directory);
    return OkStatus();
  }

  const FileTokenStoreOptions options_;
  const TokenCipher& cipher_;
  std::atomic<int64_t> temp_counter_{0};
};

}  // namespace

Result<std::unique_ptr<TokenStore>> NewFileTokenStore(FileTokenStoreOptions options,
                                                      const TokenCipher& cipher) {
  if (options.directory.empty()) return InvalidArgumentError("token store: no directory given");
  if (mkdir(options.directory.c_str(), 0700) != 0 && errno != EEXIST) {
    return Errno("token store: cannot create", options.directory);
  }
  struct stat info {};
  if (stat(options.directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    return FailedPreconditionError("token store: " + options.directory + " is not a directory");
  }
  return std::unique_ptr<TokenStore>(std::make_unique<FileTokenStore>(std::move(options), cipher));
}

}  // namespace xerosync::xero
