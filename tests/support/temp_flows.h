// A flows folder in a temporary directory for tests that open an Engine; removed
// with the object.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace switchboard::testing {

class TempFlows {
 public:
  TempFlows() {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("sb-flows-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
  }
  ~TempFlows() { std::filesystem::remove_all(dir_); }
  TempFlows(const TempFlows&) = delete;
  TempFlows& operator=(const TempFlows&) = delete;

  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  std::string path() const { return dir_.string(); }

 private:
  std::filesystem::path dir_;
};

}  // namespace switchboard::testing
