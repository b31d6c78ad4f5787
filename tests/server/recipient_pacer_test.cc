// Pacing per recipient: a burst at once, then one per interval, each recipient apart.
#include "server/recipient_pacer.h"

#include <doctest/doctest.h>

namespace switchboard::server {
namespace {

TEST_CASE("RecipientPacer lets a burst through, then spaces the rest by the interval") {
  RecipientPacer pacer(1000, 3);
  CHECK(pacer.Reserve("telegram\n1", 0) == 0);
  CHECK(pacer.Reserve("telegram\n1", 0) == 0);
  CHECK(pacer.Reserve("telegram\n1", 0) == 0);
  CHECK(pacer.Reserve("telegram\n1", 0) == 1000);
  CHECK(pacer.Reserve("telegram\n1", 0) == 2000);
  CHECK(pacer.Reserve("telegram\n2", 0) == 0);  // another chat is not held up
}

TEST_CASE("RecipientPacer refills with time, and interval 0 turns it off") {
  RecipientPacer pacer(1000, 2);
  CHECK(pacer.Reserve("a", 0) == 0);
  CHECK(pacer.Reserve("a", 0) == 0);
  CHECK(pacer.Reserve("a", 0) == 1000);
  CHECK(pacer.Reserve("a", 10000) == 0);  // idle long enough: a full burst again
  CHECK(pacer.Reserve("a", 10000) == 0);
  RecipientPacer off(0, 1);
  for (int i = 0; i < 5; ++i) CHECK(off.Reserve("a", 0) == 0);
}

}  // namespace
}  // namespace switchboard::server
