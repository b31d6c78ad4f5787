// Background delivery: threads that read the outbox (Store::ReadOutbox), hand each
// reply to its channel's adapter and acknowledge it. A passing failure is retried
// with a doubling wait; one still failing is left unacknowledged, and the store
// hands it out again later (to any process). A reply handed out max_deliveries
// times, refused permanently, or for a channel without an adapter is recorded as
// failed (log and metric) and acknowledged, so that nothing is retried forever.
// Processes sharing a Redis share the work through its consumer group.
//
// Order per recipient: when a reply is left for redelivery, the later replies of
// the same recipient in that read are left too, so that they arrive after it. A
// messenger's "retry after N seconds" (Telegram's 429) is waited out in place when
// it is short. Channels that ask for it (ChannelAdapter::paced) get at most
// per_recipient_burst replies at once per recipient, then one per
// per_recipient_interval_ms (server/recipient_pacer.h).
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapters/channel_adapter.h"
#include "server/json_logger.h"
#include "server/metrics.h"
#include "server/recipient_pacer.h"
#include "server/server_config.h"
#include "switchboard/store.h"

namespace switchboard::server {

class DeliveryWorkers {
 public:
  // Nothing is owned; all must outlive the workers. `consumer` names this process
  // in the outbox's consumer group (each thread adds "/N").
  DeliveryWorkers(OutboxStore* outbox, std::map<std::string, adapters::ChannelAdapter*> adapters,
                  DeliveryConfig config, std::string consumer, Metrics* metrics, JsonLogger* log);
  ~DeliveryWorkers();
  DeliveryWorkers(const DeliveryWorkers&) = delete;
  DeliveryWorkers& operator=(const DeliveryWorkers&) = delete;

  void Start();
  // Finishes the replies in hand (without waiting out backoffs) and joins.
  void Stop();

 private:
  void Run(int index);
  // True when the entry is done with (delivered or given up): acknowledge it.
  bool DeliverOne(const OutboxEntry& entry);
  // Waits up to ms; false when stopping.
  bool Wait(int ms);

  OutboxStore* outbox_;
  std::map<std::string, adapters::ChannelAdapter*> adapters_;
  DeliveryConfig config_;
  std::string consumer_;
  Metrics* metrics_;
  JsonLogger* log_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
  RecipientPacer pacer_;
};

}  // namespace switchboard::server
