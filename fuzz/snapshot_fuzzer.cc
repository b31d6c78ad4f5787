// Fuzz target: a stored conversation snapshot, as Redis might hand back a corrupt
// or forged one. Decoding must refuse bad input as a value; what it accepts must
// re-encode to a snapshot that decodes to the same state.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dialog/session_state.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace switchboard;
  std::string_view snapshot(reinterpret_cast<const char*>(data), size);
  Result<SessionState> decoded = SessionStateFromSnapshot(snapshot);
  if (!decoded.ok()) return 0;
  std::string encoded = SessionStateToSnapshot(decoded.value());
  Result<SessionState> again = SessionStateFromSnapshot(encoded);
  fuzz::Require(again.ok(), "a re-encoded snapshot decodes");
  fuzz::Require(again.value() == decoded.value(), "a re-encoded snapshot decodes to the same state");
  return 0;
}
