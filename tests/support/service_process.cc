// Child processes for tests of the sample services: fork, exec, read the port from the
// child's stdout through a pipe, signal and reap it at the end.
#include "support/service_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace switchboard::testing {
namespace {

constexpr int kStartTimeoutMs = 10000;
constexpr int kStopGraceMs = 5000;
constexpr std::string_view kListeningPrefix = "listening on http://";

// Forks and execs binary with stdout going to stdout_fd (or /dev/null when -1).
pid_t Spawn(const std::string& binary, const std::vector<std::string>& args, int stdout_fd) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid != 0) return pid;
  // In the child: die with the test, whatever happens to it.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  int out = stdout_fd >= 0 ? stdout_fd : open("/dev/null", O_WRONLY);
  dup2(out, STDOUT_FILENO);
  execv(binary.c_str(), argv.data());
  _exit(127);
}

int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Result<std::unique_ptr<ServiceProcess>> ServiceProcess::Start(
    const std::string& binary, const std::vector<std::string>& args) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Status::Unavailable("pipe failed");
  pid_t pid = Spawn(binary, args, fds[1]);
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return Status::Unavailable("fork failed");
  }
  std::unique_ptr<ServiceProcess> process(new ServiceProcess(pid, fds[0]));

  // Read up to the first newline.
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kStartTimeoutMs);
  while (line.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd poll_fd{fds[0], POLLIN, 0};
    if (left.count() <= 0 || poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0) {
      return Status::Unavailable(binary + " did not print its address in time");
    }
    char buffer[256];
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n <= 0) {
      return Status::Unavailable(binary + " exited with code " +
                                 std::to_string(process->Stop(SIGKILL)) + " before listening");
    }
    line.append(buffer, static_cast<size_t>(n));
  }
  line.resize(line.find('\n'));
  if (line.rfind(kListeningPrefix, 0) != 0) {
    return Status::Unavailable(binary + " printed '" + line + "'");
  }
  std::string address = line.substr(kListeningPrefix.size());
  size_t colon = address.rfind(':');
  if (colon == std::string::npos) return Status::Unavailable("no port in '" + line + "'");
  process->host_ = address.substr(0, colon);
  process->port_ = std::stoi(address.substr(colon + 1));
  return process;
}

int ServiceProcess::Stop(int signal_number) {
  if (exited_) return exit_code_;
  kill(pid_, signal_number);
  int status = 0;
  for (int waited = 0; waitpid(pid_, &status, WNOHANG) == 0; waited += 10) {
    if (waited >= kStopGraceMs) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  exited_ = true;
  exit_code_ = DecodeWaitStatus(status);
  return exit_code_;
}

ServiceProcess::~ServiceProcess() {
  Stop(SIGTERM);
  close(stdout_fd_);
}

int RunToExit(const std::string& binary, const std::vector<std::string>& args) {
  pid_t pid = Spawn(binary, args, -1);
  if (pid < 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return DecodeWaitStatus(status);
}

}  // namespace switchboard::testing
