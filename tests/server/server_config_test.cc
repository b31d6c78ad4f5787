// The server's configuration: the sample loads; every problem is reported at once
// with its file:line:column and, for a misspelt key, a hint.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "server/server_config.h"

namespace switchboard::server {
namespace {

struct ConfigFile {
  explicit ConfigFile(const std::string& text) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("sb-config-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".yaml");
    std::ofstream(path) << text;
  }
  ~ConfigFile() { std::filesystem::remove(path); }
  std::filesystem::path path;
};

std::vector<std::string> Problems(const std::string& text, ServerConfig* config = nullptr) {
  ConfigFile file(text);
  ServerConfig local;
  std::vector<Diagnostic> diagnostics;
  LoadServerConfig(file.path.string(), "/assets", config ? config : &local, &diagnostics);
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics) {
    std::string where = FormatDiagnostic(d);
    out.push_back(where.substr(where.find(".yaml") + 5));  // ":line:column: error: ..."
  }
  return out;
}

TEST_CASE("ServerConfig loads Studio Lumi's sample with secrets from the environment") {
  setenv("LUMI_ADMIN_TOKEN", "admin", 1);
  setenv("LUMI_WEBCHAT_SECRET", "secret", 1);
  setenv("LUMI_API_KEYS", "k1,k2", 1);
  ServerConfig config;
  std::vector<Diagnostic> diagnostics;
  REQUIRE(LoadServerConfig(SB_SOURCE_DIR "/samples/serve/lumi.yaml", "/assets", &config, &diagnostics));
  CHECK(diagnostics.empty());
  CHECK(config.port == 8080);
  CHECK(config.store == "memory");
  CHECK(std::filesystem::equivalent(config.flows, SB_SOURCE_DIR "/flows"));
  CHECK(config.channels.rest_api_keys == std::vector<std::string>{"k1", "k2"});
  CHECK(config.channels.webchat_secret == "secret");
  CHECK(config.channels.webchat_assets == "/assets");
  CHECK(config.admin_token == "admin");
  CHECK(config.http.keep_alive_max_requests == 10000);
}

TEST_CASE("ServerConfig reports every problem with its line and column") {
  unsetenv("SB_NOT_SET_ANYWHERE");
  auto problems = Problems(
      "listen: localhost\n"
      "store: mysql://x\n"
      "flows: " SB_SOURCE_DIR "/flows\n"
      "http:\n"
      "  threds: 4\n"
      "  read_timeout_ms: -5\n"
      "channels:\n"
      "  webchat: {secret_env: SB_NOT_SET_ANYWHERE}\n"
      "logging: {level: loud}\n");
  REQUIRE(problems.size() == 6);
  CHECK(problems[0].starts_with(":1:9: error: 'listen' must be HOST:PORT"));
  CHECK(problems[1].starts_with(":2:8: error: 'store' must give 'memory' or a redis:// URL"));
  CHECK(problems[2].starts_with(":5:3: error: unknown key 'threds' in 'http'"));
  CHECK(problems[2].find("did you mean 'threads'?") != std::string::npos);
  CHECK(problems[3].starts_with(":6:20: error: 'read_timeout_ms' must be a whole number in 1..600000"));
  CHECK(problems[4].find("SB_NOT_SET_ANYWHERE, which is not set") != std::string::npos);
  CHECK(problems[5].starts_with(":9:18: error: 'level' must be one of"));
}

TEST_CASE("ServerConfig reports YAML syntax errors and a missing flows folder") {
  auto syntax = Problems("listen: [1, 2\n");
  REQUIRE(syntax.size() == 1);
  CHECK(syntax[0].find("error:") != std::string::npos);
  auto missing = Problems("listen: 127.0.0.1:0\n");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].find("needs 'flows'") != std::string::npos);
  auto absent = Problems("flows: /no/such/folder\n");
  REQUIRE(absent.size() == 1);
  CHECK(absent[0].starts_with(":1:8: error: the flows folder /no/such/folder does not exist"));
}

TEST_CASE("ServerConfig reads the console: accounts, routing, hours and canned answers") {
  setenv("SB_TEST_CONSOLE_SECRET", "s3", 1);
  ServerConfig config;
  std::string hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
  auto problems = Problems(
      "flows: " SB_SOURCE_DIR "/flows\n"
      "console:\n"
      "  session_secret_env: SB_TEST_CONSOLE_SECRET\n"
      "  routing: manual\n"
      "  max_chats: 4\n"
      "  departments: [\"\", support]\n"
      "  hours: {utc_offset_minutes: 180, mon: \"09:00-20:00\", sat: \"10:00-18:00\"}\n"
      "  canned: [{title: Hi, text: Hello there}]\n"
      "  operators:\n"
      "    - {id: olga, name: Olga, departments: [support], max_chats: 2, password_hash: \"" + hash + "\"}\n"
      "    - {id: boss, role: supervisor, password_hash: \"" + hash + "\"}\n",
      &config);
  CHECK(problems.empty());
  const ConsoleConfig& c = config.console;
  CHECK(c.enabled);
  CHECK(c.session_secret == "s3");
  CHECK_FALSE(c.auto_routing);
  CHECK(c.max_chats == 4);
  CHECK(c.departments == std::vector<std::string>{"", "support"});
  CHECK(c.hours.configured);
  CHECK(c.hours.open[0] == 9 * 60);
  CHECK(c.hours.close[5] == 18 * 60);
  CHECK(c.hours.open[6] == c.hours.close[6]);  // Sunday: closed
  REQUIRE(c.canned.size() == 1);
  REQUIRE(c.operators.size() == 2);
  CHECK(c.operators[0].max_chats == 2);
  CHECK(c.operators[1].role == OperatorRole::kSupervisor);
  CHECK(c.operators[1].name == "boss");
}

TEST_CASE("ServerConfig refuses console accounts without a proper hash, and bad hours") {
  auto problems = Problems(
      "flows: " SB_SOURCE_DIR "/flows\n"
      "console:\n"
      "  routing: sometimes\n"
      "  hours: {mon: \"9-20\"}\n"
      "  operators:\n"
      "    - {id: olga, password_hash: plaintext}\n"
      "    - {id: \"bad id\", password_hash: x}\n");
  REQUIRE(problems.size() >= 5);
  CHECK(problems[0].find("'routing' must be auto") != std::string::npos);
  CHECK(problems[1].find("'mon' must be HH:MM-HH:MM") != std::string::npos);
  CHECK(problems[2].find("must be an Argon2id hash") != std::string::npos);
  CHECK(problems[2].find("switchboard hash-password") != std::string::npos);
  bool named_bad_id = false, named_secret = false;
  for (const std::string& p : problems) {
    named_bad_id |= p.find("each operator needs an 'id'") != std::string::npos;
    named_secret |= p.find("needs 'session_secret_env'") != std::string::npos;
  }
  CHECK(named_bad_id);
  CHECK(named_secret);
}

}  // namespace
}  // namespace switchboard::server
