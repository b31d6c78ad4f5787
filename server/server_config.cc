// Reading the server's YAML configuration with positions (see server_config.h). The
// only file of the server that sees yaml-cpp; its exceptions stop here.
#include "server/server_config.h"

#include <yaml-cpp/yaml.h>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>

#include "flow/edit_distance.h"
#include "server/console/operator_auth.h"

namespace switchboard::server {
namespace {

class ConfigReader {
 public:
  ConfigReader(std::string file, std::vector<Diagnostic>* out) : file_(std::move(file)), out_(out) {}

  void Error(const YAML::Mark& mark, std::string code, std::string message, std::string hint = "") {
    out_->push_back({Severity::kError, file_, mark.line + 1, mark.column + 1, std::move(code),
                     std::move(message), std::move(hint)});
  }

  // Calls on[key](value) for each key of the map at `node`; unknown keys are errors.
  using Handlers = std::map<std::string, std::function<void(const YAML::Node&)>>;
  void Map(const YAML::Node& node, const std::string& where, const Handlers& on) {
    if (!node.IsMap()) {
      Error(node.Mark(), "wrong-type", "'" + where + "' must be a map of keys");
      return;
    }
    std::vector<std::string> names;
    for (const auto& [name, _] : on) names.push_back(name);
    for (const auto& kv : node) {
      std::string key = kv.first.Scalar();
      auto it = on.find(key);
      if (it == on.end()) {
        std::string close = ClosestMatch(key, names);
        Error(kv.first.Mark(), "unknown-key",
              "unknown key '" + key + "' in '" + where + "'; expected one of " + JoinNames(names),
              close.empty() ? "" : "did you mean '" + close + "'?");
        continue;
      }
      it->second(kv.second);
    }
  }

  bool String(const YAML::Node& node, const std::string& key, std::string* out) {
    if (!node.IsScalar() || node.Scalar().empty()) {
      Error(node.Mark(), "wrong-type", "'" + key + "' must be a non-empty string");
      return false;
    }
    *out = node.Scalar();
    return true;
  }

  template <typename T>
  void Number(const YAML::Node& node, const std::string& key, long long min, long long max, T* out) {
    long long value = 0;
    bool ok = node.IsScalar();
    if (ok) {
      const std::string& s = node.Scalar();
      char* end = nullptr;
      errno = 0;
      value = std::strtoll(s.c_str(), &end, 10);
      ok = !s.empty() && end == s.c_str() + s.size() && errno == 0;
    }
    if (!ok || value < min || value > max) {
      Error(node.Mark(), ok ? "out-of-range" : "wrong-type",
            "'" + key + "' must be a whole number in " + std::to_string(min) + ".." + std::to_string(max));
      return;
    }
    *out = static_cast<T>(value);
  }

  void Bool(const YAML::Node& node, const std::string& key, bool* out) {
    if (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false")) {
      *out = node.Scalar() == "true";
    } else {
      Error(node.Mark(), "wrong-type", "'" + key + "' must be true or false");
    }
  }

  // The value of the environment variable named at `node`.
  bool Env(const YAML::Node& node, const std::string& key, std::string* out) {
    std::string name;
    if (!String(node, key, &name)) return false;
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') {
      Error(node.Mark(), "missing-env", "'" + key + "' names the environment variable " + name + ", which is not set",
            "export " + name + "=... before starting the server");
      return false;
    }
    *out = value;
    return true;
  }

 private:
  std::string file_;
  std::vector<Diagnostic>* out_;
};

std::string Resolve(const std::string& base_dir, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  return (std::filesystem::path(base_dir) / path).lexically_normal().string();
}

void StoreUrl(ConfigReader& r, const YAML::Node& n, const std::string& key, const std::string& v,
              ServerConfig* c) {
  if (v != "memory" && !v.starts_with("redis://")) {
    r.Error(n.Mark(), "bad-store", "'" + key + "' must give 'memory' or a redis:// URL",
            "use store_env to keep a password out of the file");
    return;
  }
  c->store = v;
}

// channels.telegram: {token_env, secret_token_env, api_base?, webhook_path?}
void ReadTelegram(ConfigReader& r, const YAML::Node& m, adapters::TelegramOptions* t) {
  r.Map(m, "channels.telegram", {
    {"token_env", [&](const YAML::Node& v) { r.Env(v, "token_env", &t->bot_token); }},
    {"secret_token_env", [&](const YAML::Node& v) {
      if (!r.Env(v, "secret_token_env", &t->secret_token)) return;
      bool ok = t->secret_token.size() <= 256 &&
                t->secret_token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") ==
                    std::string::npos;
      if (!ok) r.Error(v.Mark(), "bad-secret", "Telegram's secret token must be 1-256 characters of A-Z a-z 0-9 _ -");
    }},
    {"api_base", [&](const YAML::Node& v) { r.String(v, "api_base", &t->api_base); }},
    {"webhook_path", [&](const YAML::Node& v) {
      if (r.String(v, "webhook_path", &t->webhook_path) && t->webhook_path[0] != '/') {
        r.Error(v.Mark(), "bad-path", "'webhook_path' must start with /");
      }
    }},
  });
  for (const char* key : {"token_env", "secret_token_env"}) {
    if (m.IsMap() && !m[key]) {
      r.Error(m.Mark(), "missing-key", std::string("'channels.telegram' needs '") + key +
              "': the variable with the bot token from @BotFather, or with the secret token given to setWebhook");
    }
  }
}

// "HH:MM-HH:MM" into minutes of the day; false when malformed.
bool ParseHours(const std::string& text, int* open, int* close) {
  int h1 = 0, m1 = 0, h2 = 0, m2 = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d:%d-%d:%d%c", &h1, &m1, &h2, &m2, &tail) != 4) return false;
  if (h1 < 0 || h1 > 24 || h2 < 0 || h2 > 24 || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59) return false;
  *open = h1 * 60 + m1;
  *close = h2 * 60 + m2;
  return *open < *close && *close <= 24 * 60;
}

void ReadStrings(ConfigReader& r, const YAML::Node& n, const std::string& key, std::vector<std::string>* out) {
  if (!n.IsSequence()) {
    r.Error(n.Mark(), "wrong-type", "'" + key + "' must be a list");
    return;
  }
  for (const auto& item : n) {
    std::string v;
    if (item.IsScalar() && item.Scalar().empty()) {
      out->push_back("");  // the general queue
    } else if (r.String(item, key, &v)) {
      out->push_back(v);
    }
  }
}

// channels.whatsapp: {access_token_env, app_secret_env, verify_token_env,
// phone_number_id, api_base?, webhook_path?, list_button?}
void ReadWhatsApp(ConfigReader& r, const YAML::Node& m, adapters::WhatsAppOptions* w) {
  r.Map(m, "channels.whatsapp", {
    {"access_token_env", [&](const YAML::Node& v) { r.Env(v, "access_token_env", &w->access_token); }},
    {"app_secret_env", [&](const YAML::Node& v) { r.Env(v, "app_secret_env", &w->app_secret); }},
    {"verify_token_env", [&](const YAML::Node& v) { r.Env(v, "verify_token_env", &w->verify_token); }},
    {"phone_number_id", [&](const YAML::Node& v) {
      if (r.String(v, "phone_number_id", &w->phone_number_id) &&
          w->phone_number_id.find_first_not_of("0123456789") != std::string::npos) {
        r.Error(v.Mark(), "wrong-type", "'phone_number_id' must be the number's id: digits only (quote it)");
      }
    }},
    {"api_base", [&](const YAML::Node& v) { r.String(v, "api_base", &w->api_base); }},
    {"webhook_path", [&](const YAML::Node& v) {
      if (r.String(v, "webhook_path", &w->webhook_path) && w->webhook_path[0] != '/') {
        r.Error(v.Mark(), "bad-path", "'webhook_path' must start with /");
      }
    }},
    {"list_button", [&](const YAML::Node& v) { r.String(v, "list_button", &w->list_button); }},
  });
  for (const char* key : {"access_token_env", "app_secret_env", "verify_token_env", "phone_number_id"}) {
    if (m.IsMap() && !m[key]) {
      r.Error(m.Mark(), "missing-key", std::string("'channels.whatsapp' needs '") + key + "' (see server/README.md)");
    }
  }
}

// channels.viber: {auth_token_env, sender_name, api_base?, webhook_path?}
void ReadViber(ConfigReader& r, const YAML::Node& m, adapters::ViberOptions* v) {
  r.Map(m, "channels.viber", {
    {"auth_token_env", [&](const YAML::Node& n) { r.Env(n, "auth_token_env", &v->auth_token); }},
    {"sender_name", [&](const YAML::Node& n) { r.String(n, "sender_name", &v->sender_name); }},
    {"api_base", [&](const YAML::Node& n) { r.String(n, "api_base", &v->api_base); }},
    {"webhook_path", [&](const YAML::Node& n) {
      if (r.String(n, "webhook_path", &v->webhook_path) && v->webhook_path[0] != '/') {
        r.Error(n.Mark(), "bad-path", "'webhook_path' must start with /");
      }
    }},
  });
  for (const char* key : {"auth_token_env", "sender_name"}) {
    if (m.IsMap() && !m[key]) {
      r.Error(m.Mark(), "missing-key", std::string("'channels.viber' needs '") + key +
              "': the variable with the bot's auth token, and the name shown with its messages (1-28 characters)");
    }
  }
}

// channels.vk: {access_token_env, secret_env, confirmation_env, group_id,
// api_base?, api_version?, webhook_path?}
void ReadVk(ConfigReader& r, const YAML::Node& m, adapters::VkOptions* v) {
  r.Map(m, "channels.vk", {
    {"access_token_env", [&](const YAML::Node& n) { r.Env(n, "access_token_env", &v->access_token); }},
    {"secret_env", [&](const YAML::Node& n) { r.Env(n, "secret_env", &v->secret); }},
    {"confirmation_env", [&](const YAML::Node& n) { r.Env(n, "confirmation_env", &v->confirmation); }},
    {"group_id", [&](const YAML::Node& n) {
      if (r.String(n, "group_id", &v->group_id) && v->group_id.find_first_not_of("0123456789") != std::string::npos) {
        r.Error(n.Mark(), "wrong-type", "'group_id' must be the community's id: digits only");
      }
    }},
    {"api_base", [&](const YAML::Node& n) { r.String(n, "api_base", &v->api_base); }},
    {"api_version", [&](const YAML::Node& n) { r.String(n, "api_version", &v->api_version); }},
    {"webhook_path", [&](const YAML::Node& n) {
      if (r.String(n, "webhook_path", &v->webhook_path) && v->webhook_path[0] != '/') {
        r.Error(n.Mark(), "bad-path", "'webhook_path' must start with /");
      }
    }},
  });
  for (const char* key : {"access_token_env", "secret_env", "confirmation_env", "group_id"}) {
    if (m.IsMap() && !m[key]) {
      r.Error(m.Mark(), "missing-key", std::string("'channels.vk' needs '") + key + "' (see server/README.md)");
    }
  }
}

// The `console:` section (server/README.md, "The operator console").
void ReadConsole(ConfigReader& r, const YAML::Node& n, const std::string& dir, ConsoleConfig* c) {
  c->enabled = true;
  auto number = [&r](int* out, long long min, long long max, std::string key) {
    return [&r, out, min, max, key](const YAML::Node& v) { r.Number(v, key, min, max, out); };
  };
  bool has_secret = false;
  r.Map(n, "console", {
    {"session_secret_env", [&](const YAML::Node& v) { has_secret = r.Env(v, "session_secret_env", &c->session_secret); }},
    {"session_ttl_s", number(&c->session_ttl_s, 60, 30 * 86400, "session_ttl_s")},
    {"routing", [&](const YAML::Node& v) {
      std::string mode;
      if (!r.String(v, "routing", &mode)) return;
      if (mode != "auto" && mode != "manual") {
        r.Error(v.Mark(), "bad-routing", "'routing' must be auto (the least busy operator gets the chat) or manual (operators take chats)");
        return;
      }
      c->auto_routing = mode == "auto";
    }},
    {"max_chats", number(&c->max_chats, 1, 100, "max_chats")},
    {"long_wait_s", number(&c->long_wait_s, 1, 86400, "long_wait_s")},
    {"presence_ttl_s", number(&c->presence_ttl_s, 2, 3600, "presence_ttl_s")},
    {"minutes_per_chat", number(&c->minutes_per_chat, 1, 240, "minutes_per_chat")},
    {"tick_ms", number(&c->tick_ms, 10, 60000, "tick_ms")},
    {"poll_ms", number(&c->poll_ms, 10, 10000, "poll_ms")},
    {"assets", [&](const YAML::Node& v) { if (r.String(v, "assets", &c->assets)) c->assets = Resolve(dir, c->assets); }},
    {"departments", [&](const YAML::Node& v) { ReadStrings(r, v, "departments", &c->departments); }},
    {"hours", [&](const YAML::Node& v) {
      static const char* const kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
      ConfigReader::Handlers on = {{"utc_offset_minutes", number(&c->hours.utc_offset_minutes, -14 * 60, 14 * 60, "utc_offset_minutes")}};
      for (int d = 0; d < 7; ++d) {
        on[kDays[d]] = [&, d](const YAML::Node& day) {
          std::string text;
          if (!r.String(day, kDays[d], &text)) return;
          if (!ParseHours(text, &c->hours.open[d], &c->hours.close[d])) {
            r.Error(day.Mark(), "bad-hours", "'" + std::string(kDays[d]) + "' must be HH:MM-HH:MM, e.g. 09:00-20:00 (leave the day out when closed)");
          }
        };
      }
      c->hours.configured = true;
      r.Map(v, "console.hours", on);
    }},
    {"canned", [&](const YAML::Node& v) {
      if (!v.IsSequence()) {
        r.Error(v.Mark(), "wrong-type", "'canned' must be a list of {title, text}");
        return;
      }
      for (const auto& item : v) {
        CannedAnswer answer;
        r.Map(item, "console.canned", {{"title", [&](const YAML::Node& t) { r.String(t, "title", &answer.title); }},
                                       {"text", [&](const YAML::Node& t) { r.String(t, "text", &answer.text); }}});
        if (!answer.title.empty() && !answer.text.empty()) c->canned.push_back(answer);
      }
    }},
    {"operators", [&](const YAML::Node& v) {
      if (!v.IsSequence()) {
        r.Error(v.Mark(), "wrong-type", "'operators' must be a list of accounts");
        return;
      }
      for (const auto& item : v) {
        OperatorAccount a;
        r.Map(item, "console.operators", {
          {"id", [&](const YAML::Node& t) { r.String(t, "id", &a.id); }},
          {"name", [&](const YAML::Node& t) { r.String(t, "name", &a.name); }},
          {"role", [&](const YAML::Node& t) {
            std::string role;
            if (!r.String(t, "role", &role)) return;
            if (role == "operator") a.role = OperatorRole::kOperator;
            else if (role == "supervisor") a.role = OperatorRole::kSupervisor;
            else if (role == "admin") a.role = OperatorRole::kAdmin;
            else r.Error(t.Mark(), "bad-role", "'role' must be operator, supervisor or admin");
          }},
          {"departments", [&](const YAML::Node& t) { ReadStrings(r, t, "departments", &a.departments); }},
          {"max_chats", number(&a.max_chats, 1, 100, "max_chats")},
          {"password_hash", [&](const YAML::Node& t) {
            if (!r.String(t, "password_hash", &a.password_hash)) return;
            if (!IsPasswordHash(a.password_hash)) {
              r.Error(t.Mark(), "bad-password-hash", "'password_hash' must be an Argon2id hash",
                      "make one with: switchboard hash-password < password.txt");
            }
          }},
        });
        bool safe = !a.id.empty() && a.id.size() <= 64 && a.id != "desk" &&
                    a.id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == std::string::npos;
        if (!safe) {
          r.Error(item.Mark(), "bad-operator", "each operator needs an 'id' of 1-64 characters of A-Z a-z 0-9 _ . - (not 'desk')");
          continue;
        }
        if (a.password_hash.empty()) {
          r.Error(item.Mark(), "missing-key", "operator '" + a.id + "' needs a 'password_hash'",
                  "make one with: switchboard hash-password < password.txt");
        }
        for (const OperatorAccount& other : c->operators) {
          if (other.id == a.id) r.Error(item.Mark(), "duplicate-operator", "operator '" + a.id + "' is listed twice");
        }
        if (a.name.empty()) a.name = a.id;
        c->operators.push_back(a);
      }
    }},
  });
  if (n.IsMap() && !has_secret && !n["session_secret_env"]) {
    r.Error(n.Mark(), "missing-key", "'console' needs 'session_secret_env': the variable with the secret that signs operators' sessions");
  }
}

void ReadDocument(const YAML::Node& root, ConfigReader& r, ServerConfig* c) {
  const std::string dir = std::filesystem::path(c->file).parent_path().string();
  auto number = [&r](auto* out, long long min, long long max, std::string key) {
    return [&r, out, min, max, key](const YAML::Node& n) { r.Number(n, key, min, max, out); };
  };
  constexpr long long kMaxInt = std::numeric_limits<int>::max();
  r.Map(root, "the configuration", {
    {"listen", [&](const YAML::Node& n) {
      std::string v;
      if (!r.String(n, "listen", &v)) return;
      size_t colon = v.rfind(':');
      char* end = nullptr;
      long port = colon == std::string::npos ? -1 : std::strtol(v.c_str() + colon + 1, &end, 10);
      if (colon == std::string::npos || colon == 0 || *end != '\0' || port < 0 || port > 65535 ||
          end == v.c_str() + colon + 1) {
        r.Error(n.Mark(), "bad-listen", "'listen' must be HOST:PORT, e.g. 127.0.0.1:8080 (port 0: any free port)");
        return;
      }
      c->host = v.substr(0, colon);
      c->port = static_cast<int>(port);
    }},
    {"store", [&](const YAML::Node& n) {
      std::string v;
      if (r.String(n, "store", &v)) StoreUrl(r, n, "store", v, c);
    }},
    {"store_env", [&](const YAML::Node& n) {
      std::string v;
      if (r.Env(n, "store_env", &v)) StoreUrl(r, n, "store_env", v, c);
    }},
    {"store_key_prefix", [&](const YAML::Node& n) { r.String(n, "store_key_prefix", &c->store_key_prefix); }},
    {"flows", [&](const YAML::Node& n) {
      if (!r.String(n, "flows", &c->flows)) return;
      c->flows = Resolve(dir, c->flows);
      if (!std::filesystem::is_directory(c->flows)) {
        r.Error(n.Mark(), "missing-flows", "the flows folder " + c->flows + " does not exist");
      }
    }},
    {"flows_watch_ms", number(&c->flows_watch_ms, 0, 3600000, "flows_watch_ms")},
    {"server_id", [&](const YAML::Node& n) { r.String(n, "server_id", &c->server_id); }},
    {"http", [&](const YAML::Node& n) {
      r.Map(n, "http", {
        {"threads", number(&c->http.threads, 1, 1024, "threads")},
        {"keep_alive_max_requests", number(&c->http.keep_alive_max_requests, 1, kMaxInt, "keep_alive_max_requests")},
        {"keep_alive_timeout_s", number(&c->http.keep_alive_timeout_s, 1, 3600, "keep_alive_timeout_s")},
        {"read_timeout_ms", number(&c->http.read_timeout_ms, 1, 600000, "read_timeout_ms")},
        {"write_timeout_ms", number(&c->http.write_timeout_ms, 1, 600000, "write_timeout_ms")},
        {"max_body_bytes", number(&c->http.max_body_bytes, 1024, 64 << 20, "max_body_bytes")},
      });
    }},
    {"delivery", [&](const YAML::Node& n) {
      r.Map(n, "delivery", {
        {"workers", number(&c->delivery.workers, 0, 64, "workers")},
        {"batch", number(&c->delivery.batch, 1, 1000, "batch")},
        {"poll_ms", number(&c->delivery.poll_ms, 1, 60000, "poll_ms")},
        {"retry_backoff_ms", number(&c->delivery.retry_backoff_ms, 1, 60000, "retry_backoff_ms")},
        {"attempts_per_read", number(&c->delivery.attempts_per_read, 1, 20, "attempts_per_read")},
        {"max_deliveries", number(&c->delivery.max_deliveries, 1, 1000, "max_deliveries")},
        {"max_retry_after_ms", number(&c->delivery.max_retry_after_ms, 0, 3600000, "max_retry_after_ms")},
        {"per_recipient_burst", number(&c->delivery.per_recipient_burst, 1, 1000, "per_recipient_burst")},
        {"per_recipient_interval_ms", number(&c->delivery.per_recipient_interval_ms, 0, 3600000, "per_recipient_interval_ms")},
      });
    }},
    {"limits", [&](const YAML::Node& n) {
      r.Map(n, "limits", {{"max_message_bytes", number(&c->max_message_bytes, 1, 1 << 20, "max_message_bytes")}});
    }},
    {"admin", [&](const YAML::Node& n) {
      r.Map(n, "admin", {{"token_env", [&](const YAML::Node& v) { r.Env(v, "token_env", &c->admin_token); }}});
    }},
    {"channels", [&](const YAML::Node& n) {
      r.Map(n, "channels", {
        {"rest", [&](const YAML::Node& m) {
          c->channels.rest = true;
          std::string keys;
          bool has_keys = false;
          r.Map(m, "channels.rest", {{"api_keys_env", [&](const YAML::Node& v) { has_keys = r.Env(v, "api_keys_env", &keys); }}});
          std::stringstream in(keys);
          for (std::string key; std::getline(in, key, ',');) {
            if (!key.empty()) c->channels.rest_api_keys.push_back(key);
          }
          if (!has_keys && m.IsMap() && !m["api_keys_env"]) {
            r.Error(m.Mark(), "missing-key", "'channels.rest' needs 'api_keys_env': the variable with the API keys (comma-separated)");
          }
        }},
        {"webchat", [&](const YAML::Node& m) {
          c->channels.webchat = true;
          r.Map(m, "channels.webchat", {
            {"secret_env", [&](const YAML::Node& v) { r.Env(v, "secret_env", &c->channels.webchat_secret); }},
            {"assets", [&](const YAML::Node& v) {
              if (r.String(v, "assets", &c->channels.webchat_assets)) {
                c->channels.webchat_assets = Resolve(dir, c->channels.webchat_assets);
              }
            }},
          });
          if (m.IsMap() && !m["secret_env"]) {
            r.Error(m.Mark(), "missing-key", "'channels.webchat' needs 'secret_env': the variable with the secret that signs visitor tokens");
          }
        }},
        {"telegram", [&](const YAML::Node& m) {
          c->channels.telegram = true;
          ReadTelegram(r, m, &c->channels.telegram_options);
        }},
        {"whatsapp", [&](const YAML::Node& m) {
          c->channels.whatsapp = true;
          ReadWhatsApp(r, m, &c->channels.whatsapp_options);
        }},
        {"viber", [&](const YAML::Node& m) {
          c->channels.viber = true;
          ReadViber(r, m, &c->channels.viber_options);
        }},
        {"vk", [&](const YAML::Node& m) {
          c->channels.vk = true;
          ReadVk(r, m, &c->channels.vk_options);
        }},
      });
    }},
    {"console", [&](const YAML::Node& n) { ReadConsole(r, n, dir, &c->console); }},
    {"logging", [&](const YAML::Node& n) {
      r.Map(n, "logging", {
        {"level", [&](const YAML::Node& v) {
          std::string level;
          if (!r.String(v, "level", &level)) return;
          if (level != "debug" && level != "info" && level != "warn" && level != "error") {
            r.Error(v.Mark(), "bad-level", "'level' must be one of debug, info, warn, error");
            return;
          }
          c->log_level = level;
        }},
        {"file", [&](const YAML::Node& v) { if (r.String(v, "file", &c->log_file)) c->log_file = Resolve(dir, c->log_file); }},
      });
    }},
  });
}

}  // namespace

bool LoadServerConfig(const std::string& path, const std::string& default_assets,
                      ServerConfig* config, std::vector<Diagnostic>* diagnostics) {
  size_t before = diagnostics->size();
  config->file = path;
  config->channels.webchat_assets = default_assets;
  config->console.assets = SB_CONSOLE_ASSETS;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics->push_back({Severity::kError, path, 0, 0, "unreadable", "cannot read the configuration file", ""});
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > 1 << 20) {
    diagnostics->push_back({Severity::kError, path, 0, 0, "too-large", "the configuration is over 1 MiB", ""});
    return false;
  }
  ConfigReader reader(path, diagnostics);
  try {
    YAML::Node root = YAML::Load(text.str());
    if (!root.IsDefined() || root.IsNull()) {
      diagnostics->push_back({Severity::kError, path, 1, 1, "empty", "the configuration is empty", "see server/README.md for the keys"});
      return false;
    }
    ReadDocument(root, reader, config);
    if (root.IsMap() && !root["flows"]) {
      reader.Error(root.Mark(), "missing-key", "the configuration needs 'flows': the folder of the bot's YAML files");
    }
  } catch (const YAML::Exception& e) {
    reader.Error(e.mark, "yaml-syntax", e.msg);
  }
  if (config->channels.rest && config->channels.rest_api_keys.empty() && diagnostics->size() == before) {
    diagnostics->push_back({Severity::kError, path, 0, 0, "missing-key", "the REST API has no API keys", ""});
  }
  if (config->server_id.empty()) {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    config->server_id = std::string(host) + ":" + std::to_string(getpid());
  }
  return diagnostics->size() == before;
}

}  // namespace switchboard::server
