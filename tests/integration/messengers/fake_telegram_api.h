// A local fake of the Telegram Bot API (https://core.telegram.org/bots/api), as a
// test's counterpart of api.telegram.org: POST /bot<token>/<method> for
// sendMessage and answerCallbackQuery, each request checked against the
// documented schema (text 1-4096 characters, inline buttons with a non-empty
// label and exactly one of callback_data of 1-64 bytes or url, a known and
// unanswered callback query id, answer text up to 200). Tests inject a 429 with
// retry_after and chats that blocked the bot, and read what was sent.
#pragma once

#include <deque>
#include <map>
#include <set>

#include "integration/messengers/fake_api_server.h"

namespace switchboard::testing {

class FakeTelegramApi final : public FakeApiServer {
 public:
  explicit FakeTelegramApi(std::string token) : token_(std::move(token)) {
    server_.Post(R"(/bot([^/]+)/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      Handle(req, res);
    });
    Start();
  }

  struct Call {
    std::string method;  // lowercased
    nlohmann::json body;
    bool accepted = false;
  };

  // Every call, in order of arrival.
  std::vector<Call> Calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  // The messages Telegram accepted for `chat_id`, in order.
  std::vector<nlohmann::json> Sent(int64_t chat_id) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<nlohmann::json> out;
    for (const Call& c : calls_) {
      if (c.method == "sendmessage" && c.accepted && c.body.value("chat_id", int64_t{0}) == chat_id) out.push_back(c.body);
    }
    return out;
  }
  size_t CountCalls(const std::string& method) {
    std::lock_guard<std::mutex> lock(mu_);
    size_t n = 0;
    for (const Call& c : calls_) n += c.method == method;
    return n;
  }

  // A callback query the fake "sent" to the bot: answerable once.
  void ExpectCallback(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    open_callbacks_.insert(id);
  }
  // The next sendMessage calls are refused: 429 "Too Many Requests" with retry_after.
  void RateLimitNext(int calls, int retry_after_s) {
    std::lock_guard<std::mutex> lock(mu_);
    for (int i = 0; i < calls; ++i) rate_limited_.push_back(retry_after_s);
  }
  void Block(int64_t chat_id) {
    std::lock_guard<std::mutex> lock(mu_);
    blocked_.insert(chat_id);
  }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    std::string method = req.matches[2];
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Call call{method, nlohmann::json(), false};
    if (req.matches[1] != token_) {
      calls_.push_back(call);
      Violation("call with a wrong bot token");
      return Reply(res, 401, {{"ok", false}, {"error_code", 401}, {"description", "Unauthorized"}});
    }
    if (req.get_header_value("Content-Type").find("application/json") != 0) {
      Violation(method + ": Content-Type is not application/json");
    }
    call.body = nlohmann::json::parse(req.body, nullptr, false);
    calls_.push_back(call);
    Call& recorded = calls_.back();
    if (!recorded.body.is_object()) {
      Violation(method + ": the body is not a JSON object");
      return BadRequest(res, "Bad Request: invalid JSON");
    }
    if (method == "sendmessage") return SendMessage(recorded, res);
    if (method == "answercallbackquery") return AnswerCallbackQuery(recorded, res);
    Violation("unexpected method " + method);
    Reply(res, 404, {{"ok", false}, {"error_code", 404}, {"description", "Not Found: method not found"}});
  }

  void SendMessage(Call& call, httplib::Response& res) {
    const nlohmann::json& b = call.body;
    static const std::set<std::string> kKnown = {"chat_id", "text", "parse_mode", "entities", "link_preview_options",
                                                 "disable_notification", "protect_content", "reply_parameters",
                                                 "reply_markup", "message_thread_id", "business_connection_id"};
    for (auto& [key, _] : b.items()) {
      if (!kKnown.count(key)) Violation("sendMessage: unknown parameter " + key);
    }
    if (!b.contains("chat_id") || !(b["chat_id"].is_number_integer() || b["chat_id"].is_string())) {
      Violation("sendMessage: chat_id must be an integer or a string");
      return BadRequest(res, "Bad Request: chat not found");
    }
    if (!b.contains("text") || !b["text"].is_string() || b["text"].get<std::string>().empty()) {
      Violation("sendMessage: text is missing or empty");
      return BadRequest(res, "Bad Request: message text is empty");
    }
    if (Utf16Units(b["text"].get<std::string>()) > 4096) {
      Violation("sendMessage: text over 4096 characters");
      return BadRequest(res, "Bad Request: message is too long");
    }
    if (b.contains("reply_markup") && !CheckMarkup(b["reply_markup"])) {
      return BadRequest(res, "Bad Request: BUTTON_DATA_INVALID");
    }
    if (!rate_limited_.empty()) {
      int after = rate_limited_.front();
      rate_limited_.pop_front();
      return Reply(res, 429, {{"ok", false}, {"error_code", 429},
                              {"description", "Too Many Requests: retry after " + std::to_string(after)},
                              {"parameters", {{"retry_after", after}}}});
    }
    if (b["chat_id"].is_number_integer() && blocked_.count(b["chat_id"].get<int64_t>())) {
      return Reply(res, 403, {{"ok", false}, {"error_code", 403}, {"description", "Forbidden: bot was blocked by the user"}});
    }
    call.accepted = true;
    nlohmann::json message = {{"message_id", ++message_id_},
                              {"from", {{"id", 987654321}, {"is_bot", true}, {"first_name", "LumiBot"}}},
                              {"chat", {{"id", b["chat_id"]}, {"type", "private"}}},
                              {"date", 1767225600},
                              {"text", b["text"]}};
    Reply(res, 200, {{"ok", true}, {"result", message}});
  }

  bool CheckMarkup(const nlohmann::json& markup) {
    if (!markup.is_object() || !markup.contains("inline_keyboard") || !markup["inline_keyboard"].is_array()) {
      Violation("sendMessage: reply_markup is not an inline keyboard");
      return false;
    }
    for (const auto& row : markup["inline_keyboard"]) {
      if (!row.is_array() || row.empty()) {
        Violation("sendMessage: an inline keyboard row is not a non-empty array");
        return false;
      }
      for (const auto& button : row) {
        if (!button.is_object() || !button.contains("text") || !button["text"].is_string() ||
            button["text"].get<std::string>().empty()) {
          Violation("sendMessage: a button without a text");
          return false;
        }
        int actions = button.contains("callback_data") + button.contains("url");
        if (actions != 1 || button.size() != 2) {
          Violation("sendMessage: a button needs exactly one of callback_data or url");
          return false;
        }
        if (button.contains("callback_data")) {
          if (!button["callback_data"].is_string()) return Violation("callback_data is not a string"), false;
          size_t bytes = button["callback_data"].get<std::string>().size();
          if (bytes < 1 || bytes > 64) {
            Violation("sendMessage: callback_data of " + std::to_string(bytes) + " bytes");
            return false;
          }
        }
      }
    }
    return true;
  }

  void AnswerCallbackQuery(Call& call, httplib::Response& res) {
    const nlohmann::json& b = call.body;
    for (auto& [key, _] : b.items()) {
      if (key != "callback_query_id" && key != "text" && key != "show_alert" && key != "url" && key != "cache_time") {
        Violation("answerCallbackQuery: unknown parameter " + key);
      }
    }
    if (!b.contains("callback_query_id") || !b["callback_query_id"].is_string()) {
      Violation("answerCallbackQuery: callback_query_id missing");
      return BadRequest(res, "Bad Request: query is too old and response timeout expired or query ID is invalid");
    }
    if (b.contains("text") && (!b["text"].is_string() || CodePoints(b["text"].get<std::string>()) > 200)) {
      Violation("answerCallbackQuery: text over 200 characters");
    }
    if (!open_callbacks_.erase(b["callback_query_id"].get<std::string>())) {
      // Answered already, or never sent: what Telegram says to a late or unknown id.
      return BadRequest(res, "Bad Request: query is too old and response timeout expired or query ID is invalid");
    }
    call.accepted = true;
    Reply(res, 200, {{"ok", true}, {"result", true}});
  }

  static void BadRequest(httplib::Response& res, const std::string& description) {
    Reply(res, 400, {{"ok", false}, {"error_code", 400}, {"description", description}});
  }

  std::string token_;
  std::vector<Call> calls_;
  std::set<std::string> open_callbacks_;
  std::deque<int> rate_limited_;
  std::set<int64_t> blocked_;
  int64_t message_id_ = 1000;
};

}  // namespace switchboard::testing
