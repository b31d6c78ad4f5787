// The REST API for the business's own apps (documented in adapters/rest/openapi.yaml):
//   POST /api/v1/conversations/{id}/messages   a customer's message -> the turn's replies
//   GET  /api/v1/conversations/{id}/transcript?from=N&limit=M   the log, in pages
// Every call carries "Authorization: Bearer KEY" with one of the configured keys.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "adapters/channel_adapter.h"

namespace switchboard::adapters {

struct RestOptions {
  std::vector<std::string> api_keys;  // accepted bearer tokens; none: every call is refused
  size_t max_text_bytes = 16 * 1024;
};

// The channel is "rest"; a conversation {id} is the session "rest:{id}". Replies
// are returned by the call itself, and operators' replies are read from the
// transcript, so delivering one is acknowledging it.
std::unique_ptr<ChannelAdapter> NewRestAdapter(AdapterHost* host, RestOptions options);

}  // namespace switchboard::adapters
