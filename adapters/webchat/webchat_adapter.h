// The web chat: a page and a script served by the server, and the small JSON API
// the script talks to:
//   GET  /chat/                       the demo page (chat.js, chat.css beside it)
//   POST /chat/api/visitor            a new signed visitor token
//   POST /chat/api/messages           {visitor, text | button_payload | start, ...}
//   GET  /chat/api/transcript?visitor=TOKEN&from=N   what the customer sees, from N
//   GET  /chat/api/events?visitor=TOKEN    Server-Sent Events: "changed", "typing"
// The page renders the conversation from the transcript and follows it through the
// event stream (or polls it when the server refuses a stream), so replies of
// operators appear without a reload whichever server process answers. Other sites
// embed the chat with one script tag: the API allows any origin (no cookies; the
// visitor token travels in the body or the query).
#pragma once

#include <memory>
#include <string>

#include "adapters/channel_adapter.h"

namespace switchboard::adapters {

struct WebChatOptions {
  std::string secret;      // signs visitor tokens; required
  std::string assets_dir;  // index.html, chat.js, chat.css
  size_t max_text_bytes = 16 * 1024;
};

// The channel is "webchat"; a visitor is the session "web:<visitor id>". Fails with
// InvalidArgument when the secret is empty or an asset cannot be read.
Result<std::unique_ptr<ChannelAdapter>> NewWebChatAdapter(AdapterHost* host, WebChatOptions options);

}  // namespace switchboard::adapters
