// A local fake of the Viber REST Bot API's send_message, as a test's counterpart
// of chatapi.viber.com/pa: each request checked against the documented schema
// (X-Viber-Auth-Token, receiver, sender.name up to 28, text 1-7000, a body up to
// 30 KB, keyboard buttons with Columns 1-6, Rows 1-2, a known ActionType and an
// ActionBody). Answers HTTP 200 with Viber's "status": 0, or an injected 12 (too
// many requests) or 6 (the receiver is not subscribed).
#pragma once

#include <deque>
#include <set>

#include "integration/messengers/fake_api_server.h"

namespace switchboard::testing {

class FakeViberApi final : public FakeApiServer {
 public:
  explicit FakeViberApi(std::string token) : token_(std::move(token)) {
    server_.Post("/pa/send_message", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      Handle(req, res);
    });
    Start();
  }

  struct Call {
    nlohmann::json body;
    bool accepted = false;
  };
  std::vector<Call> Calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  std::vector<nlohmann::json> Sent(const std::string& receiver) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<nlohmann::json> out;
    for (const Call& c : calls_) {
      if (c.accepted && c.body.value("receiver", "") == receiver) out.push_back(c.body);
    }
    return out;
  }
  // The next calls answer with Viber status `status`.
  void FailNext(int calls, int status) {
    std::lock_guard<std::mutex> lock(mu_);
    for (int i = 0; i < calls; ++i) failures_.push_back(status);
  }
  void Unsubscribed(const std::string& receiver) {
    std::lock_guard<std::mutex> lock(mu_);
    unsubscribed_.insert(receiver);
  }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    calls_.push_back({nlohmann::json::parse(req.body, nullptr, false), false});
    Call& call = calls_.back();
    if (req.get_header_value("X-Viber-Auth-Token") != token_) {
      Violation("send_message without the auth token");
      return Status(res, 2, "invalidAuthToken");
    }
    if (req.body.size() > 30 * 1024) Violation("a request over 30 KB");
    std::string problem = Check(call.body);
    if (!problem.empty()) {
      Violation(problem);
      return Status(res, 3, "badData: " + problem);
    }
    if (!failures_.empty()) {
      int status = failures_.front();
      failures_.pop_front();
      return Status(res, status, status == 12 ? "Too many requests" : "Injected failure");
    }
    if (unsubscribed_.count(call.body["receiver"])) return Status(res, 6, "receiverNotSubscribed");
    call.accepted = true;
    Reply(res, 200, {{"status", 0}, {"status_message", "ok"}, {"message_token", 5741311803571721087ULL + calls_.size()},
                     {"chat_hostname", "SN-CHAT-05_"}, {"billing_status", 1}});
  }

  static std::string Check(const nlohmann::json& b) {
    if (!b.is_object()) return "the body is not a JSON object";
    if (!b.contains("receiver") || !b["receiver"].is_string() || b["receiver"].get<std::string>().empty()) return "receiver is missing";
    if (!b.contains("sender") || !b["sender"].is_object() || !b["sender"].contains("name") || !b["sender"]["name"].is_string())
      return "sender.name is missing";
    size_t name = CodePoints(b["sender"]["name"]);
    if (name == 0 || name > 28) return "sender.name must be 1-28 characters";
    if (b.value("type", "") != "text") return "unexpected message type";
    if (!b.contains("text") || !b["text"].is_string()) return "text is missing";
    size_t text = CodePoints(b["text"]);
    if (text == 0 || text > 7000) return "text must be 1-7000 characters";
    if (!b.contains("keyboard")) return "";
    const auto& k = b["keyboard"];
    if (!k.is_object() || k.value("Type", "") != "keyboard" || !k.contains("Buttons") || !k["Buttons"].is_array() ||
        k["Buttons"].empty()) {
      return "keyboard must be {Type: keyboard, Buttons: [...]}";
    }
    static const std::set<std::string> kActions = {"reply", "open-url", "location-picker", "share-phone", "none"};
    for (const auto& button : k["Buttons"]) {
      int columns = button.value("Columns", 6), rows = button.value("Rows", 1);
      if (columns < 1 || columns > 6) return "Columns must be 1-6";
      if (rows < 1 || rows > 2) return "Rows must be 1-2";
      if (!kActions.count(button.value("ActionType", "reply"))) return "unknown ActionType";
      if (button.value("ActionBody", "").empty()) return "ActionBody is required";
    }
    return "";
  }

  static void Status(httplib::Response& res, int status, const std::string& message) {
    Reply(res, 200, {{"status", status}, {"status_message", message}, {"chat_hostname", "SN-CHAT-05_"}});
  }

  std::string token_;
  std::vector<Call> calls_;
  std::deque<int> failures_;
  std::set<std::string> unsubscribed_;
};

}  // namespace switchboard::testing
