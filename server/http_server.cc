// cpp-httplib behind the adapters' Router (see http_server.h).
#include "server/http_server.h"

#include <httplib.h>

#include <cctype>

#include "adapters/common/json_response.h"

namespace switchboard::server {

using adapters::HttpHandler;
using adapters::HttpRequest;
using adapters::HttpResponse;

struct HttpServer::Impl {
  httplib::Server server;
  HttpConfig config;
  std::function<void(int)> on_response;

  httplib::Server::Handler Wrap(HttpHandler handler) {
    return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
      HttpRequest r;
      r.method = req.method;
      r.path = req.path;
      for (size_t i = 1; i < req.matches.size(); ++i) r.captures.push_back(req.matches[i].str());
      for (const auto& [k, v] : req.params) r.query.emplace(k, v);
      for (const auto& [k, v] : req.headers) {
        std::string name = k;
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers.emplace(std::move(name), v);
      }
      r.body = req.body;
      r.remote_addr = req.remote_addr;
      HttpResponse out = handler(r);
      res.status = out.status;
      for (auto& [k, v] : out.headers) res.set_header(k, v);
      if (out.stream) {
        res.set_chunked_content_provider(
            out.content_type, [stream = std::move(out.stream)](size_t, httplib::DataSink& sink) {
              bool more = stream([&sink](std::string_view data) { return sink.write(data.data(), data.size()); });
              if (!more) sink.done();
              return true;
            });
        return;
      }
      res.set_content(std::move(out.body), out.content_type);
    };
  }
};

HttpServer::HttpServer(const HttpConfig& config, std::function<void(int)> on_response)
    : impl_(std::make_unique<Impl>()) {
  impl_->config = config;
  impl_->on_response = std::move(on_response);
  httplib::Server& s = impl_->server;
  // With Nagle's algorithm on, a keep-alive client waits ~40 ms on every answer.
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(static_cast<size_t>(config.keep_alive_max_requests));
  s.set_keep_alive_timeout(config.keep_alive_timeout_s);
  s.set_read_timeout(config.read_timeout_ms / 1000, (config.read_timeout_ms % 1000) * 1000);
  s.set_write_timeout(config.write_timeout_ms / 1000, (config.write_timeout_ms % 1000) * 1000);
  s.set_payload_max_length(config.max_body_bytes);
  const int threads = config.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  // Errors our handlers did not answer themselves: unknown routes, bodies over the
  // limit, malformed requests.
  s.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    HttpResponse e;
    switch (res.status) {
      case 404: e = adapters::JsonError(404, "not_found", "no route " + req.method + " " + req.path); break;
      case 413: e = adapters::JsonError(413, "too_large", "the request body is over the limit"); break;
      case 400: e = adapters::JsonError(400, "bad_request", "the request is malformed"); break;
      default: e = adapters::JsonError(res.status, "error", "the request was refused with HTTP " + std::to_string(res.status)); break;
    }
    res.set_content(e.body, e.content_type);
    return httplib::Server::HandlerResponse::Handled;
  }));
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    HttpResponse e = adapters::JsonError(500, "internal", "the request failed; it is logged");
    res.status = 500;
    res.set_content(e.body, e.content_type);
  });
  s.set_logger([this](const httplib::Request&, const httplib::Response& res) {
    if (impl_->on_response) impl_->on_response(res.status);
  });
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Get(const std::string& pattern, HttpHandler handler) {
  impl_->server.Get(pattern, impl_->Wrap(std::move(handler)));
}

void HttpServer::Post(const std::string& pattern, HttpHandler handler) {
  impl_->server.Post(pattern, impl_->Wrap(std::move(handler)));
}

Result<int> HttpServer::Bind(const std::string& host, int port) {
  int bound = port == 0 ? impl_->server.bind_to_any_port(host)
                        : (impl_->server.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) return Status::Unavailable("cannot listen on " + host + ":" + std::to_string(port));
  return bound;
}

void HttpServer::Serve() { impl_->server.listen_after_bind(); }

bool HttpServer::running() const { return impl_->server.is_running(); }

void HttpServer::Stop() {
  if (impl_->server.is_running()) impl_->server.stop();
}

}  // namespace switchboard::server
