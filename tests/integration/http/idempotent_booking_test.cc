// A turn whose commit fails after its POST ran is run again when the message comes
// again (messengers redeliver what was not acknowledged): the same Idempotency-Key
// goes to the real sample booking system, which answers with the first booking, so
// the customer gets their booking, not "that time was just taken", and one visit is
// booked, not two.
#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/service_process.h"
#include "switchboard/engine.h"

namespace switchboard {
namespace {

using testing::ServiceProcess;
namespace fs = std::filesystem;

// One booking, always of the same time, so that a second POST would be refused.
const char* kBookingFlow = R"(
services:
  booking: {base_url: "${SB_TEST_IDEMPOTENT_BOOKING_URL}"}
flows:
  - id: book
    triggers: {keywords: [записаться]}
    steps:
      - http:
          service: booking
          method: POST
          path: /bookings
          body: {service: manicure, master: maria, date: "2026-11-25", time: "15:00",
                 name: "Вера", phone: "+79161234567"}
          save: {booking_id: /id}
        on_status: {409: taken}
        on_error: down
      - say: "Номер записи: {{booking_id}}"
      - end:
      - id: taken
        say: "Это время уже заняли."
      - end:
      - id: down
        say: "Система записи не отвечает."
)";

// The memory store, with its first Commit failing as if Redis went away mid-turn.
class FirstCommitFails final : public Store {
 public:
  Result<LoadedSession> Load(std::string_view session_id,
                             std::string_view inbound_message_id) override {
    return inner_->Load(session_id, inbound_message_id);
  }
  Result<uint64_t> Commit(const TurnCommit& commit) override {
    if (commits_++ == 0) return Status::Unavailable("the store went away");
    return inner_->Commit(commit);
  }
  Result<std::vector<Event>> ReadEvents(std::string_view session_id, size_t from,
                                        size_t limit) override {
    return inner_->ReadEvents(session_id, from, limit);
  }
  Status Delete(std::string_view session_id) override { return inner_->Delete(session_id); }

 private:
  std::unique_ptr<Store> inner_ = NewMemoryStore();
  int commits_ = 0;
};

}  // namespace

TEST_CASE("A turn re-run after a failed commit gets the first booking back, not a second one") {
  auto started = ServiceProcess::Start(LUMI_BOOKING_SERVICE_BIN,
                                       {"--port", "0", "--today", "2026-11-23"});
  REQUIRE(started.ok());
  std::unique_ptr<ServiceProcess> booking = std::move(started).value();
  ::setenv("SB_TEST_IDEMPOTENT_BOOKING_URL", booking->base_url().c_str(), 1);
  const fs::path dir = fs::temp_directory_path() / ("sb-idem-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "bot.yaml") << kBookingFlow;

  FirstCommitFails store;
  auto opened = Engine::Open({.flows_dir = dir.string(), .store = &store});
  REQUIRE(opened.ok());
  std::unique_ptr<Engine> engine = std::move(opened).value();
  InboundMessage message;
  message.session_id = "tg:7";
  message.message_id = "tg:7:100";
  message.text = "записаться";

  auto first = engine->Handle(message);
  CHECK(first.status().code() == StatusCode::kUnavailable);
  auto again = engine->Handle(message);  // the messenger delivers it once more
  fs::remove_all(dir);
  REQUIRE(again.ok());
  REQUIRE(again->replies.size() == 1);
  CHECK(again->replies[0].text == "Номер записи: B-1001");

  httplib::Client client(booking->host(), booking->port());
  auto mine = client.Get("/bookings?phone=%2B79161234567");
  REQUIRE(mine);
  CHECK(nlohmann::json::parse(mine->body).size() == 1);
}

}  // namespace switchboard
