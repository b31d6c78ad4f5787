// A call whose outcome could not be committed after its POST ran is sent again when
// the message comes again (messengers redeliver what was not acknowledged): the same
// Idempotency-Key goes to the real sample booking system, which answers with the
// first booking, so the customer gets their booking, not "that time was just taken",
// and one visit is booked, not two.
#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "support/faulty_store.h"
#include "support/service_process.h"
#include "support/temp_flows.h"
#include "switchboard/engine.h"

namespace switchboard {
namespace {

using testing::FaultyStore;
using testing::ServiceProcess;

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

}  // namespace

TEST_CASE("A call re-sent after its outcome was lost gets the first booking back, not a second one") {
  auto started = ServiceProcess::Start(LUMI_BOOKING_SERVICE_BIN,
                                       {"--port", "0", "--today", "2026-11-23"});
  REQUIRE(started.ok());
  std::unique_ptr<ServiceProcess> booking = std::move(started).value();
  ::setenv("SB_TEST_IDEMPOTENT_BOOKING_URL", booking->base_url().c_str(), 1);
  testing::TempFlows flows;
  flows.Write("bot.yaml", kBookingFlow);

  std::unique_ptr<Store> memory = NewMemoryStore();
  FaultyStore store(memory.get());
  // The turn's commit (the call made pending) succeeds; the commit of the call's
  // outcome, after the POST ran, does not.
  store.FailCommit(FaultyStore::Fault::kFailBefore, /*skip=*/1);
  auto opened = Engine::Open({.flows_dir = flows.path(), .store = &store});
  REQUIRE(opened.ok());
  std::unique_ptr<Engine> engine = std::move(opened).value();
  InboundMessage message;
  message.session_id = "tg:7";
  message.message_id = "tg:7:100";
  message.text = "записаться";

  auto first = engine->Handle(message);
  CHECK_FALSE(first.ok());
  auto again = engine->Handle(message);  // the messenger delivers it once more
  REQUIRE(again.ok());
  std::string said;
  for (const Reply& reply : again->replies) said += reply.text + "\n";
  CHECK(said.find("Номер записи: B-1001") != std::string::npos);
  CHECK(said.find("заняли") == std::string::npos);

  httplib::Client client(booking->host(), booking->port());
  auto mine = client.Get("/bookings?phone=%2B79161234567");
  REQUIRE(mine);
  CHECK(nlohmann::json::parse(mine->body).size() == 1);
}

}  // namespace switchboard
