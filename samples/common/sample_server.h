// The life of a sample service's HTTP server, shared by both samples: JSON answers for
// unknown paths and failures, the --delay-ms pause, binding (port 0 = any free port),
// the one "listening on" line on stdout, and a clean stop on SIGTERM or SIGINT.
#pragma once

#include "common/sample_options.h"

namespace httplib {
class Server;
}

namespace lumi {

// Installs what every sample answers the same way: the response delay, a JSON 404 for
// unknown paths, a JSON 500 when a handler throws, and a 64 KiB limit on request bodies.
// Call before the server starts.
void InstallCommonHandlers(httplib::Server& server, const SampleOptions& options);

// Binds to options.host:options.port, prints "listening on http://HOST:PORT" to stdout
// (flushed), serves until SIGTERM or SIGINT, then stops the server.
// Returns the process exit code: 0 after a clean stop, 1 when the bind fails.
// Blocks SIGTERM and SIGINT in the calling thread, so call it from main() before any
// other thread starts.
int ServeUntilSignal(httplib::Server& server, const SampleOptions& options);

}  // namespace lumi
