// clang-format off
#include <utility>  // must precede Asio with g++ 12 / Boost 1.74 (std::exchange)
// clang-format on
#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

namespace xzq::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

bool parse_listen_address(std::string_view text, std::string& host, std::uint16_t& port) {
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    std::string_view host_part = text.substr(0, colon);
    std::string_view port_part = text.substr(colon + 1);
    if (host_part.front() == '[') {
        if (host_part.back() != ']') return false;
        host_part = host_part.substr(1, host_part.size() - 2);
    }
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port_part.data(), port_part.data() + port_part.size(), value);
    if (ec != std::errc() || end != port_part.data() + port_part.size() || value > 65535) return false;
    error_code address_error;
    asio::ip::make_address(std::string(host_part), address_error);
    if (address_error && host_part != "localhost") return false;
    host = host_part == "localhost" ? "127.0.0.1" : std::string(host_part);
    port = static_cast<std::uint16_t>(value);
    return true;
}

namespace {

// A connection as the shutdown logic sees it. Touched only on the connection's strand, except
// for the atomic flag.
struct Connection {
    beast::tcp_stream* stream = nullptr;
    std::atomic<bool> busy{false};
};

// Attachment uploads (`…/attachments`, raw file bodies) get the larger upload limit.
bool is_upload_path(std::string_view target) {
    auto path = target.substr(0, target.find('?'));
    return path.starts_with("/api/") && path.ends_with("/attachments");
}

Request to_request(const bhttp::request<bhttp::string_body>& message, std::string remote, bool& bad_target) {
    Request request;
    request.method = std::string(message.method_string());
    std::string_view target(message.target().data(), message.target().size());
    std::size_t question = target.find('?');
    auto path = percent_decode(target.substr(0, question), false);
    bad_target = !path || target.empty() || target.front() != '/';
    request.path = path.value_or("/");
    if (question != std::string_view::npos) request.query = parse_query(target.substr(question + 1));
    for (const auto& field : message) {
        std::string name(field.name_string().data(), field.name_string().size());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        request.headers[name] = std::string(field.value().data(), field.value().size());
    }
    request.body = message.body();
    request.remote_address = std::move(remote);
    request.language = preferred_language(request.header("accept-language"));
    return request;
}

bhttp::response<bhttp::string_body> to_message(Response response, unsigned version, bool keep_alive, bool head) {
    bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status), version};
    message.set(bhttp::field::server, "xzq/" XZQ_VERSION);
    message.set(bhttp::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) message.set(name, value);
    message.keep_alive(keep_alive);
    std::size_t length = response.body.size();
    message.body() = std::move(response.body);
    message.prepare_payload();
    if (head) {
        message.body().clear();
        message.content_length(length);
    }
    return message;
}

Response early_error(ErrorKind kind, int status, std::string code, std::string zh, std::string en,
                     std::string_view language) {
    auto response = error_response(make_error(kind, std::move(code), std::move(zh), std::move(en)), language);
    response.status = status;
    add_security_headers(response);
    response.set_header("Cache-Control", "no-store");
    return response;
}

}  // namespace

class Server::Impl {
  public:
    Impl(ServerOptions options, const Frontend& frontend, std::shared_ptr<spdlog::logger> access_log)
        : m_options(std::move(options)),
          m_frontend(frontend),
          m_access_log(std::move(access_log)),
          m_control(asio::make_strand(m_io)),
          m_acceptor(m_control),
          m_signals(m_control, SIGINT, SIGTERM),
          m_drain_timer(m_control),
          m_workers(static_cast<std::size_t>(std::max(1, m_options.worker_threads))) {}

    int run(const std::function<void(const std::string&)>& on_listening) {
        tcp::endpoint endpoint(asio::ip::make_address(m_options.host), m_options.port);
        m_acceptor.open(endpoint.protocol());
        m_acceptor.set_option(asio::socket_base::reuse_address(true));
        m_acceptor.bind(endpoint);
        m_acceptor.listen(asio::socket_base::max_listen_connections);
        auto bound = m_acceptor.local_endpoint();
        std::string address = bound.address().is_v6()
                                  ? "[" + bound.address().to_string() + "]:" + std::to_string(bound.port())
                                  : bound.address().to_string() + ":" + std::to_string(bound.port());
        m_signals.async_wait([this](const error_code& ec, int signal) {
            if (!ec) begin_shutdown(signal);
        });
        asio::co_spawn(m_control, accept_loop(), asio::detached);
        on_listening(address);

        std::vector<std::thread> workers;
        for (int i = 1; i < std::max(1, m_options.threads); ++i) {
            workers.emplace_back([this] { m_io.run(); });
        }
        m_io.run();
        for (auto& worker : workers) worker.join();
        m_workers.join();
        return m_drain_timed_out ? 1 : 0;
    }

  private:
    asio::awaitable<void> accept_loop() {
        for (;;) {
            error_code ec;
            tcp::socket socket = co_await m_acceptor.async_accept(asio::make_strand(m_io),
                                                                  asio::redirect_error(asio::use_awaitable, ec));
            if (m_stopping) co_return;
            if (ec) {
                if (ec == asio::error::operation_aborted) co_return;
                // Out of file descriptors and the like: back off briefly instead of spinning.
                spdlog::warn("accept failed: {}", ec.message());
                asio::steady_timer pause(m_control, std::chrono::milliseconds(50));
                co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
                continue;
            }
            auto executor = socket.get_executor();
            asio::co_spawn(executor, session(std::move(socket)), asio::detached);
        }
    }

    std::shared_ptr<Connection> enrol(beast::tcp_stream& stream) {
        auto connection = std::make_shared<Connection>();
        connection->stream = &stream;
        std::lock_guard lock(m_connections_mutex);
        m_connections[connection.get()] = connection;
        return connection;
    }

    void withdraw(const std::shared_ptr<Connection>& connection) {
        connection->stream = nullptr;
        bool last = false;
        {
            std::lock_guard lock(m_connections_mutex);
            m_connections.erase(connection.get());
            last = m_connections.empty();
        }
        if (last && m_stopping) {
            asio::post(m_control, [this] { m_drain_timer.cancel(); });
        }
    }

    void begin_shutdown(int signal) {
        spdlog::info("signal {} received: stopping, finishing in-flight requests", signal);
        m_stopping = true;
        error_code ignored;
        m_acceptor.close(ignored);
        std::vector<std::pair<std::shared_ptr<Connection>, beast::tcp_stream::executor_type>> idle;
        {
            std::lock_guard lock(m_connections_mutex);
            for (auto& [key, connection] : m_connections) {
                if (connection->stream) idle.emplace_back(connection, connection->stream->get_executor());
            }
            if (m_connections.empty()) return;
        }
        for (auto& [connection, executor] : idle) {
            asio::post(executor, [connection = connection] {
                if (connection->stream && !connection->busy) {
                    error_code ec;
                    connection->stream->socket().shutdown(tcp::socket::shutdown_both, ec);
                    connection->stream->socket().close(ec);
                }
            });
        }
        m_drain_timer.expires_after(m_options.drain_timeout);
        m_drain_timer.async_wait([this](const error_code& ec) {
            if (ec) return;  // cancelled: every connection finished in time
            spdlog::warn("drain timeout: closing remaining connections");
            m_drain_timed_out = true;
            m_io.stop();
        });
    }

    void log_access(const Request& request, int status, std::size_t bytes,
                    std::chrono::steady_clock::time_point started) {
        if (!m_access_log) return;
        auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
        // The public portal's callers are reporters: no address is kept for them anywhere
        // (检举控告工作规则 Art. 29: do not trace an anonymous reporter's address).
        const bool reporter = request.path.starts_with("/api/v1/public/");
        nlohmann::json line = {{"type", "access"},
                               {"remote", reporter ? std::string("-") : request.remote_address},
                               {"method", request.method},
                               {"path", request.path},
                               {"status", status},
                               {"bytes", bytes},
                               {"ms", std::round(elapsed.count() * 1000) / 1000},
                               {"user_agent", reporter ? std::string("-") : request.header("user-agent")}};
        m_access_log->info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }

    asio::awaitable<Response> handle_on_worker(Request request) { co_return m_frontend.handle(std::move(request)); }

    Response too_large(std::string_view language, std::size_t limit) const {
        return early_error(ErrorKind::too_large, 413, "request.too_large",
                           "请求体超过大小限制（" + std::to_string(limit) + " 字节）",
                           "the request body exceeds the limit of " + std::to_string(limit) + " bytes", language);
    }

    asio::awaitable<void> write(beast::tcp_stream& stream, Response response, unsigned version, bool keep_alive,
                                bool head, error_code& ec) {
        auto message = to_message(std::move(response), version, keep_alive, head);
        stream.expires_after(m_options.body_timeout);
        co_await bhttp::async_write(stream, message, asio::redirect_error(asio::use_awaitable, ec));
    }

    // After refusing a request whose body we did not read, closing at once would make the kernel
    // answer the unread bytes with a reset that can destroy our response before the client reads
    // it. So: stop sending, then read and discard for a bounded time and amount.
    asio::awaitable<void> linger(beast::tcp_stream& stream) {
        error_code ec;
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        std::array<char, 64 * 1024> scratch;
        std::size_t discarded = 0;
        stream.expires_after(std::chrono::seconds(2));
        while (!ec && discarded < 64 * 1024 * 1024) {
            discarded +=
                co_await stream.async_read_some(asio::buffer(scratch), asio::redirect_error(asio::use_awaitable, ec));
        }
    }

    asio::awaitable<void> session(tcp::socket socket) {
        error_code ec;
        std::string remote;
        if (auto endpoint = socket.remote_endpoint(ec); !ec) remote = endpoint.address().to_string();
        socket.set_option(tcp::no_delay(true), ec);
        beast::tcp_stream stream(std::move(socket));
        auto connection = enrol(stream);
        beast::flat_buffer buffer;
        for (;;) {
            if (m_stopping) break;
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(16 * 1024);
            // Uploads may be larger than other bodies: the limit is chosen per path once the header is read.
            parser.body_limit(std::max(m_options.body_limit, m_options.upload_body_limit));
            stream.expires_after(m_options.header_timeout);
            co_await bhttp::async_read_header(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
            auto started = std::chrono::steady_clock::now();
            std::string language = "zh";
            if (ec == bhttp::error::body_limit) {  // a declared Content-Length over the limit
                language = preferred_language(std::string(parser.get()[bhttp::field::accept_language]));
                co_await write(stream, too_large(language, std::max(m_options.body_limit, m_options.upload_body_limit)),
                               parser.get().version(), false, false, ec);
                if (!ec) co_await linger(stream);
                break;
            }
            if (ec) {
                if (ec == bhttp::error::header_limit || ec == bhttp::error::bad_target ||
                    ec == bhttp::error::bad_method || ec == bhttp::error::bad_field || ec == bhttp::error::bad_value ||
                    ec == bhttp::error::bad_version || ec == bhttp::error::bad_line_ending ||
                    ec == bhttp::error::bad_content_length) {
                    int status = ec == bhttp::error::header_limit ? 431 : 400;
                    Response bad = early_error(ErrorKind::invalid_input, status, "request.malformed", "请求格式错误",
                                               "the request is malformed", language);
                    co_await write(stream, std::move(bad), 11, false, false, ec);
                    if (!ec) co_await linger(stream);
                }
                break;
            }
            connection->busy = true;
            language = preferred_language(std::string(parser.get()[bhttp::field::accept_language]));
            const std::size_t limit =
                is_upload_path(std::string_view(parser.get().target().data(), parser.get().target().size()))
                    ? m_options.upload_body_limit
                    : m_options.body_limit;
            parser.body_limit(limit);
            if (parser.content_length() && *parser.content_length() > limit) {
                co_await write(stream, too_large(language, limit), parser.get().version(), false, false, ec);
                if (!ec) co_await linger(stream);
                break;
            }
            const unsigned version = parser.get().version();
            if (!parser.is_done()) {
                if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
                    bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, version};
                    stream.expires_after(m_options.body_timeout);
                    co_await bhttp::async_write(stream, go_on, asio::redirect_error(asio::use_awaitable, ec));
                    if (ec) break;
                }
                stream.expires_after(m_options.body_timeout);
                co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
                if (ec == bhttp::error::body_limit) {  // a chunked body that grew over the limit
                    co_await write(stream, too_large(language, limit), version, false, false, ec);
                    if (!ec) co_await linger(stream);
                    break;
                }
                if (ec) break;  // the client went away or was too slow
            }
            auto message = parser.release();
            bool bad_target = false;
            Request request = to_request(message, remote, bad_target);
            Response response;
            if (bad_target) {
                response = early_error(ErrorKind::invalid_input, 400, "request.bad_path", "请求路径无效",
                                       "the request path is invalid", request.language);
            } else {
                // Handlers block on the database and on password hashing: run them on the worker
                // pool so the I/O threads keep serving other connections.
                response = co_await asio::co_spawn(m_workers, handle_on_worker(request), asio::use_awaitable);
            }
            const int status = response.status;
            const std::size_t bytes = response.body.size();
            const bool keep_alive = message.keep_alive() && !m_stopping;
            co_await write(stream, std::move(response), version, keep_alive, request.method == "HEAD", ec);
            log_access(request, status, bytes, started);
            connection->busy = false;
            if (ec || !keep_alive) break;
        }
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        withdraw(connection);
    }

    ServerOptions m_options;
    const Frontend& m_frontend;
    std::shared_ptr<spdlog::logger> m_access_log;
    asio::io_context m_io;
    asio::strand<asio::io_context::executor_type> m_control;  // acceptor, signals, drain timer
    tcp::acceptor m_acceptor;
    asio::signal_set m_signals;
    asio::steady_timer m_drain_timer;
    std::atomic<bool> m_stopping{false};
    bool m_drain_timed_out = false;
    std::mutex m_connections_mutex;
    std::map<Connection*, std::shared_ptr<Connection>> m_connections;  // guarded by the mutex
    asio::thread_pool m_workers;                                       // runs request handlers
};

Server::Server(ServerOptions options, const Frontend& frontend, std::shared_ptr<spdlog::logger> access_log)
    : m_impl(std::make_unique<Impl>(std::move(options), frontend, std::move(access_log))) {}

Server::~Server() = default;

int Server::run(const std::function<void(const std::string&)>& on_listening) {
    return m_impl->run(on_listening);
}

}  // namespace xzq::http
