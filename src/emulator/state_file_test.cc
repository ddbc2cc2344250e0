// The --state file: a saved organisation loads back field for field, saves replace the file
// atomically, the saver writes only after changes, and a bad file is refused whole.
#include "emulator/state_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "emulator/demo_data.h"
#include "emulator/state_json.h"
#include "emulator/state_test_support.h"

namespace xerosync::emulator {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

class StateFileTest : public ::testing::Test {
 protected:
  StateFileTest() {
    std::string pattern = (fs::temp_directory_path() / "state_file_test.XXXXXX").string();
    directory_ = ::mkdtemp(pattern.data());
    path_ = directory_ + "/state.json";
  }
  ~StateFileTest() override { fs::remove_all(directory_); }

  void WriteFile(const std::string& text) { std::ofstream(path_) << text; }
  std::string ReadFile() const {
    std::ifstream in(path_);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string directory_;
  std::string path_;
};

TEST_F(StateFileTest, ASavedOrganisationLoadsBackFieldForField) {
  const OrgState original = testing::StateWithEveryField();
  ASSERT_TRUE(SaveStateFile(path_, {{original, DemoNzOrganisation()}, Json()}).ok());
  const auto loaded = LoadStateFile(path_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_TRUE(loaded->has_value());
  ASSERT_EQ((*loaded)->organisations.size(), 2u);
  testing::ExpectSameState((*loaded)->organisations[0], original);
  EXPECT_EQ((*loaded)->organisations[1].organisation.organisation_id, kDemoNzTenantId);
  EXPECT_THAT(ReadFile(), HasSubstr("\"version\": 1"));
}

TEST_F(StateFileTest, NoFileMeansNoState) {
  const auto loaded = LoadStateFile(path_);
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(StateFileTest, AnInvalidOrUnreadableFileIsRefusedWhole) {
  // One good organisation before a bad one: nothing may be loaded.
  Json file = StateFileToJson({DemoNzOrganisation(), DemoUkOrganisation()});
  file.Find("organisations")
      ->AsArray()[1]
      .Find("contacts")
      ->AsArray()[0]
      .Set("updated", Json::String("not a time"));
  WriteFile(file.Serialize());
  auto loaded = LoadStateFile(path_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(),
              HasSubstr("organisations[1].contacts[0].updated must be a UTC time"));
  EXPECT_THAT(loaded.status().message(), HasSubstr(path_));

  WriteFile("{\"version\":1,\"organisations\":[");
  loaded = LoadStateFile(path_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("is not JSON"));

  WriteFile("");
  EXPECT_FALSE(LoadStateFile(path_).ok());

  fs::remove(path_);
  fs::create_directory(path_);
  loaded = LoadStateFile(path_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("cannot read state file"));
}

TEST_F(StateFileTest, AFailedSaveLeavesThePreviousFileWhole) {
  ASSERT_TRUE(SaveStateFile(path_, {{DemoNzOrganisation()}, Json()}).ok());
  const std::string before = ReadFile();
  EXPECT_FALSE(fs::exists(path_ + ".tmp"));  // the temporary file was renamed into place
  // A directory where the temporary file goes makes the save fail before touching the file.
  fs::create_directory(path_ + ".tmp");
  const Status failed = SaveStateFile(path_, {{DemoUkOrganisation()}, Json()});
  EXPECT_FALSE(failed.ok());
  EXPECT_THAT(failed.message(), HasSubstr(".tmp"));
  EXPECT_EQ(ReadFile(), before);
  fs::remove(path_ + ".tmp");
  ASSERT_TRUE(SaveStateFile(path_, {{DemoUkOrganisation()}, Json()}).ok());
  const auto loaded = LoadStateFile(path_);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->organisations[0].organisation.organisation_id, kDemoUkTenantId);
}

TEST_F(StateFileTest, TheSaverWritesOnlyAfterChanges) {
  Organisations organisations;
  organisations.Put(DemoNzOrganisation());
  StateSaver saver(path_, organisations);
  EXPECT_EQ(saver.SaveIfChanged().value(), true);  // nothing saved yet
  EXPECT_EQ(saver.SaveIfChanged().value(), false);
  fs::remove(path_);
  EXPECT_EQ(saver.SaveIfChanged().value(), false);  // unchanged: not written again
  EXPECT_FALSE(fs::exists(path_));

  organisations.Write(kDemoNzTenantId, [](OrgState& state) { state.offline = true; });
  EXPECT_EQ(saver.SaveIfChanged().value(), true);
  const auto loaded = LoadStateFile(path_);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_TRUE((*loaded)->organisations[0].offline);

  // A failed save is retried on the next call.
  organisations.Write(kDemoNzTenantId, [](OrgState& state) { state.offline = false; });
  fs::create_directory(path_ + ".tmp");
  EXPECT_FALSE(saver.SaveIfChanged().ok());
  fs::remove(path_ + ".tmp");
  EXPECT_EQ(saver.SaveIfChanged().value(), true);
  EXPECT_FALSE((*LoadStateFile(path_))->organisations[0].offline);
}

}  // namespace
}  // namespace xerosync::emulator
