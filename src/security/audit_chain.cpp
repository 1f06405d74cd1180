#include "security/audit_chain.hpp"

#include <fmt/format.h>

namespace xzq::security {

namespace {
// Length-prefixed fields, so no choice of field contents can make two entries serialise alike.
void put(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
    out += '|';
}
}  // namespace

std::string audit_entry_hash(const AuditEntry& e) {
    std::string canonical;
    put(canonical, std::to_string(e.seq));
    put(canonical, e.at);
    put(canonical, e.county_code);
    put(canonical, e.actor);
    put(canonical, std::to_string(e.actor_user_id));
    put(canonical, e.action);
    put(canonical, e.outcome);
    put(canonical, e.record_type);
    put(canonical, e.record_id);
    put(canonical, e.detail);
    put(canonical, e.remote);
    put(canonical, to_string(e.algorithm));
    put(canonical, e.prev_hash);
    return digest_hex(e.algorithm, canonical);
}

std::optional<ChainBreak> verify_chain(const std::vector<AuditEntry>& entries, std::int64_t expected_seq,
                                       const std::string& previous_hash) {
    std::string prev = previous_hash;
    for (const auto& entry : entries) {
        if (entry.seq != expected_seq) {
            return ChainBreak{expected_seq, fmt::format("缺少第 {} 条（下一条是第 {} 条）", expected_seq, entry.seq),
                              fmt::format("entry {} is missing (next is {})", expected_seq, entry.seq)};
        }
        if (entry.prev_hash != prev) {
            return ChainBreak{entry.seq, fmt::format("第 {} 条的前序哈希与上一条不符", entry.seq),
                              fmt::format("entry {} does not link to the previous entry", entry.seq)};
        }
        if (audit_entry_hash(entry) != entry.hash) {
            return ChainBreak{entry.seq, fmt::format("第 {} 条的内容已被改动（哈希不符）", entry.seq),
                              fmt::format("entry {} was altered (hash mismatch)", entry.seq)};
        }
        prev = entry.hash;
        ++expected_seq;
    }
    return std::nullopt;
}

}  // namespace xzq::security
