// Command-line options shared by the sample services: where to listen, how slow to be,
// which seed file to load. Parsing reports errors as a message, never by exiting.
#pragma once

#include <optional>
#include <string>

namespace lumi {

struct SampleOptions {
  // Address to bind; loopback by default so a demo never listens on the network.
  std::string host = "127.0.0.1";
  // TCP port; 0 asks the kernel for a free one (the "listening on" line tells which).
  int port = 0;
  // Every response waits this long first, to act like a slow backend. 0 = no delay.
  int delay_ms = 0;
  // The seed data file (JSON). Empty = the program's default.
  std::string seed_path;
  // --today YYYY-MM-DD: freeze the service's calendar at the start of that day
  // (booking service only). Empty = real time in Europe/Moscow.
  std::string today;
  // --help was given.
  bool help = false;
};

// Parses argv into *options (which holds the program's defaults on entry). Returns an
// error message for an unknown option or a bad value, nullopt on success.
// --today is accepted only when accepts_today is true.
std::optional<std::string> ParseSampleOptions(int argc, char** argv, bool accepts_today,
                                              SampleOptions* options);

// The usage text for --help and errors.
std::string SampleUsage(const std::string& program, bool accepts_today, int default_port);

}  // namespace lumi
