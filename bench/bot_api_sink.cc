// bot_api_sink: a stand-in for Telegram's Bot API while bench/run measures the
// webhook. Every POST /bot<token>/<method> is accepted with {"ok":true,...} and
// counted, so that the server's delivery workers do their whole job (render, send,
// acknowledge) against a peer that costs almost nothing. GET /count tells how many
// calls arrived. Not a fake of the API's checks: tests/integration/messengers has those.
#include <httplib.h>

#include <atomic>
#include <iostream>
#include <string>

#include "common/sample_options.h"
#include "common/sample_server.h"

int main(int argc, char** argv) {
  lumi::SampleOptions options;
  if (auto error = lumi::ParseSampleOptions(argc, argv, /*accepts_today=*/false, &options)) {
    std::cerr << *error << "\n" << lumi::SampleUsage(argv[0], false, 0);
    return 2;
  }
  if (options.help) {
    std::cout << lumi::SampleUsage(argv[0], false, 0);
    return 0;
  }
  std::atomic<long> calls{0};
  httplib::Server server;
  lumi::InstallCommonHandlers(server, options);
  server.Post(R"(/bot[^/]+/(\w+))", [&calls](const httplib::Request& request, httplib::Response& response) {
    long n = ++calls;
    const std::string& method = request.matches[1];
    std::string result = method == "sendMessage"
                             ? R"({"message_id":)" + std::to_string(n) + R"(,"date":1767225600,"chat":{"id":1,"type":"private"}})"
                             : "true";
    response.set_content(R"({"ok":true,"result":)" + result + "}", "application/json");
  });
  server.Get("/count", [&calls](const httplib::Request&, httplib::Response& response) {
    response.set_content(std::to_string(calls.load()) + "\n", "text/plain");
  });
  return lumi::ServeUntilSignal(server, options);
}
