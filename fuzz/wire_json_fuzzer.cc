// Fuzz target: the JSON wire forms read back from the store, an event of the log
// (EventFromJson) and a reply of the outbox (OutboundReplyFromJson). Each accepted
// value must re-encode to JSON that decodes to the same value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "switchboard/event.h"
#include "switchboard/reply.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace switchboard;
  std::string_view json(reinterpret_cast<const char*>(data), size);
  if (Result<Event> event = EventFromJson(json); event.ok()) {
    Result<Event> again = EventFromJson(EventToJson(event.value()));
    fuzz::Require(again.ok(), "a re-encoded event decodes");
    fuzz::Require(again.value() == event.value(), "a re-encoded event decodes to the same event");
  }
  (void)EventFromJsonOrPlaceholder(json);
  if (Result<OutboundReply> reply = OutboundReplyFromJson(json); reply.ok()) {
    Result<OutboundReply> again = OutboundReplyFromJson(OutboundReplyToJson(reply.value()));
    fuzz::Require(again.ok(), "a re-encoded reply decodes");
    fuzz::Require(again.value() == reply.value(), "a re-encoded reply decodes to the same reply");
  }
  return 0;
}
