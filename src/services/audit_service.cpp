#include "services/audit_service.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace xzq::services {

std::string iso8601(std::chrono::system_clock::time_point at) {
    auto millis = std::chrono::time_point_cast<std::chrono::milliseconds>(at);
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", millis);
}

Result<std::int64_t> AuditService::record(AuditEvent event) {
    security::AuditEntry entry;
    entry.at = iso8601(m_clock.now());
    entry.county_code = std::move(event.county_code);
    entry.actor = std::move(event.actor);
    entry.actor_user_id = event.actor_user_id;
    entry.action = std::move(event.action);
    entry.outcome = std::move(event.outcome);
    entry.record_type = std::move(event.record_type);
    entry.record_id = std::move(event.record_id);
    entry.detail = std::move(event.detail);
    entry.remote = std::move(event.remote);
    entry.algorithm = m_algorithm;
    return m_log.append(std::move(entry));
}

Result<AuditVerification> AuditService::verify() {
    AuditVerification result;
    std::int64_t after = 0;
    std::string previous = security::k_genesis_hash;
    for (;;) {
        XZQ_TRY(auto page, m_log.page(after, 1000));
        if (page.empty()) break;
        if (auto broken = security::verify_chain(page, after + 1, previous)) {
            result.first_break = std::move(broken);
            break;
        }
        result.entries_checked += static_cast<std::int64_t>(page.size());
        after = page.back().seq;
        previous = page.back().hash;
    }
    return result;
}

}  // namespace xzq::services
