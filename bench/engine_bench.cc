// Engine throughput on one core with the in-memory store: whole turns (load, match,
// run steps, commit, replies into the outbox, a delivery worker draining it) over the
// Studio Lumi flows, one scenario at a time:
//   faq      FAQ questions (Russian and English, varied) spread over --sessions live
//            conversations, which exist before the clock starts;
//   booking  whole bookings, each a new customer: service and day in the first
//            message, any master, the first free time the booking system offers,
//            a name, a phone, "да"; each must pass the name and phone questions and
//            get its number from the booking system (HTTP) or the run fails;
//   order    an order's status from the order system (HTTP), over --sessions
//            conversations.
// Prints `figure,value` lines for bench/run (and `# ...` comments).
//   [LUMI_BOOKING_URL=... LUMI_ORDERS_URL=...] engine_bench --flows DIR
//       --scenario faq|booking|order [--seconds S] [--sessions N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iterator>
#include <unistd.h>
#include <string>
#include <vector>

#include "switchboard/engine.h"

using namespace switchboard;

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string flows = "flows";
  std::string scenario = "faq";
  double seconds = 3.0;
  long sessions = 1000;
};

const char* const kFaqQuestions[] = {
    "во сколько вы открываетесь в воскресенье", "сколько стоит женская стрижка",
    "how much is a manicure",                   "а где вы находитесь?",
    "доставка в питер сколько стоит",           "какие у вас цены на маникюр",
    "where are you located",                    "до скольки вы работаете сегодня",
    "есть парковка рядом?",                     "what are your opening hours",
    "скока стоит стрижка мужская",              "можно оплатить картой",
    "do you have gift certificates",            "сколько стоит окрашивание волос",
    "как до вас добраться от метро",            "what does a men's haircut cost",
};
const char* const kNames[] = {"Ольга", "Иван", "Мария", "Пётр", "Екатерина", "Дмитрий", "Анна", "Сергей"};

// The days bookings are spread over, and how far the two short ones move.
constexpr long kBookingDays = 151;  // odd, so that every day sees every service

// "dd.mm" for `days` days after today. 31 December (short hours) and 1 January
// (closed) become days past the others, so no day takes more than its share.
std::string DayAhead(long days) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  localtime_r(&t, &tm);
  if ((tm.tm_mon == 11 && tm.tm_mday == 31) || (tm.tm_mon == 0 && tm.tm_mday == 1)) {
    t += static_cast<std::time_t>(kBookingDays) * 86400;
    localtime_r(&t, &tm);
  }
  return std::to_string(100 + tm.tm_mday).substr(1) + "." + std::to_string(101 + tm.tm_mon).substr(1);
}

bool Says(const TurnReport& report, const std::string& piece) {
  for (const Reply& r : report.replies) {
    if (r.text.find(piece) != std::string::npos) return true;
  }
  return false;
}

bool Ran(const TurnReport& report, const std::string& step) {
  for (const std::string& s : report.steps) {
    if (s == step) return true;
  }
  return false;
}

class Runner {
 public:
  Runner(Engine& engine, Store& store) : engine_(engine), store_(store) {}

  // One turn; a message id per turn, so no turn is a repeat.
  Result<TurnReport> Say(const std::string& session, const std::string& text, const std::string& payload = "") {
    InboundMessage m;
    m.session_id = session;
    m.channel = "bench";
    m.user_id = session;
    m.message_id = std::to_string(++turns_);
    m.text = text;
    m.button_payload = payload;
    m.start = text == "/start";
    Result<TurnReport> r = engine_.Handle(m);
    if (!r.ok()) ++errors_;
    return r;
  }

  // A delivery worker's share: read and acknowledge what the turns queued.
  void Drain() {
    for (;;) {
      auto batch = store_.ReadOutbox("bench", 256);
      if (!batch.ok() || batch->empty()) return;
      std::vector<std::string> ids;
      for (const OutboxEntry& e : *batch) ids.push_back(e.id);
      if (!store_.AckOutbox(ids).ok()) ++errors_;
    }
  }

  long turns() const { return turns_; }
  long errors() const { return errors_; }

 private:
  Engine& engine_;
  Store& store_;
  long turns_ = 0;
  long errors_ = 0;
};

// What Book says when the booking system had no free time left that day: a fast run
// fills the calendar of the days it books. Counted, not a failure of the flow.
constexpr char kDayFull[] = "no free time offered";

// One whole booking; "" when it completed, else what went wrong.
std::string Book(Runner& runner, long n) {
  // Idempotency keys of business calls come from the session: a run of its own
  // against a booking system that stays up keeps them apart from the last run's.
  static const std::string run = std::to_string(getpid()) + ":";
  const std::string session = "book:" + run + std::to_string(n);
  // Four services with their own masters spread the bookings over every master's
  // time, so that a fast run does not fill the calendar of the days it books.
  static constexpr const char* kServices[] = {"маникюр", "женскую стрижку", "мужскую стрижку", "брови"};
  auto first = runner.Say(session, std::string("хочу записаться на ") + kServices[n % std::size(kServices)] +
                                       " на " + DayAhead(1 + n % kBookingDays));
  if (!first.ok()) return first.status().ToString();
  auto master = runner.Say(session, "любой мастер");
  if (!master.ok()) return master.status().ToString();
  const Button* time = nullptr;
  for (const Reply& r : master->replies) {
    if (!r.buttons.empty()) time = &r.buttons.front();
  }
  if (time == nullptr || !Ran(*master, "booking.ask_time")) return kDayFull;
  auto name = runner.Say(session, time->label, time->payload);
  if (!name.ok() || !Ran(*name, "booking.ask_name")) return "the name was not asked";
  auto phone = runner.Say(session, kNames[n % std::size(kNames)]);
  if (!phone.ok() || !Ran(*phone, "booking.ask_phone")) return "the phone was not asked";
  auto summary = runner.Say(session, "+7 916 " + std::to_string(100 + n % 900) + "-45-67");
  if (!summary.ok() || !Ran(*summary, "booking.ask_confirm")) return "no summary";
  auto booked = runner.Say(session, "да");
  if (!booked.ok() || !Ran(*booked, "booking.create_booking") || !Says(*booked, "Номер записи")) {
    std::string said;
    if (booked.ok()) {
      for (const Reply& r : booked->replies) said += " / " + r.text;
    }
    return "the booking system gave no number:" + said;
  }
  return "";
}

int Run(const Options& options) {
  std::unique_ptr<Store> store = NewMemoryStore();
  std::vector<Diagnostic> diagnostics;
  auto engine = Engine::Open({.flows_dir = options.flows, .store = store.get()}, &diagnostics);
  if (!engine.ok()) {
    for (const Diagnostic& d : diagnostics) std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 1;
  }
  Runner runner(**engine, *store);
  const std::string& scenario = options.scenario;
  const long sessions = options.sessions;
  if (scenario != "booking") {
    for (long s = 0; s < sessions; ++s) {
      (void)runner.Say("s:" + std::to_string(s), "/start");
      if (s % 256 == 0) runner.Drain();
    }
    runner.Drain();
  }
  const long turns_before = runner.turns();
  long conversations = 0, completed = 0, answered = 0, day_full = 0;
  std::string failure;
  const auto start = Clock::now();
  double elapsed = 0;
  while (elapsed < options.seconds) {
    for (int i = 0; i < 16; ++i) {
      const long n = conversations++;
      if (scenario == "booking") {
        std::string why = Book(runner, n);
        if (why.empty()) {
          ++completed;
        } else if (why == kDayFull) {
          ++day_full;
        } else if (failure.empty()) {
          failure = why;
        }
      } else {
        const std::string session = "s:" + std::to_string(n % sessions);
        const std::string text = scenario == "order" ? "где мой заказ 1234567"
                                                     : kFaqQuestions[n % std::size(kFaqQuestions)];
        auto r = runner.Say(session, text);
        // The order is a shipped one: the answer carries its tracking number.
        if (r.ok() && !r->fallback && (scenario != "order" || Says(*r, "CDEK-"))) ++answered;
      }
    }
    runner.Drain();
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  }
  const long turns = runner.turns() - turns_before;
  std::printf("# scenario %s, %ld live sessions, %ld conversations, %ld turns in %.2f s\n", scenario.c_str(),
              scenario == "booking" ? conversations : sessions, conversations, turns, elapsed);
  std::printf("turns_per_s,%.0f\n", turns / elapsed);
  std::printf("us_per_turn,%.2f\n", elapsed * 1e6 / turns);
  std::printf("errors,%ld\n", runner.errors());
  if (scenario == "booking") {
    std::printf("bookings_completed,%ld\n", completed);
    std::printf("bookings_per_s,%.0f\n", completed / elapsed);
    std::printf("bookings_on_full_days,%ld\n", day_full);
    if (completed + day_full != conversations || day_full * 20 > conversations) {
      std::fprintf(stderr, "engine_bench: %ld of %ld bookings did not complete (%ld on full days); first: %s\n",
                   conversations - completed, conversations, day_full, failure.empty() ? kDayFull : failure.c_str());
      return 1;
    }
  } else {
    std::printf("answered_share,%.3f\n", static_cast<double>(answered) / conversations);
    if (scenario == "order" && answered != conversations) {
      std::fprintf(stderr, "engine_bench: %ld of %ld order questions did not reach the order system\n",
                   conversations - answered, conversations);
      return 1;
    }
  }
  return runner.errors() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--flows") {
      options.flows = value;
    } else if (flag == "--scenario") {
      options.scenario = value;
    } else if (flag == "--seconds") {
      options.seconds = std::atof(value.c_str());
    } else if (flag == "--sessions") {
      options.sessions = std::max(1L, std::atol(value.c_str()));
    } else {
      std::fprintf(stderr, "usage: engine_bench --flows DIR --scenario faq|booking|order [--seconds S] [--sessions N]\n");
      return 2;
    }
  }
  if (options.scenario != "faq" && (std::getenv("LUMI_BOOKING_URL") == nullptr ||
                                    std::getenv("LUMI_ORDERS_URL") == nullptr)) {
    std::fprintf(stderr, "engine_bench: set LUMI_BOOKING_URL and LUMI_ORDERS_URL (bench/run starts the samples)\n");
    return 2;
  }
  return Run(options);
}
