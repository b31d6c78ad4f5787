// The process's real clocks.
#include <chrono>

#include "switchboard/clock.h"

namespace switchboard {
namespace {

class RealClock final : public Clock {
 public:
  int64_t NowMs() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
  int64_t MonotonicMs() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
  }
};

}  // namespace

const Clock* SystemClock() {
  static const RealClock clock;
  return &clock;
}

}  // namespace switchboard
