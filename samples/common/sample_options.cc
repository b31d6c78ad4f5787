// Parsing of the sample services' shared command-line options.
#include "common/sample_options.h"

#include <charconv>
#include <string_view>

namespace lumi {
namespace {

// Parses a non-negative decimal integer no larger than max.
std::optional<int> ParseCount(std::string_view text, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<std::string> ParseSampleOptions(int argc, char** argv, bool accepts_today,
                                              SampleOptions* options) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      options->help = true;
      continue;
    }
    // Every other option takes a value: "--port 0" or "--port=0".
    std::string_view name = arg;
    std::string_view value;
    bool has_value = false;
    if (auto eq = arg.find('='); eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    } else if (i + 1 < argc) {
      value = argv[i + 1];
      has_value = true;
    }
    bool known = name == "--host" || name == "--port" || name == "--delay-ms" ||
                 name == "--seed" || (accepts_today && name == "--today");
    if (!known) return "unknown option: " + std::string(arg);
    if (!has_value) return "missing value for " + std::string(name);
    if (arg.find('=') == std::string_view::npos) ++i;

    if (name == "--host") {
      if (value.empty()) return std::string("--host needs an address");
      options->host = value;
    } else if (name == "--port") {
      auto port = ParseCount(value, 65535);
      if (!port) return "bad --port: " + std::string(value);
      options->port = *port;
    } else if (name == "--delay-ms") {
      auto delay = ParseCount(value, 600000);
      if (!delay) return "bad --delay-ms: " + std::string(value);
      options->delay_ms = *delay;
    } else if (name == "--seed") {
      options->seed_path = value;
    } else {
      options->today = value;  // checked by the booking service, which knows dates
    }
  }
  return std::nullopt;
}

std::string SampleUsage(const std::string& program, bool accepts_today, int default_port) {
  std::string usage = "usage: " + program +
                      " [--host ADDR] [--port N] [--delay-ms N] [--seed FILE]";
  if (accepts_today) usage += " [--today YYYY-MM-DD]";
  usage += "\n  --host ADDR      address to bind (default 127.0.0.1)\n";
  usage += "  --port N         port to listen on; 0 = any free port (default " +
           std::to_string(default_port) + ")\n";
  usage += "  --delay-ms N     delay every response by N ms, to act like a slow system\n";
  usage += "  --seed FILE      seed data (JSON) to load at start\n";
  if (accepts_today) {
    usage += "  --today DATE     take DATE as today (Europe/Moscow), for tests and demos\n";
  }
  usage += "Prints 'listening on http://HOST:PORT' once bound; stops on SIGTERM or SIGINT.\n";
  return usage;
}

}  // namespace lumi
