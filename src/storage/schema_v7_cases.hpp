#pragma once
// Schema version 7: case files (线索 → 案件 → 卷宗) with every workflow step, the team and its
// recusal declarations, the documents of the case file, and the notices of deadline supervision
// (督办) in users' inboxes.
//
// Steps are append-only records of who did what, when, why and with which approvals. An archived
// case file does not change: the service refuses it (409) and triggers refuse it in the database
// too (see the dialect parts below).
#include <string_view>

namespace xzq::storage {

constexpr std::string_view k_v7_cases = R"sql(
CREATE TABLE cases (
    id                BIGINT PRIMARY KEY,
    county_code       TEXT NOT NULL REFERENCES counties(code),
    number            TEXT NOT NULL UNIQUE,
    report_id         BIGINT REFERENCES reports(id),
    source            TEXT NOT NULL,
    title             TEXT NOT NULL,
    state             TEXT NOT NULL,
    handling_level    TEXT NOT NULL,
    township_code     TEXT,
    zone_id           BIGINT,
    subject_person_id BIGINT,
    subject           TEXT NOT NULL DEFAULT '{}',
    important_complex INTEGER NOT NULL DEFAULT 0,
    approval_path     TEXT,
    decision          TEXT NOT NULL DEFAULT '',
    four_form         INTEGER NOT NULL DEFAULT 0,
    marks             TEXT NOT NULL DEFAULT '[]',
    facts             TEXT NOT NULL DEFAULT '[]',
    opened_on         TEXT NOT NULL,
    closed_on         TEXT,
    archived_at       TEXT,
    archive_digest    TEXT
);
CREATE INDEX cases_by_county ON cases(county_code, state);
CREATE TABLE case_steps (
    id          BIGINT PRIMARY KEY,
    county_code TEXT NOT NULL,
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    fields      TEXT NOT NULL DEFAULT '{}',
    approvals   TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX case_steps_by_case ON case_steps(case_id, id);
CREATE TABLE case_approvals (
    id          BIGINT PRIMARY KEY,
    county_code TEXT NOT NULL,
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    action      TEXT NOT NULL,
    role        TEXT NOT NULL,
    by_user     BIGINT NOT NULL,
    by_name     TEXT NOT NULL,
    opinion     TEXT NOT NULL,
    at          TEXT NOT NULL,
    step_id     BIGINT REFERENCES case_steps(id)
);
CREATE INDEX case_approvals_by_case ON case_approvals(case_id);
CREATE TABLE case_members (
    id              BIGINT PRIMARY KEY,
    county_code     TEXT NOT NULL,
    case_id         BIGINT NOT NULL REFERENCES cases(id),
    person_id       BIGINT NOT NULL REFERENCES people(id),
    role            TEXT NOT NULL CHECK (role IN ('investigator', 'reviewer', 'verifier')),
    leader          INTEGER NOT NULL DEFAULT 0,
    assigned_on     TEXT NOT NULL,
    assigned_by     TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    declared_at     TEXT,
    declaration     TEXT NOT NULL DEFAULT '',
    removed_on      TEXT,
    removal_reason  TEXT
);
CREATE INDEX case_members_by_case ON case_members(case_id);
CREATE INDEX case_members_by_person ON case_members(person_id);
CREATE TABLE case_documents (
    id          BIGINT PRIMARY KEY,
    county_code TEXT NOT NULL,
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    stage       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    mime        TEXT NOT NULL,
    size        BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    generated   INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX case_documents_by_case ON case_documents(case_id, id);
CREATE TABLE notices (
    id            BIGINT PRIMARY KEY,
    county_code   TEXT NOT NULL,
    scope         TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    link          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    dedupe_key    TEXT NOT NULL UNIQUE
);
CREATE INDEX notices_by_county ON notices(county_code, id);
CREATE TABLE notice_reads (
    notice_id BIGINT NOT NULL REFERENCES notices(id),
    user_id   BIGINT NOT NULL,
    read_at   TEXT NOT NULL,
    PRIMARY KEY (notice_id, user_id)
);
)sql";

// An archived case file refuses every change, also from outside the product.
constexpr std::string_view k_v7_cases_sqlite = R"sql(
CREATE TRIGGER cases_archived_no_update BEFORE UPDATE ON cases
WHEN OLD.archived_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'case file archived'); END;
CREATE TRIGGER case_documents_archived_no_insert BEFORE INSERT ON case_documents
WHEN (SELECT archived_at FROM cases WHERE id = NEW.case_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'case file archived'); END;
CREATE TRIGGER case_documents_no_update BEFORE UPDATE ON case_documents
BEGIN SELECT RAISE(ABORT, 'case documents are append-only'); END;
CREATE TRIGGER case_documents_no_delete BEFORE DELETE ON case_documents
BEGIN SELECT RAISE(ABORT, 'case documents are append-only'); END;
CREATE TRIGGER case_steps_no_update BEFORE UPDATE ON case_steps
BEGIN SELECT RAISE(ABORT, 'case steps are append-only'); END;
CREATE TRIGGER case_steps_no_delete BEFORE DELETE ON case_steps
BEGIN SELECT RAISE(ABORT, 'case steps are append-only'); END;
)sql";

constexpr std::string_view k_v7_cases_postgres = R"sql(
CREATE FUNCTION xzq_refuse_archived_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.archived_at IS NOT NULL THEN
    RAISE EXCEPTION 'case file archived';
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION xzq_refuse_document_of_archived_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT archived_at FROM cases WHERE id = NEW.case_id) IS NOT NULL THEN
    RAISE EXCEPTION 'case file archived';
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION xzq_refuse_change_of_case_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'append-only table';
END $$;
CREATE TRIGGER cases_archived_no_update BEFORE UPDATE ON cases
  FOR EACH ROW EXECUTE FUNCTION xzq_refuse_archived_case();
CREATE TRIGGER case_documents_archived_no_insert BEFORE INSERT ON case_documents
  FOR EACH ROW EXECUTE FUNCTION xzq_refuse_document_of_archived_case();
CREATE TRIGGER case_documents_append_only BEFORE UPDATE OR DELETE ON case_documents
  FOR EACH ROW EXECUTE FUNCTION xzq_refuse_change_of_case_record();
CREATE TRIGGER case_steps_append_only BEFORE UPDATE OR DELETE ON case_steps
  FOR EACH ROW EXECUTE FUNCTION xzq_refuse_change_of_case_record();
)sql";

}  // namespace xzq::storage
