// The one assertion the fuzz targets share: a property that must hold for every
// input (a decoded value re-encodes and decodes to itself). A failure prints what
// broke and aborts, which libFuzzer reports as a crash with its reproducer.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace switchboard::fuzz {

inline void Require(bool holds, const char* property) {
  if (holds) return;
  std::fprintf(stderr, "property violated: %s\n", property);
  std::abort();
}

}  // namespace switchboard::fuzz
