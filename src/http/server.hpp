#pragma once
// The HTTP/1.1 server (Boost.Beast on Asio with C++20 coroutines). Reads each request under a
// header deadline, a body deadline and a body size limit, hands it to the Frontend, writes the
// answer and logs one structured access line. SIGTERM/SIGINT stop accepting, close idle
// connections, let in-flight requests finish (up to the drain timeout) and return from run().
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/frontend.hpp"

namespace spdlog {
class logger;
}

namespace xzq::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  // 0 picks a free port
    int threads = 2;            // I/O threads
    int worker_threads = 4;     // request handlers (database, password hashing)
    std::size_t body_limit = 1024 * 1024;
    std::size_t upload_body_limit = 11 * 1024 * 1024;  // POST …/attachments: a 10 MiB file and some slack
    std::chrono::milliseconds header_timeout{10'000};  // also the keep-alive idle time
    std::chrono::milliseconds body_timeout{30'000};
    std::chrono::milliseconds drain_timeout{10'000};
};

class Server {
  public:
    Server(ServerOptions options, const Frontend& frontend, std::shared_ptr<spdlog::logger> access_log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds, calls `on_listening` with the bound address ("127.0.0.1:8080"), serves until a
    // signal arrives, then drains. Returns 0 after a clean stop, 1 when draining timed out.
    // Throws std::runtime_error when the address cannot be bound.
    int run(const std::function<void(const std::string&)>& on_listening);

  private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

// Parses "HOST:PORT" or "[v6]:PORT"; false when malformed.
bool parse_listen_address(std::string_view text, std::string& host, std::uint16_t& port);

}  // namespace xzq::http
