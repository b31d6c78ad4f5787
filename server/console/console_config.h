// The operator console's part of the server configuration (`console:` in the
// YAML, reference in server/README.md): operator accounts and roles, how chats are
// routed, operators' hours, canned answers. Plain data; server_config.cc reads it.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace switchboard::server {

enum class OperatorRole { kOperator, kSupervisor, kAdmin };

struct OperatorAccount {
  std::string id;                        // what the operator logs in with; in events
  std::string name;                      // shown to other operators
  OperatorRole role = OperatorRole::kOperator;
  std::vector<std::string> departments;  // the queues they serve; "" is the general one
  int max_chats = 0;                     // 0: ConsoleConfig::max_chats
  std::string password_hash;             // Argon2id, `switchboard hash-password`
};

struct CannedAnswer {
  std::string title;  // what the operator picks
  std::string text;   // what the customer gets (the operator may edit it first)
};

// Operators' hours in one time zone: per weekday (0 = Monday) the minutes of the
// day when operators start and stop; a day with open == close is closed.
struct OperatorHours {
  bool configured = false;      // without hours, operators are always there
  int utc_offset_minutes = 0;   // e.g. 180 for Moscow
  std::array<int, 7> open{};    // minutes after midnight
  std::array<int, 7> close{};
};

struct ConsoleConfig {
  bool enabled = false;                  // the `console` key is present
  std::vector<OperatorAccount> operators;
  std::string session_secret;            // from session_secret_env: signs login sessions
  int session_ttl_s = 12 * 3600;         // a login lasts this long
  bool auto_routing = true;              // false: operators take chats themselves
  int max_chats = 3;                     // chats at once per operator (default)
  int long_wait_s = 300;                 // a chat waiting longer is flagged and the customer told
  int presence_ttl_s = 60;               // an operator whose console stops reporting is offline after this
  int minutes_per_chat = 5;              // for the expected wait told to a customer
  int tick_ms = 1000;                    // how often routing, reclaiming and long waits run
  int poll_ms = 100;                     // how often the change feed is read for live updates
  std::vector<std::string> departments;  // named in transfers and the supervisor view
  std::vector<CannedAnswer> canned;
  OperatorHours hours;
  std::string assets;                    // the page's folder
};

std::string_view OperatorRoleName(OperatorRole role);

}  // namespace switchboard::server
