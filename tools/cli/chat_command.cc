// `switchboard chat DIR`: talk to the bot in the terminal on the in-memory store.
// Buttons are shown as numbered options; type the number (or the label) to press.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "commands.h"
#include "switchboard/clock.h"
#include "switchboard/engine.h"

namespace switchboard::cli {
namespace {

void PrintReplies(const TurnReport& report) {
  for (const Reply& reply : report.replies) {
    if (!reply.text.empty()) std::printf("bot> %s\n", reply.text.c_str());
    size_t number = 0;  // typing it presses the button; links open, they are not pressed
    for (const Button& b : reply.buttons) {
      if (b.action == ButtonAction::kLink) {
        std::printf("     [link] %s (%s)\n", b.label.c_str(), b.target.c_str());
      } else {
        std::printf("     [%zu] %s\n", ++number, b.label.c_str());
      }
    }
    if (!reply.quick_replies.empty()) {
      std::printf("     (");
      for (size_t i = 0; i < reply.quick_replies.size(); ++i) {
        std::printf("%s%s", i ? " | " : "", reply.quick_replies[i].c_str());
      }
      std::printf(")\n");
    }
  }
  if (report.handed_off) std::printf("---- the chat is with the operators now (type /reset to start over)\n");
  std::fflush(stdout);
}

}  // namespace

int Chat(const Args& args) {
  std::vector<std::string> dirs = Positional(args);
  if (dirs.size() != 1) {
    std::fputs("usage: switchboard chat DIR [--redis redis://host:port/db]\n", stderr);
    return 2;
  }
  auto store = OpenStore(args, nullptr);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  std::vector<Diagnostic> diagnostics;
  auto engine = Engine::Open({.flows_dir = dirs[0], .store = store->get()}, &diagnostics);
  if (!engine.ok()) {
    PrintDiagnostics(diagnostics);
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 1;
  }
  std::printf("Chatting with the bot in %s. Type a message; a number presses a button; "
              "/start starts over, /reset forgets the chat, /reload reads the flows again, /quit leaves.\n", dirs[0].c_str());
  // A new conversation per run, also on a shared Redis.
  std::string session = "cli:" + std::to_string(SystemClock()->NowMs());
  int counter = 0, sessions = 1;
  std::string line;
  bool first = true;
  const bool interactive = ::isatty(STDIN_FILENO);
  while (true) {
    InboundMessage m;
    m.session_id = session;
    m.channel = "cli";
    m.message_id = session + ":" + std::to_string(++counter);
    if (first) {
      m.start = true;  // a new chat window: greet
      first = false;
    } else {
      std::printf("you> ");
      std::fflush(stdout);
      if (!std::getline(std::cin, line) || line == "/quit") break;
      if (!interactive) std::printf("%s\n", line.c_str());  // a piped script reads as a transcript
      if (line == "/reload") {
        // Staff edit the flows while chatting: the conversation stays where it is.
        std::vector<Diagnostic> found;
        Status reloaded = (*engine)->Reload(&found);
        PrintDiagnostics(found);
        std::printf("---- %s\n", reloaded.ok() ? "flows reloaded" : "flows have errors; the running version stays");
        continue;
      }
      if (line == "/reset") {
        session = "cli:" + std::to_string(SystemClock()->NowMs()) + ":" + std::to_string(++sessions);
        first = true;
        continue;
      }
      m.text = line;
      m.start = line == "/start";
    }
    auto report = (*engine)->Handle(m);
    if (!report.ok()) {
      std::fprintf(stderr, "error: %s\n", report.status().ToString().c_str());
      continue;
    }
    PrintReplies(*report);
  }
  return 0;
}

}  // namespace switchboard::cli
