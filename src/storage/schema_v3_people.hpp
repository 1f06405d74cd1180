#pragma once
// Schema version 3: the supervision organisation, zones with dated township memberships, the
// cadre pool with its entry/exit record, declared relationships, extra skills and secondments.
// Portable SQL for SQLite and PostgreSQL. Ids are BIGINT taken from id_sequences by the
// repositories (one counter per table), so that both backends share one CREATE TABLE text.
// Dates are ISO `YYYY-MM-DD` text, which orders correctly as text. Booleans are 0/1 integers.
// Every tenant row carries county_code.
#include <string_view>

namespace xzq::storage {

constexpr std::string_view k_v3_people = R"sql(
CREATE TABLE id_sequences (
    name       TEXT PRIMARY KEY,
    next_value BIGINT NOT NULL
);
CREATE TABLE org_units (
    id              BIGINT PRIMARY KEY,
    county_code     TEXT NOT NULL REFERENCES counties(code),
    type            TEXT NOT NULL CHECK (type IN ('COUNTY_COMMISSION', 'STANDING_COMMITTEE',
                        'DEPARTMENT', 'RESIDENT_GROUP', 'ZONE', 'TOWNSHIP_COMMISSION',
                        'TOWNSHIP_SUPERVISION_OFFICE', 'TOWNSHIP_PARTY_COMMITTEE',
                        'VILLAGE_SUPERVISION_COMMITTEE', 'VILLAGE_INFO_OFFICER')),
    name            TEXT NOT NULL,
    parent_id       BIGINT REFERENCES org_units(id),
    department_kind TEXT,
    township_code   TEXT REFERENCES townships(code),
    village_code    TEXT REFERENCES villages(code),
    sort_order      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX org_units_by_county ON org_units(county_code, type);
CREATE UNIQUE INDEX org_units_unique_name ON org_units(county_code, type, name);
CREATE TABLE people (
    id                 BIGINT PRIMARY KEY,
    county_code        TEXT NOT NULL REFERENCES counties(code),
    name               TEXT NOT NULL,
    gender             TEXT CHECK (gender IN ('male', 'female')),
    phone              TEXT NOT NULL DEFAULT '',
    external_id        TEXT,
    party_member       INTEGER NOT NULL DEFAULT 0,
    person_rank        TEXT,
    post               TEXT NOT NULL DEFAULT '',
    org_unit_id        BIGINT REFERENCES org_units(id),
    leads_unit         INTEGER NOT NULL DEFAULT 0,
    home_township_code TEXT REFERENCES townships(code),
    status             TEXT NOT NULL CHECK (status IN ('in_post', 'seconded', 'in_training', 'exited'))
);
CREATE INDEX people_by_county ON people(county_code);
CREATE UNIQUE INDEX people_external_id ON people(county_code, external_id);
CREATE TABLE person_skills (
    person_id   BIGINT NOT NULL REFERENCES people(id),
    county_code TEXT NOT NULL,
    skill       TEXT NOT NULL,
    PRIMARY KEY (person_id, skill)
);
CREATE TABLE person_status_changes (
    id          BIGINT PRIMARY KEY,
    county_code TEXT NOT NULL,
    person_id   BIGINT NOT NULL REFERENCES people(id),
    changed_on  TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX person_status_changes_by_person ON person_status_changes(person_id, id);
CREATE TABLE person_relationships (
    id              BIGINT PRIMARY KEY,
    county_code     TEXT NOT NULL,
    person_id       BIGINT NOT NULL REFERENCES people(id),
    kind            TEXT NOT NULL CHECK (kind IN ('kin', 'former_colleague', 'former_posting', 'witness', 'interest')),
    other_person_id BIGINT REFERENCES people(id),
    place_code      TEXT,
    note            TEXT NOT NULL DEFAULT '',
    declared_on     TEXT NOT NULL,
    CHECK ((other_person_id IS NULL) <> (place_code IS NULL))
);
CREATE INDEX person_relationships_by_person ON person_relationships(person_id);
CREATE INDEX person_relationships_by_other ON person_relationships(other_person_id);
CREATE TABLE extra_skills (
    county_code TEXT NOT NULL REFERENCES counties(code),
    code        TEXT NOT NULL,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    PRIMARY KEY (county_code, code)
);
CREATE TABLE zones (
    id               BIGINT PRIMARY KEY REFERENCES org_units(id),
    county_code      TEXT NOT NULL REFERENCES counties(code),
    chief_title      TEXT NOT NULL,
    deputy_title     TEXT NOT NULL,
    chief_person_id  BIGINT REFERENCES people(id),
    deputy_person_id BIGINT REFERENCES people(id)
);
CREATE TABLE zone_memberships (
    id            BIGINT PRIMARY KEY,
    county_code   TEXT NOT NULL,
    zone_id       BIGINT NOT NULL REFERENCES zones(id),
    township_code TEXT NOT NULL REFERENCES townships(code),
    valid_from    TEXT NOT NULL,
    valid_to      TEXT,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX zone_memberships_by_county ON zone_memberships(county_code, township_code);
CREATE UNIQUE INDEX zone_memberships_one_open ON zone_memberships(township_code) WHERE valid_to IS NULL;
CREATE TABLE secondments (
    id                     BIGINT PRIMARY KEY,
    county_code            TEXT NOT NULL REFERENCES counties(code),
    person_id              BIGINT NOT NULL REFERENCES people(id),
    zone_id                BIGINT NOT NULL REFERENCES zones(id),
    task_title             TEXT NOT NULL,
    starts_on              TEXT NOT NULL,
    ends_on                TEXT NOT NULL,
    requested_by_person_id BIGINT NOT NULL REFERENCES people(id),
    source                 TEXT NOT NULL CHECK (source IN ('zone', 'county_pool')),
    state                  TEXT NOT NULL CHECK (state IN ('requested', 'approved', 'rejected')),
    decided_by_person_id   BIGINT REFERENCES people(id),
    decided_on             TEXT,
    released_on            TEXT,
    note                   TEXT NOT NULL DEFAULT '',
    CHECK (ends_on >= starts_on)
);
CREATE INDEX secondments_by_person ON secondments(person_id);
CREATE INDEX secondments_by_zone ON secondments(zone_id);
)sql";

}  // namespace xzq::storage
