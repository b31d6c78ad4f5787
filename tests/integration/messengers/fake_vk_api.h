// A local fake of VK's API for a community bot, as a test's counterpart of
// api.vk.com/method: POST /method/messages.send, form-encoded, each request checked
// against the documented schema (access_token, v, peer_id, an int32 random_id,
// a message up to 4096 characters, an inline keyboard of at most 10 buttons, 5 to
// a row, 6 rows, labels up to 40 and payloads up to 255 characters of JSON).
// A repeated (peer_id, random_id) is dropped as VK drops it. Answers HTTP 200 with
// "response", or an injected "error" (6: too many requests per second; 901: the
// user does not accept messages from the community).
#pragma once

#include <deque>
#include <set>

#include "integration/messengers/fake_api_server.h"

namespace switchboard::testing {

class FakeVkApi final : public FakeApiServer {
 public:
  explicit FakeVkApi(std::string token) : token_(std::move(token)) {
    server_.Post("/method/messages.send", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      Handle(req, res);
    });
    Start();
  }

  struct Call {
    std::map<std::string, std::string> fields;
    bool accepted = false;
  };
  std::vector<Call> Calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  // Messages VK took for `peer`, in order (each once).
  std::vector<Call> Sent(const std::string& peer) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<Call> out;
    for (const Call& c : calls_) {
      if (c.accepted && c.fields.at("peer_id") == peer) out.push_back(c);
    }
    return out;
  }
  void FailNext(int calls, int code) {
    std::lock_guard<std::mutex> lock(mu_);
    for (int i = 0; i < calls; ++i) failures_.push_back(code);
  }
  void Closed(const std::string& peer) {
    std::lock_guard<std::mutex> lock(mu_);
    closed_.insert(peer);
  }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    Call call;
    for (const auto& [key, value] : req.params) call.fields[key] = value;
    calls_.push_back(call);
    Call& recorded = calls_.back();
    if (req.get_header_value("Content-Type").find("application/x-www-form-urlencoded") != 0) {
      Violation("messages.send is not form-encoded");
    }
    if (recorded.fields["access_token"] != token_) {
      Violation("messages.send without the access token");
      return Error(res, 5, "User authorization failed");
    }
    std::string problem = Check(recorded.fields);
    if (!problem.empty()) {
      Violation(problem);
      return Error(res, problem.find("keyboard") != std::string::npos ? 911 : 100, problem);
    }
    if (!failures_.empty()) {
      int code = failures_.front();
      failures_.pop_front();
      return Error(res, code, code == 6 ? "Too many requests per second" : "Injected failure");
    }
    const std::string& peer = recorded.fields["peer_id"];
    if (closed_.count(peer)) return Error(res, 901, "Can't send messages for users without permission");
    auto key = peer + "/" + recorded.fields["random_id"];
    auto seen = sent_ids_.find(key);
    if (seen != sent_ids_.end()) return Reply(res, 200, {{"response", seen->second}});  // dropped: sent already
    recorded.accepted = true;
    sent_ids_[key] = ++message_id_;
    Reply(res, 200, {{"response", message_id_}});
  }

  static std::string Check(std::map<std::string, std::string>& f) {
    if (f["v"].empty()) return "v (the API version) is missing";
    if (f["peer_id"].empty() || f["peer_id"].find_first_not_of("-0123456789") != std::string::npos) return "peer_id is missing";
    const std::string& random_id = f["random_id"];
    if (random_id.empty() || random_id.find_first_not_of("-0123456789") != std::string::npos || random_id.size() > 11)
      return "random_id must be an int32";
    long long id = std::stoll(random_id);
    if (id < INT32_MIN || id > INT32_MAX) return "random_id must be an int32";
    size_t text = CodePoints(f["message"]);
    if (text > 4096) return "message over 4096 characters";
    if (text == 0 && f["keyboard"].empty()) return "message is empty";
    if (f["keyboard"].empty()) return "";
    auto k = nlohmann::json::parse(f["keyboard"], nullptr, false);
    if (!k.is_object() || !k.contains("buttons") || !k["buttons"].is_array()) return "keyboard is not {buttons: [[...]]}";
    const bool inline_keyboard = k.value("inline", false);
    const size_t max_rows = inline_keyboard ? 6 : 10, max_buttons = inline_keyboard ? 10 : 40;
    if (k["buttons"].size() > max_rows) return "keyboard has too many rows";
    size_t count = 0;
    for (const auto& row : k["buttons"]) {
      if (!row.is_array() || row.empty() || row.size() > 5) return "keyboard rows hold 1-5 buttons";
      for (const auto& button : row) {
        ++count;
        const auto& action = button.value("action", nlohmann::json::object());
        const std::string type = action.value("type", "");
        if (type != "text" && type != "callback" && type != "open_link") return "keyboard: unexpected action type";
        std::string label = action.value("label", "");
        if (label.empty() || CodePoints(label) > 40) return "keyboard: a label must be 1-40 characters";
        if (type == "open_link" && action.value("link", "").empty()) return "keyboard: open_link without link";
        if (action.contains("payload")) {
          if (!action["payload"].is_string() || CodePoints(action["payload"]) > 255) return "keyboard: payload over 255";
          if (nlohmann::json::parse(action["payload"].get<std::string>(), nullptr, false).is_discarded())
            return "keyboard: payload is not JSON";
        }
      }
    }
    if (count > max_buttons) return "keyboard has too many buttons";
    return "";
  }

  static void Error(httplib::Response& res, int code, const std::string& message) {
    Reply(res, 200, {{"error", {{"error_code", code}, {"error_msg", message},
                                {"request_params", {{{"key", "method"}, {"value", "messages.send"}}}}}}});
  }

  std::string token_;
  std::vector<Call> calls_;
  std::deque<int> failures_;
  std::set<std::string> closed_;
  std::map<std::string, int> sent_ids_;
  int message_id_ = 1000;
};

}  // namespace switchboard::testing
