// lumi_order_service: the sample order system of Studio Lumi's online shop. Loads the
// seed file, then serves order lookups until SIGTERM or SIGINT. A real shop runs its
// own system instead and points the bot's order base URL at it.
#include <httplib.h>

#include <iostream>

#include "common/sample_options.h"
#include "common/sample_server.h"
#include "order_service/order_seed.h"
#include "order_service/order_server.h"
#include "order_service/order_store.h"

namespace {

constexpr int kDefaultPort = 8092;

}  // namespace

int main(int argc, char** argv) {
  lumi::SampleOptions options;
  options.port = kDefaultPort;
  options.seed_path = LUMI_ORDER_DEFAULT_SEED;
  if (auto error = lumi::ParseSampleOptions(argc, argv, /*accepts_today=*/false, &options)) {
    std::cerr << *error << "\n" << lumi::SampleUsage(argv[0], false, kDefaultPort);
    return 2;
  }
  if (options.help) {
    std::cout << lumi::SampleUsage(argv[0], false, kDefaultPort);
    return 0;
  }

  std::vector<lumi::Order> orders;
  if (auto error = lumi::LoadOrderSeed(options.seed_path, &orders)) {
    std::cerr << *error << "\n";
    return 2;
  }
  const lumi::OrderStore store(std::move(orders));

  httplib::Server server;
  lumi::InstallCommonHandlers(server, options);
  lumi::AddOrderRoutes(server, store);
  return lumi::ServeUntilSignal(server, options);
}
