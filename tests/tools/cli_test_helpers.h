// Helpers for tests of the `switchboard` program: a temporary folder to write flows
// and tests into, and running the real program on it.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace switchboard::testing {

class CliFolder {
 public:
  explicit CliFolder(const std::string& name)
      : dir_(std::filesystem::temp_directory_path() /
             ("sb_cli_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "flows");
  }
  ~CliFolder() { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& relative, const std::string& text) {
    std::filesystem::path path = dir_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }
  std::string Path(const std::string& relative) const { return (dir_ / relative).string(); }

  // Runs `switchboard ARGS` (ARGS already shell-quoted); returns stdout and stderr.
  static std::string Run(const std::string& args, int* exit_code = nullptr) {
    std::string command = std::string(SB_SWITCHBOARD_BIN) + " " + args + " 2>&1";
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return out;
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    int status = ::pclose(pipe);
    if (exit_code) *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace switchboard::testing
