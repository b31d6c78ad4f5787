// The seam through which the engine sends HTTP calls: an abstract HttpClient, so that
// the dialog runtime can be tested with a fake, and the real one built on cpp-httplib.
#pragma once

#include <memory>

#include "actions/http_call.h"

namespace switchboard {

// Sends HttpCalls. Implementations are safe for concurrent use by multiple threads.
class HttpClient {
 public:
  virtual ~HttpClient() = default;

  // Sends call, retrying as HttpCall::retries allows, and returns what came of it.
  // Never throws; a malformed call yields kInvalidRequest without sending anything.
  virtual HttpOutcome Send(const HttpCall& call) = 0;
};

// The real client: one new connection per attempt, TCP_NODELAY on, no redirects
// followed, User-Agent "switchboard", Content-Type application/json with a body.
// HttpCall::timeout_ms is a deadline for the whole exchange, retries and the waits
// between them included: Send returns by then whatever the service does (headers sent
// a byte at a time included). A body over max_response_bytes is cut off while being
// read. Retries wait 100 ms, then 200 ms, 400 ms ... between attempts, and are not
// started when too little of the deadline is left for one.
std::unique_ptr<HttpClient> NewHttpClient();

}  // namespace switchboard
