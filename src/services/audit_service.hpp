#pragma once
// Writing to and checking the audit log. Every login, change and sensitive read goes through
// record(); verify() walks the whole chain. Thread-safe when its ports are.
#include <string>

#include "common/clock.hpp"
#include "services/auth_ports.hpp"

namespace xzq::services {

struct AuditEvent {
    std::string county_code;
    std::string actor = "-";
    std::int64_t actor_user_id = 0;
    std::string action;
    std::string outcome = "ok";
    std::string record_type;
    std::string record_id;
    std::string detail = "{}";
    std::string remote;
};

struct AuditVerification {
    std::int64_t entries_checked = 0;
    std::optional<security::ChainBreak> first_break;
};

class AuditService {
  public:
    AuditService(AuditLog& log, const Clock& clock,
                 security::DigestAlgorithm algorithm = security::DigestAlgorithm::sha256)
        : m_log(log), m_clock(clock), m_algorithm(algorithm) {}

    Result<std::int64_t> record(AuditEvent event);
    Result<AuditVerification> verify();
    Result<std::vector<security::AuditEntry>> find(const AuditFilter& filter) { return m_log.find(filter); }

  private:
    AuditLog& m_log;
    const Clock& m_clock;
    security::DigestAlgorithm m_algorithm;
};

std::string iso8601(std::chrono::system_clock::time_point at);

}  // namespace xzq::services
