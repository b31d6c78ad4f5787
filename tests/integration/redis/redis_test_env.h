// Test helpers for the Redis store: the server URL from the environment (a clear
// failure when it is missing), unique key prefixes so that parallel test processes
// share one server, a raw hiredis connection for setting up odd situations, and a
// redis-server child process that tests may kill and restart.
// Not thread-safe; each test uses its own objects.
#pragma once

#include <doctest/doctest.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace switchboard::testing {

// The URL of the throwaway server tools/test starts. Fails the test (never passes
// it silently) when the variable is missing.
inline std::string TestRedisUrl() {
  const char* url = std::getenv("SWITCHBOARD_TEST_REDIS_URL");
  if (url == nullptr || *url == '\0') {
    FAIL(
        "SWITCHBOARD_TEST_REDIS_URL is not set: run the tests through tools/test, which starts a "
        "redis-server, or start one and export "
        "SWITCHBOARD_TEST_REDIS_URL=redis://127.0.0.1:PORT/0");
  }
  return url;
}

// The redis-server binary for tests that restart the server.
inline std::string TestRedisServerBinary() {
  const char* bin = std::getenv("SWITCHBOARD_REDIS_SERVER");
  if (bin == nullptr || *bin == '\0') {
    FAIL(
        "SWITCHBOARD_REDIS_SERVER is not set: run the tests through tools/test, or export it as "
        "the path of redis-server");
  }
  return bin;
}

// A key prefix no other test process uses.
inline std::string UniquePrefix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return "sbtest:" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" +
         std::to_string(rd() % 1000000);
}

// Polls `done` every 10 ms for up to `timeout_ms`; true as soon as it holds.
inline bool PollUntil(const std::function<bool()>& done, int timeout_ms = 5000) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

// A plain hiredis connection from a redis://host:port[/db] URL (no password).
class RawRedis {
 public:
  explicit RawRedis(const std::string& url) {
    std::string rest = url.substr(url.find("://") + 3);
    if (size_t at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
    std::string db = "0";
    if (size_t slash = rest.find('/'); slash != std::string::npos) {
      db = rest.substr(slash + 1);
      rest = rest.substr(0, slash);
    }
    size_t colon = rest.rfind(':');
    ctx_ = redisConnect(rest.substr(0, colon).c_str(), std::stoi(rest.substr(colon + 1)));
    if (ctx_ != nullptr && !ctx_->err && !db.empty() && db != "0") Command({"SELECT", db});
  }
  ~RawRedis() {
    if (ctx_ != nullptr) redisFree(ctx_);
  }
  RawRedis(const RawRedis&) = delete;  // owns a socket
  RawRedis& operator=(const RawRedis&) = delete;

  bool ok() const { return ctx_ != nullptr && !ctx_->err; }

  // The reply as text: strings and status as is, integers in decimal, nil as
  // "(nil)", errors as "ERR: ...", arrays as their element count.
  std::string Command(const std::vector<std::string>& args) {
    if (!ok()) return "ERR: not connected";
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const std::string& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    auto* r = static_cast<redisReply*>(
        redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
    if (r == nullptr) return "ERR: connection lost";
    std::string out;
    switch (r->type) {
      case REDIS_REPLY_STRING:
      case REDIS_REPLY_STATUS:
        out.assign(r->str, r->len);
        break;
      case REDIS_REPLY_ERROR:
        out = "ERR: " + std::string(r->str, r->len);
        break;
      case REDIS_REPLY_INTEGER:
        out = std::to_string(r->integer);
        break;
      case REDIS_REPLY_ARRAY:
        out = std::to_string(r->elements);
        break;
      default:
        out = "(nil)";
    }
    freeReplyObject(r);
    return out;
  }

  // Every key under `prefix` (SCAN, so also usable on a shared server).
  std::vector<std::string> Keys(const std::string& prefix) {
    std::vector<std::string> keys;
    std::string cursor = "0";
    do {
      auto* r = static_cast<redisReply*>(redisCommand(
          ctx_, "SCAN %s MATCH %b* COUNT 1000", cursor.c_str(), prefix.data(), prefix.size()));
      if (r == nullptr || r->type != REDIS_REPLY_ARRAY || r->elements != 2) {
        if (r) freeReplyObject(r);
        break;
      }
      cursor.assign(r->element[0]->str, r->element[0]->len);
      for (size_t i = 0; i < r->element[1]->elements; ++i) {
        keys.emplace_back(r->element[1]->element[i]->str, r->element[1]->element[i]->len);
      }
      freeReplyObject(r);
    } while (cursor != "0");
    return keys;
  }

  void DeleteKeys(const std::string& prefix) {
    for (const std::string& key : Keys(prefix)) Command({"DEL", key});
  }

 private:
  redisContext* ctx_ = nullptr;
};

// A free TCP port on 127.0.0.1 (bound and released; good enough for tests).
inline int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

// A redis-server child with its own port and data directory, persistent with
// appendonly + fsync on every write. The directory survives Restart().
class RedisServerProcess {
 public:
  RedisServerProcess(std::string binary, std::vector<std::string> extra_args = {})
      : binary_(std::move(binary)), extra_args_(std::move(extra_args)), port_(FreePort()) {
    char dir[] = "/tmp/sb-redis-test.XXXXXX";
    dir_ = mkdtemp(dir);
  }
  ~RedisServerProcess() {
    Kill();
    std::system(("rm -rf '" + dir_ + "'").c_str());
  }
  RedisServerProcess(const RedisServerProcess&) = delete;  // owns a child process
  RedisServerProcess& operator=(const RedisServerProcess&) = delete;

  int port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }

  // Starts the server and waits until it answers PING; false when it does not.
  bool Start() {
    std::vector<std::string> args = {binary_,
                                     "--port",
                                     std::to_string(port_),
                                     "--bind",
                                     "127.0.0.1",
                                     "--dir",
                                     dir_,
                                     "--appendonly",
                                     "yes",
                                     "--appendfsync",
                                     "always",
                                     "--save",
                                     "",
                                     "--daemonize",
                                     "no",
                                     "--logfile",
                                     dir_ + "/redis.log"};
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    return PollUntil([&] {
      RawRedis r(url());
      if (!r.ok()) return false;
      std::string pong = r.Command({"PING"});
      return pong == "PONG" || pong.starts_with("ERR: NOAUTH");  // up, with a password
    });
  }

  // kill -9: no chance to flush anything beyond what appendfsync already wrote.
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  std::string binary_;
  std::vector<std::string> extra_args_;
  int port_;
  std::string dir_;
  pid_t pid_ = -1;
};

}  // namespace switchboard::testing
