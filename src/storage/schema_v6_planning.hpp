#pragma once
// Schema version 6: zone planning in the product (issue 6, item 6).
//  - township_profiles: each township's position and the three balanced attributes of the zone
//    partition (planning.md (a)): staff, capacity, caseload. Edited by county administrators.
//  - zone_plan_adoptions (+ _zones): every plan adopted as the county's zoning, with the effective
//    date, the parameters and figures it was adopted with, who adopted it and when. The zoning
//    itself lives where it always did, in zone_memberships (closed and opened, never rewritten).
//  - rotation_plans (+ _members, _forbidden, _pairs): cross-inspection rounds (交叉互查) drawn per
//    zone or pool, with the seed kept so an auditor can reproduce them.
// Portable SQL for SQLite and PostgreSQL; ids come from id_sequences; dates are ISO text; real
// numbers are DOUBLE PRECISION (REAL affinity in SQLite). Every tenant row carries county_code.
#include <string_view>

namespace xzq::storage {

constexpr std::string_view k_v6_planning = R"sql(
CREATE TABLE township_profiles (
    township_code TEXT PRIMARY KEY REFERENCES townships(code),
    county_code   TEXT NOT NULL REFERENCES counties(code),
    lon           DOUBLE PRECISION NOT NULL CHECK (lon >= -180 AND lon <= 180),
    lat           DOUBLE PRECISION NOT NULL CHECK (lat >= -90 AND lat <= 90),
    staff         DOUBLE PRECISION NOT NULL CHECK (staff >= 0),
    capacity      DOUBLE PRECISION NOT NULL CHECK (capacity >= 0),
    caseload      DOUBLE PRECISION NOT NULL CHECK (caseload >= 0),
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX township_profiles_by_county ON township_profiles(county_code);
CREATE TABLE zone_plan_adoptions (
    id                 BIGINT PRIMARY KEY,
    county_code        TEXT NOT NULL REFERENCES counties(code),
    effective_on       TEXT NOT NULL,
    zone_count         INTEGER NOT NULL,
    min_size           INTEGER,
    max_size           INTEGER,
    seed               BIGINT,
    plan_status        TEXT,
    objective          DOUBLE PRECISION,
    previous_cost      DOUBLE PRECISION,
    memberships_closed INTEGER NOT NULL,
    memberships_opened INTEGER NOT NULL,
    zones_created      INTEGER NOT NULL,
    adopted_by         TEXT NOT NULL,
    adopted_by_user_id BIGINT NOT NULL,
    adopted_at         TEXT NOT NULL
);
CREATE INDEX zone_plan_adoptions_by_county ON zone_plan_adoptions(county_code, id);
CREATE TABLE zone_plan_adoption_zones (
    adoption_id BIGINT NOT NULL REFERENCES zone_plan_adoptions(id),
    county_code TEXT NOT NULL,
    position    INTEGER NOT NULL,
    zone_id     BIGINT NOT NULL REFERENCES zones(id),
    created     INTEGER NOT NULL,
    townships   TEXT NOT NULL,
    cost        DOUBLE PRECISION,
    PRIMARY KEY (adoption_id, position)
);
CREATE TABLE rotation_plans (
    id                 BIGINT PRIMARY KEY,
    county_code        TEXT NOT NULL REFERENCES counties(code),
    title              TEXT NOT NULL,
    pool_kind          TEXT NOT NULL CHECK (pool_kind IN ('zone', 'townships', 'zones')),
    zone_id            BIGINT REFERENCES zones(id),
    seed               BIGINT NOT NULL,
    rule               TEXT NOT NULL CHECK (rule IN ('strict', 'ordered_pairs')),
    method             TEXT NOT NULL CHECK (method IN ('cyclic', 'search')),
    round_count        INTEGER NOT NULL CHECK (round_count >= 1),
    starts_on          TEXT,
    message_zh         TEXT NOT NULL,
    message_en         TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    created_by_user_id BIGINT NOT NULL,
    created_at         TEXT NOT NULL,
    created_on         TEXT NOT NULL
);
CREATE INDEX rotation_plans_by_county ON rotation_plans(county_code, id);
CREATE TABLE rotation_plan_members (
    plan_id     BIGINT NOT NULL REFERENCES rotation_plans(id),
    county_code TEXT NOT NULL,
    position    INTEGER NOT NULL,
    member_code TEXT NOT NULL,
    member_name TEXT NOT NULL,
    PRIMARY KEY (plan_id, position)
);
CREATE TABLE rotation_plan_forbidden (
    plan_id     BIGINT NOT NULL REFERENCES rotation_plans(id),
    county_code TEXT NOT NULL,
    code_a      TEXT NOT NULL,
    code_b      TEXT NOT NULL,
    PRIMARY KEY (plan_id, code_a, code_b)
);
CREATE TABLE rotation_pairs (
    plan_id        BIGINT NOT NULL REFERENCES rotation_plans(id),
    county_code    TEXT NOT NULL,
    round_no       INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    inspector_code TEXT NOT NULL,
    inspected_code TEXT NOT NULL,
    PRIMARY KEY (plan_id, round_no, position),
    CHECK (inspector_code <> inspected_code)
);
)sql";

}  // namespace xzq::storage
