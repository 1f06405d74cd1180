#pragma once
// The audit log's tamper evidence: each entry's hash covers every field of the entry and the
// previous entry's hash, so editing, deleting or reordering any entry breaks the chain from that
// point on. Pure functions; storage appends and reads the entries.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "security/digest.hpp"

namespace xzq::security {

struct AuditEntry {
    std::int64_t seq = 0;     // 1, 2, 3 … without gaps
    std::string at;           // ISO-8601 UTC
    std::string county_code;  // tenant ("" for system-wide events)
    std::string actor;        // user name, or "-" for anonymous
    std::int64_t actor_user_id = 0;
    std::string action;       // e.g. "auth.login", "people.write", "people.read_sensitive"
    std::string outcome;      // "ok", "denied", "failed"
    std::string record_type;  // e.g. "user", "person"
    std::string record_id;
    std::string detail;  // JSON text
    std::string remote;  // client address
    DigestAlgorithm algorithm = DigestAlgorithm::sha256;
    std::string prev_hash;  // hash of entry seq-1; 64 zeros for the first
    std::string hash;
};

inline const std::string k_genesis_hash(64, '0');

// The hash the entry must carry, computed from its fields and prev_hash.
std::string audit_entry_hash(const AuditEntry& entry);

struct ChainBreak {
    std::int64_t seq;
    std::string reason_zh;
    std::string reason_en;
};

// Checks entries in seq order, continuing from `previous_hash` at `expected_seq`; the first
// broken entry, or nullopt when all hold.
std::optional<ChainBreak> verify_chain(const std::vector<AuditEntry>& entries, std::int64_t expected_seq = 1,
                                       const std::string& previous_hash = k_genesis_hash);

}  // namespace xzq::security
