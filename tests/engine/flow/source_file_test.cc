// Tests for engine/flow/source_file.cc through LoadFlowDirectory: links that leave
// the flows folder and special files are refused without being read, and nothing
// of such a file reaches an error message.
#include "flow/source_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/flow/flow_test_helpers.h"
#include "flow/flow_loader.h"

namespace switchboard {
namespace {

namespace fs = std::filesystem;

using testing::AllDiagnostics;
using testing::FindCode;

// A fresh folder under /tmp, removed at the end of the test.
struct TempDir {
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("sb_source_file_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path / "flows");
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path flows() const { return path / "flows"; }
  fs::path path;
};

const char kSecret[] = "REDIS_URL=redis://:hunter2-secret@10.0.0.5:6379/0\n";

TEST_CASE("Loader refuses a link out of the flows folder and never echoes the file") {
  TempDir dir("outside");
  std::ofstream(dir.path / ".env") << kSecret;
  fs::create_symlink(dir.path / ".env", dir.flows() / "secrets.yaml");
  fs::create_symlink("/etc/passwd", dir.flows() / "passwd.yaml");
  FlowLoadResult r = LoadFlowDirectory(dir.flows().string());
  std::string all = AllDiagnostics(r);
  INFO(all);
  const Diagnostic* d = FindCode(r, "link-outside");
  REQUIRE(d != nullptr);
  CHECK(d->file.find("passwd.yaml") != std::string::npos);
  CHECK(testing::CountCode(r, "link-outside") == 2);
  CHECK(all.find("hunter2") == std::string::npos);
  CHECK(all.find("root:") == std::string::npos);
  CHECK(r.sources.files.empty());
}

TEST_CASE("Loader follows a link that stays inside the flows folder") {
  TempDir dir("inside");
  fs::create_directories(dir.flows() / "shared");
  std::ofstream(dir.flows() / "shared" / "bot.txt") << "bot:\n  start: main\nflow: main\nsteps: [{say: hi}]\n";
  fs::create_symlink(dir.flows() / "shared" / "bot.txt", dir.flows() / "bot.yaml");
  FlowLoadResult r = LoadFlowDirectory(dir.flows().string());
  testing::ExpectNoErrors(r);
  CHECK(r.sources.flows.size() == 1);
}

TEST_CASE("Loader refuses a FIFO without blocking on it") {
  TempDir dir("fifo");
  REQUIRE(::mkfifo((dir.flows() / "pipe.yaml").c_str(), 0600) == 0);
  fs::create_symlink("/dev/zero", dir.flows() / "zero.yaml");
  std::ofstream(dir.flows() / "ok.yaml") << "bot:\n  start: main\nflow: main\nsteps: [{say: hi}]\n";
  FlowLoadResult r = LoadFlowDirectory(dir.flows().string());
  INFO(AllDiagnostics(r));
  const Diagnostic* d = FindCode(r, "not-a-file");
  REQUIRE(d != nullptr);
  CHECK(d->file.find("pipe.yaml") != std::string::npos);
  CHECK(d->message.find("FIFO") != std::string::npos);
  CHECK(FindCode(r, "link-outside") != nullptr);  // /dev/zero is outside, too
  CHECK(r.sources.flows.size() == 1);
}

TEST_CASE("ReadSourceFile refuses a file over the limit without reading it") {
  TempDir dir("size");
  std::ofstream(dir.flows() / "big.yaml") << std::string(2000, 'x');
  std::string content;
  Diagnostic problem;
  CHECK_FALSE(ReadSourceFile((dir.flows() / "big.yaml").string(), dir.flows().string(), 1000,
                             &content, &problem));
  CHECK(problem.code == "file-too-large");
  CHECK(content.empty());
}

TEST_CASE("Loader quotes at most a short escaped fragment of a file's text") {
  std::string line = "root:x:0:0:root:/root:/bin/bash\u202e" + std::string(200, 'y') + "\n";
  FlowLoadResult r = testing::LoadOne(line + line);
  std::string all = AllDiagnostics(r);
  INFO(all);
  REQUIRE(FindCode(r, "wrong-type") != nullptr);
  CHECK(all.find(std::string(60, 'y')) == std::string::npos);
  CHECK(all.find("\u202e") == std::string::npos);
  CHECK(all.find("\\u202e") != std::string::npos);
}

}  // namespace
}  // namespace switchboard
