// Reading one file of a folder that staff control (flows, conversation tests)
// without trusting the folder: a link that leads out of it, a FIFO, a device or an
// oversized file is refused with a diagnostic instead of being read or echoed.
#pragma once

#include <cstddef>
#include <string>

#include "switchboard/diagnostic.h"

namespace switchboard {

// Reads `path`, which names a file in the folder `root`, into *content. Refuses
// (returns false and fills *problem, naming `path`) a link whose target lies
// outside `root`, anything but a regular file, and a file larger than `max_bytes`.
// The file is opened by its resolved path without following links, so a link
// swapped in after the check is refused too. Thread-compatible.
bool ReadSourceFile(const std::string& path, const std::string& root, size_t max_bytes,
                    std::string* content, Diagnostic* problem);

}  // namespace switchboard
