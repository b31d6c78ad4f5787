// The configuration of `switchboard serve`: one YAML file (reference:
// server/README.md). Read and checked at start; every problem is reported at once
// as file:line:column like the flows' problems. Secrets are never in the file:
// it names the environment variables that hold them.
#pragma once

#include <string>
#include <vector>

#include "adapters/telegram/telegram_options.h"
#include "adapters/viber/viber_options.h"
#include "adapters/vk/vk_options.h"
#include "adapters/whatsapp/whatsapp_options.h"
#include "server/console/console_config.h"
#include "switchboard/diagnostic.h"

namespace switchboard::server {

struct HttpConfig {
  int threads = 64;                    // worker pool: one per open connection
  int keep_alive_max_requests = 10000; // per connection
  int keep_alive_timeout_s = 5;        // an idle connection holds a worker thread until then
  int read_timeout_ms = 5000;
  int write_timeout_ms = 5000;
  size_t max_body_bytes = 64 * 1024;
};

struct DeliveryConfig {
  int workers = 2;              // threads reading the outbox; 0: this process does not deliver
  int batch = 32;               // outbox entries per read
  int poll_ms = 200;            // wait after an empty read
  int retry_backoff_ms = 200;   // first wait between attempts, doubling
  int attempts_per_read = 3;    // attempts before the entry is left to redelivery
  int max_deliveries = 5;       // handed out this often and never delivered: a permanent failure
  // A messenger's "retry after" up to this long is waited out by the worker;
  // a longer one leaves the reply to the store's redelivery.
  int max_retry_after_ms = 30000;
  // Paced channels (the messengers): replies to one recipient at once, then one
  // per interval. 0 turns pacing off.
  int per_recipient_burst = 3;
  int per_recipient_interval_ms = 1000;
};

struct ChannelsConfig {
  bool rest = false;
  std::vector<std::string> rest_api_keys;  // from rest.api_keys_env (comma-separated)
  bool webchat = false;
  std::string webchat_secret;              // from webchat.secret_env
  std::string webchat_assets;              // the page's folder
  bool telegram = false;
  adapters::TelegramOptions telegram_options;  // secrets from channels.telegram.*_env
  bool whatsapp = false;
  adapters::WhatsAppOptions whatsapp_options;  // secrets from channels.whatsapp.*_env
  bool viber = false;
  adapters::ViberOptions viber_options;        // the token from channels.viber.auth_token_env
  bool vk = false;
  adapters::VkOptions vk_options;              // secrets from channels.vk.*_env
};

struct ServerConfig {
  std::string file;                 // where it was read from
  std::string host = "127.0.0.1";
  int port = 8080;                  // 0: any free port (printed at start)
  std::string store = "memory";     // "memory" or redis://...
  std::string store_key_prefix = "sb";
  std::string flows = "flows";      // relative paths are relative to the config file
  int flows_watch_ms = 1000;        // 0: no file watch
  std::string admin_token;          // from admin.token_env; empty: no admin endpoints
  std::string server_id;            // names this process's outbox consumers; default host:pid
  HttpConfig http;
  DeliveryConfig delivery;
  ChannelsConfig channels;
  std::string log_level = "info";   // debug, info, warn, error
  std::string log_file;             // "" = standard error
  size_t max_message_bytes = 16 * 1024;
  ConsoleConfig console;            // the operator console; off without `console:`
};

// Reads and checks the file. Returns false with the problems in *diagnostics
// (errors; warnings do not fail). `default_assets` is the web chat page's folder
// when the file does not name one.
bool LoadServerConfig(const std::string& path, const std::string& default_assets,
                      ServerConfig* config, std::vector<Diagnostic>* diagnostics);

}  // namespace switchboard::server
