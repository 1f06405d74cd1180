#include <gtest/gtest.h>

#include <thread>

#include "security/audit_chain.hpp"
#include "security/digest.hpp"
#include "security/password.hpp"
#include "security/tokens.hpp"
#include "security/totp.hpp"

namespace xzq::security {
namespace {

TEST(Digest, KnownAnswers) {
    EXPECT_EQ(digest_hex(DigestAlgorithm::sha256, "abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // GB/T 32905-2016 Appendix A, example 1.
    EXPECT_EQ(digest_hex(DigestAlgorithm::sm3, "abc"),
              "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    EXPECT_EQ(digest_from_string("sm3"), DigestAlgorithm::sm3);
    EXPECT_EQ(digest_from_string("md5"), std::nullopt);
}

TEST(Base32, Rfc4648Vectors) {
    EXPECT_EQ(base32_encode("f"), "MY");
    EXPECT_EQ(base32_encode("foobar"), "MZXW6YTBOI");
    EXPECT_EQ(base32_decode("MZXW6YTBOI"), "foobar");
    EXPECT_EQ(base32_decode("mzxw6ytboi"), "foobar");
    EXPECT_EQ(base32_decode("MZXW6YTB0I"), std::nullopt);  // '0' is not in the alphabet
    std::string secret = random_bytes(20);
    EXPECT_EQ(base32_decode(base32_encode(secret)), secret);
}

// RFC 6238 Appendix B, SHA-1 rows (8 digits).
TEST(Totp, Rfc6238Vectors) {
    const std::string secret = "12345678901234567890";
    EXPECT_EQ(totp_code(secret, 59, 8), "94287082");
    EXPECT_EQ(totp_code(secret, 1111111109, 8), "07081804");
    EXPECT_EQ(totp_code(secret, 1111111111, 8), "14050471");
    EXPECT_EQ(totp_code(secret, 1234567890, 8), "89005924");
    EXPECT_EQ(totp_code(secret, 2000000000, 8), "69279037");
    EXPECT_EQ(totp_code(secret, 20000000000, 8), "65353130");
}

TEST(Totp, AcceptsOneStepOfClockDriftAndNoMore) {
    const std::string secret = "12345678901234567890";
    const std::int64_t now = 1111111111;
    auto code = totp_code(secret, now);
    ASSERT_EQ(code.size(), 6u);
    EXPECT_EQ(totp_matching_step(secret, code, now), now / 30);
    EXPECT_TRUE(totp_matching_step(secret, code, now + 30).has_value());
    EXPECT_TRUE(totp_matching_step(secret, code, now - 30).has_value());
    EXPECT_FALSE(totp_matching_step(secret, code, now + 90).has_value());
    EXPECT_FALSE(totp_matching_step(secret, "000000", now).has_value() && code != "000000");
    EXPECT_FALSE(totp_matching_step(secret, "12345", now).has_value());
    EXPECT_NE(totp_uri("协作区", "leader", secret).find("otpauth://totp/"), std::string::npos);
}

TEST(PasswordPolicy, LengthClassesUserNameAndRepetition) {
    EXPECT_TRUE(check_password_policy("Lankao-2026-zone", "leader").ok());
    EXPECT_TRUE(check_password_policy("协作区纪检监察工作平台2026a", "leader").ok());
    EXPECT_EQ(check_password_policy("Short-1a", "x").error().code, "auth.weak_password");
    EXPECT_FALSE(check_password_policy("alllowercaseletters", "x").ok());   // one class
    EXPECT_FALSE(check_password_policy("lowercase123456", "x").ok());       // two classes
    EXPECT_TRUE(check_password_policy("lowercase-123456", "x").ok());       // three classes
    EXPECT_FALSE(check_password_policy("Leader-2026-abc", "Leader").ok());  // contains the name
    EXPECT_FALSE(check_password_policy(std::string(129, 'a') + "A1", "x").ok());
    auto error = check_password_policy("abc", "x").error();
    EXPECT_NE(error.message_zh.find("12"), std::string::npos);
    EXPECT_NE(error.message_en.find("12"), std::string::npos);
}

TEST(PasswordHasher, Argon2idRoundTrip) {
    PasswordHasher hasher(2);
    auto hash = hasher.hash("Lankao-2026-zone");
    ASSERT_TRUE(hash.ok());
    EXPECT_TRUE(hash->starts_with("$argon2id$"));
    EXPECT_EQ(hasher.verify(*hash, "Lankao-2026-zone").value(), true);
    EXPECT_EQ(hasher.verify(*hash, "Lankao-2026-zonE").value(), false);
    auto again = hasher.hash("Lankao-2026-zone");
    EXPECT_NE(*again, *hash);  // salted
    EXPECT_EQ(hasher.verify(hasher.decoy_hash(), "anything").value(), false);
}

TEST(PasswordHasher, RefusesBeyondItsBoundInsteadOfQueueing) {
    PasswordHasher hasher(1);
    auto hash = hasher.hash("Lankao-2026-zone").value();
    std::atomic<int> busy{0}, done{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i) {
        threads.emplace_back([&] {
            auto result = hasher.verify(hash, "Lankao-2026-zone");
            if (!result.ok() && result.error().kind == ErrorKind::too_many) ++busy;
            if (result.ok()) ++done;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(busy + done, 6);
    EXPECT_GE(done.load(), 1);
}

TEST(Tokens, RandomAndUrlSafe) {
    auto a = random_token(32), b = random_token(32);
    EXPECT_NE(a, b);
    EXPECT_EQ(a.size(), 43u);
    EXPECT_EQ(a.find_first_of("+/="), std::string::npos);
    auto code = random_code(3);
    EXPECT_EQ(code.size(), 14u);
    EXPECT_TRUE(equal_in_constant_time("abc", "abc"));
    EXPECT_FALSE(equal_in_constant_time("abc", "abd"));
    EXPECT_FALSE(equal_in_constant_time("abc", "abcd"));
}

std::vector<AuditEntry> sample_chain(DigestAlgorithm algorithm, int length) {
    std::vector<AuditEntry> chain;
    std::string prev = k_genesis_hash;
    for (int i = 1; i <= length; ++i) {
        AuditEntry e;
        e.seq = i;
        e.at = "2026-11-24T10:00:0" + std::to_string(i % 10) + ".000Z";
        e.county_code = "410225";
        e.actor = "leader";
        e.actor_user_id = 4;
        e.action = "people.read";
        e.outcome = "ok";
        e.record_type = "person";
        e.record_id = std::to_string(100 + i);
        e.detail = "{}";
        e.remote = "127.0.0.1";
        e.algorithm = algorithm;
        e.prev_hash = prev;
        e.hash = audit_entry_hash(e);
        prev = e.hash;
        chain.push_back(e);
    }
    return chain;
}

TEST(AuditChain, IntactChainVerifiesInBothAlgorithms) {
    EXPECT_FALSE(verify_chain(sample_chain(DigestAlgorithm::sha256, 5)).has_value());
    auto sm3 = sample_chain(DigestAlgorithm::sm3, 5);
    EXPECT_FALSE(verify_chain(sm3).has_value());
    EXPECT_NE(sm3[0].hash, sample_chain(DigestAlgorithm::sha256, 1)[0].hash);
}

TEST(AuditChain, DetectsEditDeletionReorderAndRehash) {
    auto edited = sample_chain(DigestAlgorithm::sha256, 5);
    edited[2].record_id = "999";
    auto broken = verify_chain(edited);
    ASSERT_TRUE(broken.has_value());
    EXPECT_EQ(broken->seq, 3);

    auto deleted = sample_chain(DigestAlgorithm::sha256, 5);
    deleted.erase(deleted.begin() + 1);
    EXPECT_EQ(verify_chain(deleted)->seq, 2);

    // Editing an entry and recomputing its own hash still breaks the next link.
    auto rehashed = sample_chain(DigestAlgorithm::sha256, 5);
    rehashed[1].actor = "someone-else";
    rehashed[1].hash = audit_entry_hash(rehashed[1]);
    EXPECT_EQ(verify_chain(rehashed)->seq, 3);

    auto swapped = sample_chain(DigestAlgorithm::sha256, 5);
    std::swap(swapped[3].seq, swapped[4].seq);
    EXPECT_TRUE(verify_chain(swapped).has_value());
}

TEST(AuditChain, FieldBoundariesCannotBeShifted) {
    auto a = sample_chain(DigestAlgorithm::sha256, 1)[0];
    auto b = a;
    a.actor = "ab";
    a.action = "c";
    b.actor = "a";
    b.action = "bc";
    EXPECT_NE(audit_entry_hash(a), audit_entry_hash(b));
}

}  // namespace
}  // namespace xzq::security
