// Runs an HTTP service as a child process for a test: starts the program with port 0,
// reads the one "listening on http://HOST:PORT" line it prints to learn the port, and
// stops it (SIGTERM, then SIGKILL if it lingers) when the test is done.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "switchboard/status.h"

namespace switchboard::testing {

// A ServiceProcess is owned by one test thread; its methods are not thread-safe.
class ServiceProcess {
 public:
  // Starts binary with args and waits up to 10 s for its "listening on" line.
  // Returns Unavailable if the program exits first or never says where it listens.
  static Result<std::unique_ptr<ServiceProcess>> Start(const std::string& binary,
                                                       const std::vector<std::string>& args);
  ~ServiceProcess();  // stops the child if still running
  ServiceProcess(const ServiceProcess&) = delete;  // owns a child process
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  const std::string& host() const { return host_; }
  int port() const { return port_; }
  // "http://127.0.0.1:PORT"
  std::string base_url() const { return "http://" + host_ + ":" + std::to_string(port_); }

  // Sends signal_number and waits for the child to exit. Returns its exit code, or
  // 128 + the signal that killed it.
  int Stop(int signal_number);

 private:
  ServiceProcess(pid_t pid, int stdout_fd) : pid_(pid), stdout_fd_(stdout_fd) {}

  pid_t pid_;
  int stdout_fd_;
  std::string host_;
  int port_ = 0;
  bool exited_ = false;
  int exit_code_ = 0;
};

// Runs binary with args to completion (stdout discarded) and returns its exit code,
// or 128 + signal. For checking that a program refuses bad options or files.
int RunToExit(const std::string& binary, const std::vector<std::string>& args);

}  // namespace switchboard::testing
