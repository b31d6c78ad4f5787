// `switchboard serve CONFIG.yaml [--check]`: runs the bot as a server (the web
// chat, the REST API, delivery workers, health and metrics) until SIGTERM or
// SIGINT, then stops gracefully. --check reads the configuration and the flows,
// prints every problem as file:line:column and exits without serving.
#include <csignal>
#include <cstdio>
#include <pthread.h>

#include "commands.h"
#include "flow/flow_loader.h"
#include "server/channel_limits_check.h"
#include "server/server.h"
#include "server/server_config.h"
#include "switchboard/engine.h"

namespace switchboard::cli {

int Serve(const Args& args) {
  std::vector<std::string> files = Positional(args);
  if (files.size() != 1) {
    std::fputs("usage: switchboard serve CONFIG.yaml [--check]\n", stderr);
    return 2;
  }
  server::ServerConfig config;
  std::vector<Diagnostic> diagnostics;
  bool config_ok = server::LoadServerConfig(files[0], SB_WEBCHAT_ASSETS, &config, &diagnostics);
  if (!config_ok) {
    PrintDiagnostics(diagnostics);
    return 1;
  }
  if (HasFlag(args, "--check")) {
    LoadedBot bot = LoadBot(config.flows);
    int errors = PrintDiagnostics(bot.diagnostics);
    if (errors > 0 || !bot.program) return 1;
    // Buttons the enabled messengers would show as numbered options.
    PrintDiagnostics(server::CheckButtonLimits(LoadFlowDirectory(config.flows).sources,
                                               server::EnabledMessengers(config.channels)));
    std::printf("%s: OK (flows %s, store %s, listen %s:%d)\n", files[0].c_str(), config.flows.c_str(),
                config.store == "memory" ? "memory" : "redis", config.host.c_str(), config.port);
    return 0;
  }
  // Signals are taken by sigwait below, not by whichever thread they hit.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto server = server::Server::Open(config, &diagnostics);
  if (!server.ok()) {
    PrintDiagnostics(diagnostics);
    std::fprintf(stderr, "switchboard serve: %s\n", server.status().ToString().c_str());
    return 1;
  }
  auto port = (*server)->Start();
  if (!port.ok()) {
    std::fprintf(stderr, "switchboard serve: %s\n", port.status().ToString().c_str());
    return 1;
  }
  std::printf("listening on http://%s:%d\n", config.host.c_str(), *port);
  if (config.channels.webchat) std::printf("web chat: http://%s:%d/chat/\n", config.host.c_str(), *port);
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  (*server)->Stop();
  return 0;
}

}  // namespace switchboard::cli
