// The xero-emulator binary's --state FILE, end to end: the real process is started, driven over
// loopback HTTP and stopped with SIGTERM (no sleeping: the test reads the process's output and
// waits for it to exit).
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "emulator/demo_data.h"
#include "emulator/emulator.h"
#include "emulator/state_file.h"
#include "http/test_client.h"

extern char** environ;

namespace xerosync::emulator {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

// A running xero-emulator with its standard output and error read through pipes.
class Process {
 public:
  explicit Process(const std::vector<std::string>& args) {
    int out[2];
    int err[2];
    if (::pipe(out) != 0 || ::pipe(err) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, err[0]);
    std::vector<std::string> argv_text = {XERO_EMULATOR_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    argv.reserve(argv_text.size() + 1);
    for (std::string& arg : argv_text) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err[1]);
    out_ = out[0];
    err_ = err[0];
  }
  ~Process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
    if (err_ >= 0) ::close(err_);
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // The next line of standard output (blocking), "" at end of file.
  std::string ReadLine() { return Read(out_, /*whole=*/false); }
  // All of standard error until the process closes it.
  std::string ReadErrors() { return Read(err_, /*whole=*/true); }
  // The port of the "listening on http://127.0.0.1:PORT" line.
  uint16_t Port() {
    const std::string line = ReadLine();
    const std::size_t colon = line.rfind(':', line.find(' ', line.find("http://") + 7));
    return static_cast<uint16_t>(std::strtoul(line.c_str() + colon + 1, nullptr, 10));
  }
  // Sends `signal` and waits for the exit status (-1 unless the process exited).
  int Stop(int signal = SIGTERM) {
    ::kill(pid_, signal);
    return Wait();
  }
  int Wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  static std::string Read(int fd, bool whole) {
    std::string text;
    char c = 0;
    while (::read(fd, &c, 1) == 1) {
      if (!whole && c == '\n') break;
      text += c;
    }
    return text;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int err_ = -1;
};

class XeroEmulatorBinaryTest : public ::testing::Test {
 protected:
  XeroEmulatorBinaryTest() {
    std::string pattern = (fs::temp_directory_path() / "xero_emulator_test.XXXXXX").string();
    directory_ = ::mkdtemp(pattern.data());
    path_ = directory_ + "/state.json";
  }
  ~XeroEmulatorBinaryTest() override { fs::remove_all(directory_); }

  std::string directory_;
  std::string path_;
};

TEST_F(XeroEmulatorBinaryTest, AnInvalidStateFileStopsTheStartWithStatus2) {
  std::ofstream(path_)
      << R"({"version":1,"organisations":[{"organisation":{"organisation_id":"x"},"colour":1}]})";
  Process process({"--demo", "--port", "0", "--state", path_});
  const std::string errors = process.ReadErrors();
  EXPECT_EQ(process.Wait(), 2);
  EXPECT_THAT(errors, HasSubstr("state file " + path_ + " is invalid: organisations[0].colour"));
  EXPECT_EQ(process.ReadLine(), "");  // never started listening
}

TEST_F(XeroEmulatorBinaryTest, TheStateIsSavedOnShutdownAndLoadedOnStart) {
  {
    Process process({"--demo", "--port", "0", "--state", path_});
    const uint16_t port = process.Port();
    ASSERT_NE(port, 0);
    const std::string tenant(kDemoNzTenantId);
    const auto offline =
        http::testing::Send(port, "POST", "/_emulator/tenants/" + tenant + "/offline");
    ASSERT_EQ(offline.status, 200) << offline.error << offline.body;
    EXPECT_EQ(process.Stop(SIGTERM), 0);
  }
  const auto saved = LoadStateFile(path_);
  ASSERT_TRUE(saved.ok() && saved->has_value()) << saved.status().message();
  ASSERT_EQ((*saved)->organisations.size(), 2u);
  EXPECT_TRUE((*saved)->organisations[0].offline);
  EXPECT_FALSE(fs::exists(path_ + ".tmp"));

  // Started again, without --demo: the organisations come from the file alone.
  Process process({"--port", "0", "--state", path_});
  const uint16_t port = process.Port();
  const auto state = http::testing::Send(
      port, "GET", "/_emulator/tenants/" + std::string(kDemoNzTenantId) + "/state");
  ASSERT_EQ(state.status, 200) << state.error;
  EXPECT_THAT(state.body, HasSubstr(R"("offline":true)"));
  EXPECT_EQ(process.Stop(SIGINT), 0);
}

// The demo app accepts the --redirect-uri given (exact match), besides its own; others stay
// refused with Xero's error page (never a redirect to them).
TEST_F(XeroEmulatorBinaryTest, RedirectUriAddsToTheDemoAppsList) {
  const std::string extra = "http://127.0.0.1:9999/api/v1/connection/callback";
  Process process({"--demo", "--auto-consent", "--port", "0", "--redirect-uri", extra});
  const uint16_t port = process.Port();
  ASSERT_NE(port, 0);
  const auto authorize = [&](const std::string& redirect_uri) {
    const std::string client_id = DemoApp().client_id;
    return http::testing::Send(
        port, "GET",
        "/identity/connect/authorize?response_type=code&client_id=" + client_id +
            "&scope=openid%20offline_access%20accounting.transactions&state=s1&redirect_uri=" +
            http::PercentEncode(redirect_uri));
  };
  const auto accepted = authorize(extra);
  EXPECT_EQ(accepted.status, 302) << accepted.error << accepted.body;
  EXPECT_THAT(std::string(accepted.headers.Get("Location").value_or("")),
              ::testing::StartsWith(extra + "?code="));
  const auto refused = authorize("http://127.0.0.1:9998/api/v1/connection/callback");
  EXPECT_EQ(refused.status, 400) << refused.error;
  EXPECT_THAT(refused.body, HasSubstr("Invalid redirect_uri"));
  EXPECT_EQ(process.Stop(SIGTERM), 0);
}

TEST_F(XeroEmulatorBinaryTest, ARedirectUriMustBeAnAbsoluteUrl) {
  Process process({"--demo", "--port", "0", "--redirect-uri", "/callback"});
  const std::string errors = process.ReadErrors();
  EXPECT_NE(process.Wait(), 0);
  EXPECT_THAT(errors, HasSubstr("absolute http:// or https:// URL"));
}

}  // namespace
}  // namespace xerosync::emulator
