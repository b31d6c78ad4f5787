// Two `switchboard serve` processes on one Redis, 100 customers writing through the
// REST API, and one process killed (SIGKILL) in the middle of the stream: a customer
// whose request is lost retries it, with the same message id, on the other process.
// Every message is answered exactly once from the customers' point of view: each
// gets its replies, and no message is processed twice.
#include <doctest/doctest.h>

#include <atomic>
#include <csignal>
#include <thread>

#include "integration/server/server_fixture.h"
#include "support/service_process.h"

namespace switchboard::testing {
namespace {

using nlohmann::json;

constexpr int kCustomers = 100;
constexpr int kThreads = 4;
const std::vector<json> kMessages = {
    {{"start", true}},
    {{"text", "сколько стоит стрижка"}},
    {{"text", "qwzx vbnm plk"}},
    {{"text", "сколько стоит маникюр"}},
};

std::string WriteConfig(const std::string& prefix, const std::string& id) {
  auto path = std::filesystem::temp_directory_path() / ("sb-crash-" + prefix.substr(7) + "-" + id + ".yaml");
  std::ofstream(path) << "listen: 127.0.0.1:0\n"
                      << "store_env: SB_CRASH_TEST_REDIS\n"
                      << "store_key_prefix: \"" << prefix << "\"\n"
                      << "flows: " SB_SOURCE_DIR "/flows\n"
                      << "flows_watch_ms: 0\n"
                      << "server_id: " << id << "\n"
                      << "delivery: {workers: 1, poll_ms: 20}\n"
                      << "channels: {rest: {api_keys_env: SB_TEST_API_KEYS}}\n"
                      << "logging: {level: error}\n";
  return path.string();
}

TEST_CASE("Server: a process killed mid-stream loses and doubles nothing for 100 customers") {
  const std::string prefix = UniquePrefix();
  setenv("SB_CRASH_TEST_REDIS", TestRedisUrl().c_str(), 1);
  setenv("SB_TEST_API_KEYS", kTestApiKey, 1);
  std::string config_a = WriteConfig(prefix, "a"), config_b = WriteConfig(prefix, "b");
  auto a = ServiceProcess::Start(SB_SWITCHBOARD_BIN, {"serve", config_a});
  auto b = ServiceProcess::Start(SB_SWITCHBOARD_BIN, {"serve", config_b});
  REQUIRE_MESSAGE(a.ok(), a.status().ToString());
  REQUIRE_MESSAGE(b.ok(), b.status().ToString());
  const int ports[2] = {(*a)->port(), (*b)->port()};

  std::atomic<int> sent{0};
  std::atomic<bool> killed{false};
  // What each customer saw: per message, its replies (as JSON text).
  std::vector<std::vector<std::string>> seen(kCustomers);
  std::vector<int> processed(kCustomers, 0);  // answers that were not duplicates
  std::vector<size_t> replies_processed(kCustomers, 0);
  std::atomic<int> failures{0};
  std::atomic<int> after_kill{0};  // messages sent once the first process was dead

  auto customer = [&](int c) {
    const std::string id = "crash-" + std::to_string(c);
    for (size_t m = 0; m < kMessages.size(); ++m) {
      json body = kMessages[m];
      body["message_id"] = id + "-" + std::to_string(m);
      bool answered = false;
      // Alternate processes; a lost request goes to the other one with the same id.
      for (int attempt = 0; attempt < 6 && !answered; ++attempt) {
        int which = (c + static_cast<int>(m) + attempt) % 2;
        if (which == 0 && killed) continue;
        httplib::Client client("127.0.0.1", ports[which]);
        client.set_read_timeout(10, 0);
        auto r = client.Post(("/api/v1/conversations/" + id + "/messages").c_str(),
                             {{"Authorization", std::string("Bearer ") + kTestApiKey}}, body.dump(),
                             "application/json");
        if (!r || r->status != 200) continue;
        json turn = json::parse(r->body);
        seen[c].push_back(turn["replies"].dump());
        if (!turn["duplicate"].get<bool>()) {
          processed[c]++;
          replies_processed[c] += turn["replies"].size();
        }
        answered = true;
      }
      if (!answered) failures++;
      if (killed) after_kill++;
      sent++;
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int c = t; c < kCustomers; c += kThreads) customer(c);
    });
  }
  // Kill the first process once about a third of the messages are through.
  PollUntil([&] { return sent >= kCustomers * static_cast<int>(kMessages.size()) / 3; }, 60000);
  killed = true;
  (*a)->Stop(SIGKILL);
  for (std::thread& t : threads) t.join();

  CHECK(failures == 0);
  CHECK(after_kill > 0);  // the kill came in the middle of the stream
  MESSAGE(after_kill.load() << " of " << kCustomers * kMessages.size() << " messages after the kill");
  int user_said_total = 0;
  for (int c = 0; c < kCustomers; ++c) {
    CHECK(seen[c].size() == kMessages.size());
    for (const std::string& replies : seen[c]) CHECK(replies != "[]");
    // The log, read from the survivor: each message once, each reply once.
    httplib::Client client("127.0.0.1", ports[1]);
    auto r = client.Get(("/api/v1/conversations/crash-" + std::to_string(c) + "/transcript?limit=1000").c_str(),
                        {{"Authorization", std::string("Bearer ") + kTestApiKey}});
    REQUIRE(r);
    json page = json::parse(r->body);
    int user_said = 0;
    size_t bot_said = 0;
    for (const json& e : page["events"]) {
      user_said += e["type"] == "user_said";
      bot_said += e["type"] == "bot_said";
    }
    CHECK(user_said == static_cast<int>(kMessages.size()));
    CHECK(bot_said >= replies_processed[c]);  // an answer lost with the killed process was still committed
    user_said_total += user_said;
  }
  CHECK(user_said_total == kCustomers * static_cast<int>(kMessages.size()));
  CHECK((*b)->Stop(SIGTERM) == 0);  // a graceful stop exits 0
  std::filesystem::remove(config_a);
  std::filesystem::remove(config_b);
  RawRedis(TestRedisUrl()).DeleteKeys(prefix);
}

}  // namespace
}  // namespace switchboard::testing
