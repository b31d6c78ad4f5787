// Engine throughput on one core with the in-memory store: whole turns (load,
// match, run steps, commit, replies into the outbox) over the Studio Lumi flows.
// Each scripted conversation asks FAQ questions, makes a whole booking (service and
// day from the first message, master, time, name, phone, confirmation: the free
// times and the booking come from the booking system over HTTP), asks for an order's
// status (the order system over HTTP), cancels and says something unknown.
// bench/run_engine_bench.sh starts the sample systems and runs this.
// With --no-http the conversation keeps to FAQ questions, the menu, a cancelled form
// and fallbacks: the engine's own cost, no business system involved.
//   LUMI_BOOKING_URL=... LUMI_ORDERS_URL=... build/bench/engine_bench [FLOWS_DIR] [SECONDS] [--no-http]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "switchboard/engine.h"

using namespace switchboard;

namespace {

// "dd.mm" for `days` days after today: each conversation books another day.
std::string DayAhead(int days) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  localtime_r(&t, &tm);
  return std::to_string(100 + tm.tm_mday).substr(1) + "." + std::to_string(101 + tm.tm_mon).substr(1);
}

bool Says(const TurnReport& report, const std::string& piece) {
  for (const Reply& r : report.replies) {
    if (r.text.find(piece) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::string flows = argc > 1 ? argv[1] : "flows";
  double seconds = argc > 2 ? std::atof(argv[2]) : 3.0;
  const bool http = !(argc > 3 && std::string(argv[3]) == "--no-http");
  if (http && (std::getenv("LUMI_BOOKING_URL") == nullptr || std::getenv("LUMI_ORDERS_URL") == nullptr)) {
    std::fprintf(stderr, "set LUMI_BOOKING_URL and LUMI_ORDERS_URL (bench/run_engine_bench.sh does)\n");
    return 2;
  }
  std::unique_ptr<Store> store = NewMemoryStore();
  std::vector<Diagnostic> diagnostics;
  auto engine = Engine::Open({.flows_dir = flows, .store = store.get()}, &diagnostics);
  if (!engine.ok()) {
    for (const Diagnostic& d : diagnostics) std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 1;
  }
  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  long turns = 0, conversations = 0, errors = 0, bookings = 0, orders = 0, drained = 0;
  double elapsed = 0;
  while (elapsed < seconds) {
    const long n = conversations++;
    const std::string session = "bench:" + std::to_string(n);
    // 300 days ahead and six morning times: every conversation asks for a free time.
    const std::vector<std::string> no_http = {
        "/start",
        "во сколько вы открываетесь в воскресенье",
        "сколько стоит женская стрижка",
        "how much is a manicure",
        "а где вы находитесь?",
        "записаться",
        "отмена",
        "доставка в питер сколько стоит",
        "ываываыва",
        "меню",
    };
    const std::vector<std::string> whole = {
        "/start",
        "во сколько вы открываетесь в воскресенье",
        "сколько стоит женская стрижка",
        "how much is a manicure",
        "хочу записаться на маникюр на " + DayAhead(1 + n % 300),
        "любой мастер",
        std::to_string(1 + (n / 300) % 6),
        "Анна",
        "+7 916 123-45-67",
        "да",
        "где мой заказ 1234567",
        "а где вы находитесь?",
        "записаться",
        "отмена",
        "ываываыва",
    };
    const std::vector<std::string>& script = http ? whole : no_http;
    for (size_t i = 0; i < script.size(); ++i) {
      InboundMessage m;
      m.session_id = session;
      m.channel = "bench";
      m.user_id = std::to_string(n);
      m.message_id = std::to_string(i);
      m.text = script[i];
      m.start = script[i] == "/start";
      Result<TurnReport> r = (*engine)->Handle(m);
      ++turns;
      if (!r.ok()) {
        ++errors;
        continue;
      }
      bookings += Says(*r, "Номер записи");
      orders += Says(*r, "CDEK-");
    }
    // A delivery worker's share: read and acknowledge what the turns queued.
    for (;;) {
      auto batch = store->ReadOutbox("bench", 256);
      if (!batch.ok() || batch->empty()) break;
      std::vector<std::string> ids;
      for (const OutboxEntry& e : *batch) ids.push_back(e.id);
      drained += static_cast<long>(ids.size());
      if (!store->AckOutbox(ids).ok()) ++errors;
    }
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  }
  std::printf("command: %s %s %.1f%s\n", argv[0], flows.c_str(), seconds, http ? "" : " --no-http");
  std::printf("store: memory, threads: 1, conversations: %ld, turns: %ld, errors: %ld\n", conversations,
              turns, errors);
  std::printf("whole bookings: %ld, order statuses: %ld, replies delivered from the outbox: %ld\n", bookings,
              orders, drained);
  std::printf("turns_per_second: %.0f\n", turns / elapsed);
  std::printf("us_per_turn: %.2f\n", elapsed * 1e6 / turns);
  return errors == 0 && (bookings > 0 || !http) ? 0 : 1;
}
