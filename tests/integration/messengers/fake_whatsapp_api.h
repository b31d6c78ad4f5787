// A local fake of the WhatsApp Cloud API's send endpoint, as a test's counterpart
// of graph.facebook.com: POST /<version>/<phone-number-id>/messages, each request
// checked against Meta's documented schema (Bearer token, messaging_product,
// text up to 4096, interactive body up to 1024, 1-3 reply buttons with titles up
// to 20 and ids up to 256, lists of up to 10 rows with titles up to 24, ids up to
// 200 and an opening button up to 20). Answers with a wamid, or with an injected
// Graph error: 130429 throughput (HTTP 429), 131026 undeliverable, 131047 outside
// the 24-hour window.
#pragma once

#include <deque>
#include <set>

#include "integration/messengers/fake_api_server.h"

namespace switchboard::testing {

class FakeWhatsAppApi final : public FakeApiServer {
 public:
  FakeWhatsAppApi(std::string token, std::string phone_number_id)
      : token_(std::move(token)), phone_number_id_(std::move(phone_number_id)) {
    server_.Post(R"(/(v\d+\.\d+)/(\w+)/messages)", [this](const httplib::Request& req, httplib::Response& res) {
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
  // Messages accepted for `to`, in order.
  std::vector<nlohmann::json> Sent(const std::string& to) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<nlohmann::json> out;
    for (const Call& c : calls_) {
      if (c.accepted && c.body.value("to", "") == to) out.push_back(c.body);
    }
    return out;
  }
  // The next calls fail with Graph error `code` (HTTP `status`).
  void FailNext(int calls, int status, int code) {
    std::lock_guard<std::mutex> lock(mu_);
    for (int i = 0; i < calls; ++i) failures_.push_back({status, code});
  }
  // Messages to `to` fail with 131026 (the customer cannot be reached).
  void Unreachable(const std::string& to) {
    std::lock_guard<std::mutex> lock(mu_);
    unreachable_.insert(to);
  }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    calls_.push_back({nlohmann::json::parse(req.body, nullptr, false), false});
    Call& call = calls_.back();
    if (req.matches[2] != phone_number_id_) {
      Violation("messages sent from an unknown phone number id");
      return Error(res, 400, 100, "Invalid parameter");
    }
    if (req.get_header_value("Authorization") != "Bearer " + token_) {
      Violation("a call without the access token");
      return Error(res, 401, 190, "Invalid OAuth access token");
    }
    if (req.get_header_value("Content-Type").find("application/json") != 0) {
      Violation("Content-Type is not application/json");
    }
    std::string problem = Check(call.body);
    if (!problem.empty()) {
      Violation(problem);
      return Error(res, 400, 100, "Invalid parameter: " + problem);
    }
    if (!failures_.empty()) {
      auto [status, code] = failures_.front();
      failures_.pop_front();
      return Error(res, status, code, code == 130429 ? "Rate limit hit" : "Injected failure");
    }
    const std::string to = call.body["to"];
    if (unreachable_.count(to)) return Error(res, 400, 131026, "Message Undeliverable");
    call.accepted = true;
    Reply(res, 200, {{"messaging_product", "whatsapp"},
                     {"contacts", {{{"input", to}, {"wa_id", to}}}},
                     {"messages", {{{"id", "wamid.OUT_" + std::to_string(++sent_)}}}}});
  }

  static std::string Check(const nlohmann::json& b) {
    if (!b.is_object()) return "the body is not a JSON object";
    if (b.value("messaging_product", "") != "whatsapp") return "messaging_product must be \"whatsapp\"";
    if (b.contains("recipient_type") && b["recipient_type"] != "individual") return "recipient_type must be individual";
    if (!b.contains("to") || !b["to"].is_string() || b["to"].get<std::string>().empty()) return "'to' is missing";
    const std::string type = b.value("type", "");
    if (type == "text") {
      if (!b.contains("text") || !b["text"].is_object() || !b["text"].contains("body") || !b["text"]["body"].is_string())
        return "text.body is missing";
      size_t n = CodePoints(b["text"]["body"]);
      if (n == 0 || n > 4096) return "text.body must be 1-4096 characters";
      return "";
    }
    if (type != "interactive") return "unexpected message type '" + type + "'";
    const nlohmann::json& i = b.value("interactive", nlohmann::json::object());
    if (!i.contains("body") || !i["body"].contains("text") || !i["body"]["text"].is_string()) return "interactive.body.text is missing";
    size_t body = CodePoints(i["body"]["text"]);
    if (body == 0 || body > 1024) return "interactive.body.text must be 1-1024 characters";
    const nlohmann::json& action = i.value("action", nlohmann::json::object());
    if (i.value("type", "") == "button") {
      if (!action.contains("buttons") || !action["buttons"].is_array()) return "action.buttons is missing";
      const auto& buttons = action["buttons"];
      if (buttons.empty() || buttons.size() > 3) return "reply buttons must be 1-3";
      std::set<std::string> ids, titles;
      for (const auto& button : buttons) {
        if (button.value("type", "") != "reply" || !button.contains("reply")) return "a button must be {type: reply, reply: {...}}";
        std::string id = button["reply"].value("id", ""), title = button["reply"].value("title", "");
        if (id.empty() || CodePoints(id) > 256) return "a reply button id must be 1-256 characters";
        if (title.empty() || CodePoints(title) > 20) return "a reply button title must be 1-20 characters";
        if (!ids.insert(id).second || !titles.insert(title).second) return "reply button ids and titles must be unique";
      }
      return "";
    }
    if (i.value("type", "") == "list") {
      std::string opener = action.value("button", "");
      if (opener.empty() || CodePoints(opener) > 20) return "action.button must be 1-20 characters";
      if (!action.contains("sections") || !action["sections"].is_array()) return "action.sections is missing";
      const auto& sections = action["sections"];
      if (sections.empty() || sections.size() > 10) return "a list has 1-10 sections";
      size_t rows = 0;
      for (const auto& section : sections) {
        if (sections.size() > 1 && section.value("title", "").empty()) return "sections need titles when there are several";
        if (section.contains("title") && CodePoints(section["title"]) > 24) return "a section title is over 24 characters";
        for (const auto& row : section.value("rows", nlohmann::json::array())) {
          ++rows;
          std::string id = row.value("id", ""), title = row.value("title", "");
          if (id.empty() || CodePoints(id) > 200) return "a row id must be 1-200 characters";
          if (title.empty() || CodePoints(title) > 24) return "a row title must be 1-24 characters";
          if (row.contains("description") && CodePoints(row["description"]) > 72) return "a row description is over 72 characters";
        }
      }
      if (rows == 0 || rows > 10) return "a list has 1-10 rows in all";
      return "";
    }
    return "unexpected interactive type";
  }

  static void Error(httplib::Response& res, int status, int code, const std::string& title) {
    Reply(res, status, {{"error", {{"message", "(#" + std::to_string(code) + ") " + title},
                                   {"type", "OAuthException"},
                                   {"code", code},
                                   {"error_data", {{"messaging_product", "whatsapp"}, {"details", title}}},
                                   {"fbtrace_id", "AbCdEfGh123"}}}});
  }

  std::string token_;
  std::string phone_number_id_;
  std::vector<Call> calls_;
  std::deque<std::pair<int, int>> failures_;
  std::set<std::string> unreachable_;
  int sent_ = 0;
};

}  // namespace switchboard::testing
