// A messenger's HTTP API over cpp-httplib (see messenger_api.h).
#include "adapters/common/messenger_api.h"

#include <httplib.h>

namespace switchboard::adapters {

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  auto encode = [&out](const std::string& s) {
    for (unsigned char c : s) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
          c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
  };
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    encode(name);
    out += '=';
    encode(value);
  }
  return out;
}

ApiResponse MessengerApi::PostForm(const std::string& path,
                                   const std::vector<std::pair<std::string, std::string>>& fields) const {
  return Post(path, "application/x-www-form-urlencoded", FormEncode(fields));
}

Result<MessengerApi> MessengerApi::Open(const std::string& base_url, int timeout_ms) {
  std::string rest;
  if (base_url.starts_with("https://")) {
    rest = base_url.substr(8);
  } else if (base_url.starts_with("http://")) {
    rest = base_url.substr(7);
  } else {
    return Status::InvalidArgument("the API base URL '" + base_url + "' must start with https:// or http://");
  }
  size_t slash = rest.find('/');
  std::string host = rest.substr(0, slash);
  if (host.empty()) return Status::InvalidArgument("the API base URL '" + base_url + "' has no host");
  MessengerApi api;
  api.base_url_ = base_url;
  api.scheme_host_port_ = base_url.substr(0, base_url.size() - rest.size()) + host;
  api.path_prefix_ = slash == std::string::npos ? "" : rest.substr(slash);
  while (api.path_prefix_.ends_with('/')) api.path_prefix_.pop_back();
  api.timeout_ms_ = timeout_ms;
  return api;
}

ApiResponse MessengerApi::Post(const std::string& path, const std::string& content_type,
                               const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers) const {
  ApiResponse out;
  try {
    httplib::Client client(scheme_host_port_);
    const time_t seconds = timeout_ms_ / 1000;
    const time_t micros = (timeout_ms_ % 1000) * 1000;
    client.set_connection_timeout(seconds, micros);
    client.set_read_timeout(seconds, micros);
    client.set_write_timeout(seconds, micros);
    client.set_tcp_nodelay(true);
    httplib::Headers h;
    for (const auto& [name, value] : headers) h.emplace(name, value);
    auto result = client.Post(path_prefix_ + path, h, body, content_type);
    if (!result) {
      out.error = httplib::to_string(result.error());
      return out;
    }
    out.status = result->status;
    out.body = result->body;
    out.retry_after = result->get_header_value("Retry-After");
  } catch (const std::exception& e) {  // httplib throws on malformed URLs
    out.error = e.what();
  }
  return out;
}

}  // namespace switchboard::adapters
