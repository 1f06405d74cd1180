#pragma once
// Schema version 5: reports (信访举报) with their history, messages with the reporter, attachments
// (the bytes live in files outside the database; rows keep name, kind, size and SHA-256), staged
// uploads of the public portal, requests to see a sealed reporter, deadlines, and the holiday
// calendar.
//
// The reporter's identity is one sealed text (envelope encryption, security/sealing.hpp): no
// column holds a reporter's name or contact in clear. The query code is stored as its SHA-256
// and the query password as an argon2id hash. Lists (reported persons, problem areas, repeat
// candidates) are JSON text: they are read with their report, never searched by SQL.
#include <string_view>

namespace xzq::storage {

constexpr std::string_view k_v5_reports = R"sql(
CREATE TABLE reports (
    id                  BIGINT PRIMARY KEY,
    county_code         TEXT NOT NULL REFERENCES counties(code),
    number              TEXT NOT NULL UNIQUE,
    channel             TEXT NOT NULL,
    report_type         TEXT NOT NULL,
    status              TEXT NOT NULL,
    handling_level      TEXT,
    routed_township     TEXT,
    routed_zone_id      BIGINT,
    place_township      TEXT,
    place_village       TEXT,
    received_on         TEXT NOT NULL,
    received_at         TEXT NOT NULL,
    reporter_mode       TEXT NOT NULL CHECK (reporter_mode IN ('real_name', 'anonymous')),
    reporter_sealed     TEXT NOT NULL DEFAULT '',
    category_code       TEXT,
    problem_areas       TEXT NOT NULL DEFAULT '[]',
    persons             TEXT NOT NULL DEFAULT '[]',
    description         TEXT NOT NULL DEFAULT '',
    stub                INTEGER NOT NULL DEFAULT 0,
    registered_by       BIGINT,
    handler_user_id     BIGINT,
    intake_user_id      BIGINT,
    query_code_hash     TEXT UNIQUE,
    query_password_hash TEXT,
    submission_key      TEXT UNIQUE,
    repeat_state        TEXT NOT NULL DEFAULT 'none'
                        CHECK (repeat_state IN ('none', 'suggested', 'confirmed', 'rejected')),
    original_report_id  BIGINT REFERENCES reports(id),
    repeat_candidates   TEXT NOT NULL DEFAULT '[]',
    conclusion          TEXT NOT NULL DEFAULT '',
    concluded_on        TEXT
);
CREATE INDEX reports_by_county ON reports(county_code, received_on);
CREATE INDEX reports_by_township ON reports(routed_township);
CREATE TABLE report_events (
    id          BIGINT PRIMARY KEY,
    county_code TEXT NOT NULL,
    report_id   BIGINT NOT NULL REFERENCES reports(id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_events_by_report ON report_events(report_id, id);
CREATE TABLE report_messages (
    id             BIGINT PRIMARY KEY,
    county_code    TEXT NOT NULL,
    report_id      BIGINT NOT NULL REFERENCES reports(id),
    sender         TEXT NOT NULL CHECK (sender IN ('reporter', 'handler')),
    author_user_id BIGINT,
    body           TEXT NOT NULL,
    is_notice      INTEGER NOT NULL DEFAULT 0,
    at             TEXT NOT NULL
);
CREATE INDEX report_messages_by_report ON report_messages(report_id, id);
CREATE TABLE report_attachments (
    id          BIGINT PRIMARY KEY,
    county_code TEXT NOT NULL,
    report_id   BIGINT NOT NULL REFERENCES reports(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    size        BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    added_by    TEXT NOT NULL
);
CREATE INDEX report_attachments_by_report ON report_attachments(report_id);
CREATE TABLE staged_attachments (
    token_hash  TEXT PRIMARY KEY,
    county_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    size        BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE TABLE reveal_requests (
    id              BIGINT PRIMARY KEY,
    county_code     TEXT NOT NULL,
    report_id       BIGINT NOT NULL REFERENCES reports(id),
    requested_by    BIGINT NOT NULL,
    requester_name  TEXT NOT NULL,
    reason          TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'refused')),
    decided_by      BIGINT,
    decider_name    TEXT,
    decision_reason TEXT,
    requested_at    TEXT NOT NULL,
    decided_at      TEXT
);
CREATE INDEX reveal_requests_by_report ON reveal_requests(report_id);
CREATE TABLE deadlines (
    id            BIGINT PRIMARY KEY,
    county_code   TEXT NOT NULL,
    subject_type  TEXT NOT NULL,
    subject_id    BIGINT NOT NULL,
    rule_code     TEXT NOT NULL,
    start_on      TEXT NOT NULL,
    due_on        TEXT,
    completed_on  TEXT,
    pauses        TEXT NOT NULL DEFAULT '[]',
    level         TEXT,
    township_code TEXT,
    zone_id       BIGINT
);
CREATE INDEX deadlines_open ON deadlines(county_code, completed_on);
CREATE INDEX deadlines_by_subject ON deadlines(subject_type, subject_id);
CREATE TABLE calendar_days (
    day  TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'adjusted_workday')),
    name TEXT NOT NULL
);
CREATE TABLE calendar_years_seeded (
    year INTEGER PRIMARY KEY
);
)sql";

}  // namespace xzq::storage
