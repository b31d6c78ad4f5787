// Engine throughput on one core with the in-memory store: whole turns (load,
// match, run steps, commit) over the Studio Lumi flows, a realistic mix of FAQ
// questions, a booking form, a fallback and commands. Prints turns per second.
//   build/bench/engine_bench [FLOWS_DIR] [SECONDS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "switchboard/engine.h"

using namespace switchboard;

int main(int argc, char** argv) {
  std::string flows = argc > 1 ? argv[1] : "flows";
  double seconds = argc > 2 ? std::atof(argv[2]) : 3.0;
  std::unique_ptr<Store> store = NewMemoryStore();
  std::vector<Diagnostic> diagnostics;
  auto engine = Engine::Open({.flows_dir = flows, .store = store.get()}, &diagnostics);
  if (!engine.ok()) {
    for (const Diagnostic& d : diagnostics) std::fprintf(stderr, "%s\n", FormatDiagnostic(d).c_str());
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 1;
  }
  // One scripted conversation; each run of it is a new session.
  const std::vector<std::string> script = {
      "/start",
      "во сколько вы открываетесь в воскресенье",
      "сколько стоит женская стрижка",
      "how much is a manicure",
      "хочу записаться на маникюр",
      "маникюр",
      "любой мастер",
      "в субботу",
      "Анна",
      "+7 916 123-45-67",
      "а где вы находитесь?",
      "отмена",
      "ываываыва",
      "доставка в питер сколько стоит",
  };
  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  long turns = 0, conversations = 0, errors = 0;
  double elapsed = 0;
  while (elapsed < seconds) {
    std::string session = "bench:" + std::to_string(conversations++);
    for (size_t i = 0; i < script.size(); ++i) {
      InboundMessage m;
      m.session_id = session;
      m.channel = "bench";
      m.message_id = std::to_string(i);
      m.text = script[i];
      m.start = script[i] == "/start";
      errors += !(*engine)->Handle(m).ok();
      ++turns;
    }
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  }
  std::printf("command: %s %s %.1f\n", argv[0], flows.c_str(), seconds);
  std::printf("store: memory, threads: 1, conversations: %ld, turns: %ld, errors: %ld\n", conversations,
              turns, errors);
  std::printf("turns_per_second: %.0f\n", turns / elapsed);
  std::printf("us_per_turn: %.2f\n", elapsed * 1e6 / turns);
  return errors == 0 ? 0 : 1;
}
