#include "services/case_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "planning/team.hpp"
#include "security/digest.hpp"
#include "services/audit_service.hpp"
#include "services/organisation_service.hpp"

namespace xzq::services {

std::string_view to_string(CaseRole role) {
    switch (role) {
        case CaseRole::investigator:
            return "investigator";
        case CaseRole::reviewer:
            return "reviewer";
        case CaseRole::verifier:
            return "verifier";
    }
    return "investigator";
}

std::optional<CaseRole> case_role_from_string(std::string_view text) {
    for (auto role : {CaseRole::investigator, CaseRole::reviewer, CaseRole::verifier}) {
        if (to_string(role) == text) return role;
    }
    return std::nullopt;
}

std::string_view chinese_name(CaseRole role) {
    switch (role) {
        case CaseRole::investigator:
            return "审查调查组";
        case CaseRole::reviewer:
            return "审理组";
        case CaseRole::verifier:
            return "核查组";
    }
    return "审查调查组";
}

namespace {

using domain::Action;
using domain::ApprovalRole;
using domain::CaseHandlingLevel;
using domain::CaseState;

Error not_found() {
    return make_error(ErrorKind::not_found, "case.not_found", "未找到该案件", "case not found");
}

Error forbidden() {
    return make_error(ErrorKind::forbidden, "access.denied", "无权执行此操作", "you may not do this");
}

Error archived() {
    return make_error(ErrorKind::conflict, "case.archived", "卷宗已归档，不能再作任何修改",
                      "the case file is archived and cannot be changed");
}

Error invalid(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, std::move(code), std::move(zh), std::move(en));
}

std::string sha256_hex(std::string_view data) {
    return security::digest_hex(security::DigestAlgorithm::sha256, data);
}

bool township_level(CaseHandlingLevel level) {
    return level == CaseHandlingLevel::township || level == CaseHandlingLevel::zone_assisted ||
           level == CaseHandlingLevel::designated;
}

// The approval roles each built-in role may record, for a case at this level.
std::set<ApprovalRole> roles_for(const std::string& role, CaseHandlingLevel level) {
    if (role == "township_secretary" && township_level(level)) {
        return {ApprovalRole::commission_head, ApprovalRole::department_head, ApprovalRole::standing_committee,
                ApprovalRole::party_secretary, ApprovalRole::party_committee};
    }
    if (role == "county_leader") {
        std::set<ApprovalRole> out{ApprovalRole::county_commission_head, ApprovalRole::county_standing_committee};
        if (!township_level(level)) {
            out.insert({ApprovalRole::commission_head, ApprovalRole::party_secretary, ApprovalRole::party_committee,
                        ApprovalRole::standing_committee, ApprovalRole::department_head});
        }
        return out;
    }
    if (role == "zone_chief") return {ApprovalRole::zone_chief};
    if (role == "county_staff")
        return {ApprovalRole::county_review, ApprovalRole::county_office, ApprovalRole::department_head};
    return {};
}

// Facts the decision brings to the workflow's conditions.
void add_decision_facts(const domain::CaseDecision& d, std::set<domain::WorkflowCondition>& facts) {
    using C = domain::WorkflowCondition;
    using P = domain::PartySanction;
    if (d.party && domain::is_sanction(*d.party)) facts.insert(C::party_sanction);
    if (d.government && domain::is_sanction(*d.government)) facts.insert(C::gov_sanction);
    if (d.party &&
        (*d.party == P::removal_from_party_posts || *d.party == P::serious_warning_in_lieu ||
         *d.party == P::probation_one_year || *d.party == P::probation_two_years || *d.party == P::expulsion)) {
        facts.insert(C::party_committee_approval);
        if (*d.party != P::serious_warning_in_lieu) facts.insert(C::position_change);
    }
    if (!d.org_handling.empty()) facts.insert(C::org_handling);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

// The procedure order of the case file (卷宗): documents sort by the state they were filed in.
int stage_order(CaseState stage) {
    const auto& states = domain::all_case_states();
    return static_cast<int>(std::find(states.begin(), states.end(), stage) - states.begin());
}

}  // namespace

// ---- reading -------------------------------------------------------------------------------

Result<domain::RecordLocation> CaseService::location_of(const CaseRecord& record) {
    domain::RecordLocation location;
    location.county_code = record.county_code;
    if (township_level(record.position.level) && record.township_code) {
        location.township_code = record.township_code;
        XZQ_TRY(auto memberships, m_organisation.memberships(record.county_code));
        for (const auto& m : domain::memberships_as_of(memberships, china_today(m_clock))) {
            if (m.township_code == *record.township_code) location.zone_ids.push_back(std::to_string(m.zone_id));
        }
        if (record.zone_id && std::find(location.zone_ids.begin(), location.zone_ids.end(),
                                        std::to_string(*record.zone_id)) == location.zone_ids.end()) {
            location.zone_ids.push_back(std::to_string(*record.zone_id));
        }
    }
    return location;
}

Result<CaseRecord> CaseService::readable(const domain::Principal& who, long long id) {
    XZQ_TRY(auto found, m_cases.case_file(id));
    if (!found || found->county_code != who.county_code) return not_found();
    XZQ_TRY(auto location, location_of(*found));
    if (!domain::may_on(who, Action::case_read, location)) return not_found();
    return *found;
}

Result<CaseRecord> CaseService::writable(const domain::Principal& who, Action action, long long id) {
    XZQ_TRY(auto record, readable(who, id));
    if (record.archived_at) return archived();
    XZQ_TRY(auto location, location_of(record));
    if (!domain::may_on(who, action, location)) return forbidden();
    return record;
}

Result<std::vector<CaseRecord>> CaseService::cases(const domain::Principal& who) {
    if (!domain::may(who, Action::case_read)) return forbidden();
    XZQ_TRY(auto all, m_cases.cases(who.county_code));
    std::vector<CaseRecord> out;
    for (auto& record : all) {
        XZQ_TRY(auto location, location_of(record));
        if (domain::may_on(who, Action::case_read, location)) out.push_back(std::move(record));
    }
    return out;
}

Result<CaseView> CaseService::view(const domain::Principal& who, long long id) {
    XZQ_TRY(auto record, readable(who, id));
    CaseView out;
    XZQ_TRY(out.steps, m_cases.steps(id));
    XZQ_TRY(out.members, m_cases.members(id));
    XZQ_TRY(out.documents, m_cases.documents(id));
    std::stable_sort(out.documents.begin(), out.documents.end(), [](const CaseDocument& a, const CaseDocument& b) {
        return stage_order(a.stage) < stage_order(b.stage);
    });
    XZQ_TRY(out.pending_approvals, m_cases.pending_approvals(id));
    for (const auto& m : out.members) {
        XZQ_TRY(auto person, m_people.person(m.person_id));
        if (person) out.people[m.person_id] = *person;
        XZQ_TRY(auto township, township_of(m.person_id));
        if (township) out.townships[m.person_id] = *township;
    }
    XZQ_TRY(auto deadlines, m_reports.deadlines_of("case", id));
    for (const auto& d : deadlines) {
        XZQ_TRY(auto item, m_deadlines.item(d, record.number));
        out.deadlines.push_back(std::move(item));
    }
    if (record.decision) {
        // Periods of the same person's other decided cases accumulate with this one (条例 Art. 21).
        std::vector<domain::InfluencePeriod> periods =
            domain::influence_periods(*record.decision, record.closed_on.value_or(record.opened_on), record.id);
        if (record.subject.person_id) {
            XZQ_TRY(auto all, m_cases.cases(record.county_code));
            for (const auto& other : all) {
                if (other.id == record.id || !other.decision || other.subject.person_id != record.subject.person_id) {
                    continue;
                }
                auto more =
                    domain::influence_periods(*other.decision, other.closed_on.value_or(other.opened_on), other.id);
                periods.insert(periods.end(), more.begin(), more.end());
            }
        }
        for (auto& p : domain::accumulate_influence(std::move(periods))) {
            if (p.decision_id == record.id) out.influence.push_back(std::move(p));
        }
    }
    if (record.zone_id) {
        XZQ_TRY(auto zone, m_organisation.zone(*record.zone_id));
        if (zone) out.zone_name = zone->name;
    }
    if (record.report_id) {
        XZQ_TRY(auto report, m_reports.report(*record.report_id));
        if (report) out.report_number = report->number;
    }
    if (!record.archived_at) {
        XZQ_TRY(auto location, location_of(record));
        for (const auto* transition : domain::available_transitions(record.position, record.facts)) {
            AvailableStep step;
            step.transition = transition;
            auto action = domain::action_from_string(transition->permission);
            step.allowed = action && domain::may_on(who, *action, location);
            for (const auto& need : transition->approvals) {
                if (!domain::condition_holds(need.when, record.position, record.facts)) continue;
                bool given = std::any_of(
                    out.pending_approvals.begin(), out.pending_approvals.end(),
                    [&](const CaseApproval& a) { return a.action == transition->action && a.role == need.role; });
                step.approvals.emplace_back(need.role, given);
            }
            out.available.push_back(std::move(step));
        }
    }
    out.record = std::move(record);
    return out;
}

// ---- opening -------------------------------------------------------------------------------

Result<CaseView> CaseService::create(const domain::Principal& who, CaseRecord record, const std::string& summary) {
    const auto today = china_today(m_clock);
    XZQ_TRY(auto ids, m_cases.reserve_case_id(who.county_code, static_cast<int>(today.year())));
    record.id = ids.first;
    record.county_code = who.county_code;
    record.number = fmt::format("{}-XS-{}-{:04}", who.county_code, static_cast<int>(today.year()), ids.second);
    record.opened_on = today;
    record.position = domain::CasePosition{};
    if (record.township_code) {
        XZQ_TRY(auto memberships, m_organisation.memberships(record.county_code));
        for (const auto& m : domain::memberships_as_of(memberships, today)) {
            if (m.township_code == *record.township_code) record.zone_id = m.zone_id;
        }
    }
    record.position.level = record.township_code ? CaseHandlingLevel::township : CaseHandlingLevel::county;
    XZQ_TRY(auto location, location_of(record));
    if (!domain::may_on(who, Action::case_handle, location)) return forbidden();

    CaseStep first;
    first.case_id = record.id;
    first.at = iso8601(m_clock.now());
    first.actor = who.username;
    first.action = "register";
    first.from = first.to = record.position.state;
    first.reason = summary;
    std::vector<DeadlineRecord> deadlines;
    for (const auto& effect : domain::registration_deadlines(record.facts)) {
        if (effect.op != domain::DeadlineOp::start) continue;
        XZQ_TRY(auto deadline, deadline_for(record, effect.rule_code));
        deadlines.push_back(std::move(deadline));
    }
    XZQ_TRY(auto stored, m_cases.add_case(record, first, deadlines));
    return view(who, stored.id);
}

Result<CaseView> CaseService::open_from_report(const domain::Principal& who, long long report_id, std::string title) {
    XZQ_TRY(auto report, m_reports.report(report_id));
    if (!report || report->county_code != who.county_code) {
        return make_error(ErrorKind::not_found, "report.not_found", "未找到该举报件", "report not found");
    }
    if (report->status != domain::ReportStatus::accepted && report->status != domain::ReportStatus::in_handling) {
        return make_error(ErrorKind::conflict, "case.report_not_accepted", "只有已受理的举报件可以转为问题线索",
                          "only an accepted report becomes a clue");
    }
    XZQ_TRY(auto existing, m_cases.case_of_report(report_id));
    if (existing) {
        return make_error(ErrorKind::conflict, "case.report_has_case",
                          fmt::format("该举报件已转为线索 {}", existing->number),
                          fmt::format("this report is already clue {}", existing->number));
    }
    CaseRecord record;
    record.report_id = report_id;
    record.source = "report";
    record.township_code = report->routed_township ? report->routed_township : report->place_township;
    if (!report->persons.empty()) {
        const auto& person = report->persons.front();
        record.subject.name = person.name;
        record.subject.post = person.post;
        record.subject.person_id = person.person_id;
        record.subject.facts.rank = person.rank;
        record.subject.facts.managed_by_county_committee = person.managed_by_county_committee;
        if (person.person_id) {
            XZQ_TRY(auto known, m_people.person(*person.person_id));
            if (known) {
                record.subject.facts.party_member = known->party_member;
                if (!record.subject.facts.rank) record.subject.facts.rank = known->rank;
            }
        }
        record.subject.facts.village_manager = person.rank == domain::Rank::village_cadre;
    }
    record.title = title.empty()
                       ? fmt::format("关于{}的问题线索（{}）",
                                     record.subject.name.empty() ? "有关人员" : record.subject.name, report->number)
                       : std::move(title);
    if (report->reporter_mode == domain::ReporterMode::real_name) {
        record.facts.insert(domain::WorkflowCondition::realname_reporter);
    }
    // The report is now handled as a clue.
    ReportChange handled;
    handled.record = *report;
    handled.record.status = domain::ReportStatus::in_handling;
    handled.today = china_today(m_clock);
    handled.event = ReportEvent{0, report->id, iso8601(m_clock.now()), who.username, "clue_opened", ""};
    XZQ_TRY(auto view, create(who, std::move(record), "来源于举报件 " + report->number));
    handled.event->note = view.record.number;
    XZQ_TRY_VOID(m_reports.apply_change(handled));
    return view;
}

Result<std::optional<std::pair<long long, std::string>>> CaseService::case_of_report(long long report_id) {
    XZQ_TRY(auto found, m_cases.case_of_report(report_id));
    if (!found) return std::optional<std::pair<long long, std::string>>();
    return std::optional<std::pair<long long, std::string>>(std::pair{found->id, found->number});
}

Result<CaseView> CaseService::open_clue(const domain::Principal& who, NewClue clue) {
    static const std::set<std::string> sources = {"report",   "supervision", "inspection",
                                                  "transfer", "self_report", "other"};
    if (!sources.contains(clue.source)) {
        return invalid("case.bad_source", "线索来源无效", "unknown clue source");
    }
    if (clue.title.empty() || clue.title.size() > 300) {
        return invalid("case.bad_title", "请填写线索标题（不超过 100 字）",
                       "give the clue a title (at most 100 characters)");
    }
    if (clue.subject.name.empty() || clue.subject.name.size() > 90) {
        return invalid("case.bad_subject", "请填写被反映人姓名", "give the name of the person concerned");
    }
    if (clue.township_code) {
        XZQ_TRY(auto townships, m_organisation.townships(who.county_code));
        if (!std::any_of(townships.begin(), townships.end(),
                         [&](const TownshipRef& t) { return t.code == *clue.township_code; })) {
            return invalid("case.bad_township", "乡镇不在本县", "the township is not in the county");
        }
    }
    CaseRecord record;
    record.source = clue.source;
    record.title = std::move(clue.title);
    record.township_code = clue.township_code;
    record.subject = std::move(clue.subject);
    record.important_or_complex = clue.important_or_complex;
    return create(who, std::move(record), clue.summary);
}

// ---- moving --------------------------------------------------------------------------------

Result<DeadlineRecord> CaseService::deadline_for(const CaseRecord& record, const std::string& rule) {
    DeadlineRecord where;
    where.county_code = record.county_code;
    where.subject_type = "case";
    where.subject_id = record.id;
    where.level = std::string(domain::to_string(record.position.level));
    if (township_level(record.position.level)) {
        where.township_code = record.township_code;
        where.zone_id = record.zone_id;
    }
    return m_deadlines.make(rule, china_today(m_clock), where);
}

Result<std::optional<std::string>> CaseService::township_of(long long person_id) {
    XZQ_TRY(auto person, m_people.person(person_id));
    if (!person) return std::optional<std::string>();
    if (person->org_unit_id) {
        XZQ_TRY(auto unit, m_organisation.unit(*person->org_unit_id));
        if (unit && unit->township_code) return unit->township_code;
    }
    return person->home_township_code;
}

Result<std::vector<domain::CaseTeamMember>> CaseService::team_of(const std::vector<CaseMember>& members,
                                                                 CaseRole role) {
    std::vector<domain::CaseTeamMember> out;
    for (const auto& m : members) {
        if (!m.active() || m.role != role) continue;
        XZQ_TRY(auto township, township_of(m.person_id));
        out.push_back({m.person_id, township.value_or(""), m.declared_at.has_value()});
    }
    return out;
}

Result<CaseView> CaseService::transition(const domain::Principal& who, long long id, TransitionRequest request) {
    XZQ_TRY(auto record, readable(who, id));
    if (record.archived_at) return archived();
    XZQ_TRY(auto members, m_cases.members(id));
    XZQ_TRY(auto pending, m_cases.pending_approvals(id));

    if (request.action == "team.confirm") {
        for (const auto& m : members) {
            if (m.active() && m.role == CaseRole::investigator && !m.declared_at) {
                return make_error(ErrorKind::conflict, "team.declaration_missing", "办案组成员须先签署回避声明",
                                  "every team member must sign the recusal declaration first");
            }
        }
    }
    if (request.action == "team.confirm") {
        // The team and its declarations are on record: the form's fields are filled from them.
        std::vector<std::string> names, declared;
        for (const auto& m : members) {
            if (!m.active() || m.role != CaseRole::investigator) continue;
            XZQ_TRY(auto person, m_people.person(m.person_id));
            std::string name = person ? person->name : std::to_string(m.person_id);
            names.push_back(m.leader ? name + "（组长）" : name);
            if (m.declared_at) declared.push_back(name + " " + *m.declared_at);
        }
        if (!names.empty()) request.fields.try_emplace("team_members", join(names, "、"));
        if (!declared.empty() && declared.size() == names.size()) {
            request.fields.try_emplace("recusal_declarations", join(declared, "；"));
        }
        if (!request.reason.empty()) request.fields.try_emplace("team_reason", request.reason);
    }
    if (request.action == "archive") {
        // The zone assembled the file; its index is what the system holds.
        XZQ_TRY(auto documents, m_cases.documents(id));
        std::vector<std::string> lines;
        for (const auto& d : documents) lines.push_back(d.title + " " + d.sha256.substr(0, 12));
        if (!lines.empty()) request.fields.try_emplace("dossier_index", join(lines, "\n"));
        request.fields.try_emplace("dossier_number", record.number);
    }
    domain::TransitionContext context;
    context.fields = request.fields;
    if (!request.reason.empty()) context.fields.emplace("reason", request.reason);
    std::vector<CaseApproval> used;
    for (const auto& a : pending) {
        if (a.action == request.action) {
            context.approvals.push_back(a.role);
            used.push_back(a);
        }
    }
    context.facts = record.facts;
    auto decision = request.decision ? request.decision : record.decision;
    if (decision) add_decision_facts(*decision, context.facts);
    context.path = request.path;
    const bool verifying = record.position.state == CaseState::verification;
    XZQ_TRY(context.team, team_of(members, verifying ? CaseRole::verifier : CaseRole::investigator));
    for (const auto& m : members) {
        if (m.role == CaseRole::reviewer) {
            if (m.active()) context.reviewers.push_back(m.person_id);
        } else {
            context.investigators.push_back(m.person_id);
        }
    }
    context.subject_township_code = record.township_code.value_or("");

    XZQ_TRY(auto outcome, domain::next(record.position, request.action, context));
    const auto& row = *outcome.transition;
    auto permission = domain::action_from_string(row.permission);
    XZQ_TRY(auto location, location_of(record));
    if (!permission || !domain::may_on(who, *permission, location)) return forbidden();

    CaseChange change;
    change.record = record;
    change.expected_state = record.position.state;
    change.today = china_today(m_clock);
    change.record.position = outcome.to;
    change.record.facts = context.facts;
    if (request.decision) {
        auto problems = domain::validate_decision(*request.decision, record.subject.facts);
        if (!problems.empty()) {
            std::vector<std::string> zh, en;
            for (const auto& p : problems) {
                zh.push_back(p.message_zh);
                en.push_back(p.message_en);
            }
            return make_error(ErrorKind::invalid_input, "decision.invalid", "处理决定不符合规定：" + join(zh, "；"),
                              "the decision breaks the rules: " + join(en, "; "));
        }
        change.record.decision = request.decision;
        change.record.four_form = domain::four_form(*request.decision);
        change.record.important_or_complex = request.decision->important_or_complex || record.important_or_complex;
    }
    if (outcome.to.state == CaseState::closed && !record.closed_on) change.record.closed_on = change.today;
    // A shelved clue comes back for review every quarter (domain.md §2.3, "二次启动机制").
    if (record.position.state == CaseState::shelved) change.complete_rules.push_back("clue.shelved_review");
    if (outcome.to.state == CaseState::shelved) {
        XZQ_TRY(auto review, deadline_for(change.record, "clue.shelved_review"));
        change.new_deadlines.push_back(std::move(review));
    }
    for (const auto& effect : outcome.deadlines) {
        switch (effect.op) {
            case domain::DeadlineOp::start: {
                XZQ_TRY(auto deadline, deadline_for(change.record, effect.rule_code));
                change.new_deadlines.push_back(std::move(deadline));
                break;
            }
            case domain::DeadlineOp::complete:
                change.complete_rules.push_back(effect.rule_code);
                break;
            case domain::DeadlineOp::cancel:
                change.cancel_rules.push_back(effect.rule_code);
                break;
            case domain::DeadlineOp::pause:
                change.pause_rules.push_back(effect.rule_code);
                break;
            case domain::DeadlineOp::resume:
                change.resume_rules.push_back(effect.rule_code);
                break;
        }
    }
    if (outcome.to.state == CaseState::archived) {
        // The digest seals the case file's index: every document's SHA-256 in order.
        XZQ_TRY(auto documents, m_cases.documents(id));
        std::string index;
        for (const auto& d : documents) index += d.sha256 + "  " + d.title + "\n";
        change.record.archived_at = iso8601(m_clock.now());
        change.record.archive_digest = sha256_hex(index);
    }
    CaseStep step;
    step.case_id = id;
    step.at = iso8601(m_clock.now());
    step.actor = who.username;
    step.action = row.action;
    step.from = record.position.state;
    step.to = outcome.to.state;
    step.reason = request.reason;
    step.fields = request.fields;
    step.approvals = used;
    change.step = step;
    for (const auto& a : used) change.used_approvals.push_back(a.id);
    if (!request.fields.empty() || !used.empty()) {
        XZQ_TRY(auto form, make_form(change.record, row, request, used, who.username));
        change.document = form;
    }
    // The real-name reporter's feedback travels through the portal's message channel.
    if (row.action == "feedback.record" && record.report_id) {
        auto text = request.fields.contains("feedback") ? request.fields.at("feedback") : request.reason;
        if (!text.empty()) {
            XZQ_TRY(auto report, m_reports.report(*record.report_id));
            if (report) {
                XZQ_TRY(auto sent, m_reports.add_message(report->county_code, {0, report->id, "handler", who.user_id,
                                                                               text, false, iso8601(m_clock.now())}));
                (void)sent;
            }
        }
    }
    if (auto applied = m_cases.apply(change); !applied) {
        if (change.document) (void)m_files.remove(change.document->storage_key);
        if (applied.error().kind == ErrorKind::conflict) {
            return make_error(ErrorKind::conflict, "case.moved", "案件已被他人办理到下一步，请刷新后重试",
                              "someone else moved the case on; reload and try again");
        }
        return applied.error();
    }
    if (outcome.to.state == CaseState::closed && record.report_id) {
        // The report is concluded with its case.
        XZQ_TRY(auto report, m_reports.report(*record.report_id));
        if (report && report->status == domain::ReportStatus::in_handling) {
            ReportChange concluded;
            concluded.record = *report;
            concluded.record.status = domain::ReportStatus::concluded;
            concluded.record.concluded_on = change.today;
            concluded.today = change.today;
            concluded.event =
                ReportEvent{0, report->id, iso8601(m_clock.now()), who.username, "concluded", record.number};
            XZQ_TRY_VOID(m_reports.apply_change(concluded));
        }
    }
    return view(who, id);
}

Result<std::vector<domain::DecisionProblem>> CaseService::check_decision(const domain::Principal& who, long long id,
                                                                         const domain::CaseDecision& decision) {
    XZQ_TRY(auto record, readable(who, id));
    return domain::validate_decision(decision, record.subject.facts);
}

Result<CaseView> CaseService::update_subject(const domain::Principal& who, long long id, CaseSubject subject) {
    XZQ_TRY(auto record, writable(who, Action::case_handle, id));
    if (subject.name.empty())
        return invalid("case.bad_subject", "请填写被反映人姓名", "give the name of the person concerned");
    if (subject.person_id) {
        XZQ_TRY(auto person, m_people.person(*subject.person_id));
        if (!person || person->county_code != record.county_code) {
            return invalid("case.bad_subject", "干部库中没有该人员", "no such person in the register");
        }
    }
    CaseChange change;
    change.record = record;
    change.expected_state = record.position.state;
    change.today = china_today(m_clock);
    change.record.subject = subject;
    CaseStep step;
    step.case_id = id;
    step.at = iso8601(m_clock.now());
    step.actor = who.username;
    step.action = "subject.update";
    step.from = step.to = record.position.state;
    step.fields = {{"name", subject.name},
                   {"post", subject.post},
                   {"party_member", subject.facts.party_member ? "是" : "否"},
                   {"village_manager", subject.facts.village_manager ? "是" : "否"},
                   {"holds_party_post", subject.facts.holds_party_post ? "是" : "否"}};
    change.step = step;
    XZQ_TRY_VOID(m_cases.apply(change));
    return view(who, id);
}

Result<std::vector<ApprovalRole>> CaseService::approval_roles(const domain::Principal& who, long long id) {
    XZQ_TRY(auto record, readable(who, id));
    XZQ_TRY(auto location, location_of(record));
    std::set<ApprovalRole> roles;
    for (const auto& grant : who.grants) {
        if (!domain::scope_covers(grant.scope, location, who.user_id)) continue;
        auto actions = domain::actions_of(grant);
        if (std::find(actions.begin(), actions.end(), Action::case_approve) == actions.end()) continue;
        for (auto role : roles_for(grant.role, record.position.level)) roles.insert(role);
    }
    return std::vector<ApprovalRole>(roles.begin(), roles.end());
}

Result<CaseView> CaseService::approve(const domain::Principal& who, long long id, const std::string& action,
                                      ApprovalRole role, std::string opinion) {
    XZQ_TRY(auto record, writable(who, Action::case_approve, id));
    XZQ_TRY(auto roles, approval_roles(who, id));
    if (std::find(roles.begin(), roles.end(), role) == roles.end()) {
        return make_error(ErrorKind::forbidden, "case.approval_role",
                          fmt::format("您的岗位不能以“{}”的身份审批此案", domain::chinese_name(role)),
                          fmt::format("your post cannot approve this case as {}", domain::to_string(role)));
    }
    bool known = false;
    for (const auto* transition : domain::available_transitions(record.position, record.facts)) {
        if (transition->action != action) continue;
        for (const auto& need : transition->approvals) known = known || need.role == role;
    }
    if (!known) {
        return make_error(ErrorKind::conflict, "case.approval_not_needed", "当前环节不需要这项审批",
                          "this step does not need that approval now");
    }
    if (opinion.empty()) return invalid("case.opinion_required", "请填写审批意见", "give your opinion");
    XZQ_TRY(auto pending, m_cases.pending_approvals(id));
    for (const auto& a : pending) {
        if (a.action == action && a.role == role) {
            return make_error(ErrorKind::conflict, "case.approval_given", "这项审批已经作出",
                              "that approval was already given");
        }
    }
    CaseApproval approval;
    approval.case_id = id;
    approval.action = action;
    approval.role = role;
    approval.by_user = who.user_id;
    approval.by_name = who.username;
    approval.opinion = std::move(opinion);
    approval.at = iso8601(m_clock.now());
    XZQ_TRY(auto stored, m_cases.add_approval(record.county_code, approval));
    (void)stored;
    return view(who, id);
}

// ---- teams ---------------------------------------------------------------------------------

Result<TeamSuggestion> CaseService::propose_team(const domain::Principal& who, long long id,
                                                 const TeamRequest& request) {
    XZQ_TRY(auto record, readable(who, id));
    if (!record.township_code) {
        return make_error(ErrorKind::conflict, "team.no_township", "案件没有所属乡镇，无法按异地原则组队",
                          "the case has no township, so a team from other townships cannot be proposed");
    }
    const auto today = china_today(m_clock);
    XZQ_TRY(auto memberships, m_organisation.memberships(record.county_code));
    std::set<std::string> zone_townships;
    for (const auto& m : domain::memberships_as_of(memberships, today)) {
        if (record.zone_id && m.zone_id == *record.zone_id) zone_townships.insert(m.township_code);
    }
    XZQ_TRY(auto units, m_organisation.units(record.county_code));
    std::map<long long, domain::OrgUnit> unit_by_id;
    for (const auto& u : units) unit_by_id[u.id] = u;
    XZQ_TRY(auto everyone, m_people.people(record.county_code));
    std::optional<domain::PersonRecord> subject;
    if (record.subject.person_id) {
        XZQ_TRY(auto person, m_people.person(*record.subject.person_id));
        if (person) {
            XZQ_TRY(auto relations, m_people.relationships(person->id));
            subject = domain::PersonRecord{*person, relations};
        }
    }
    XZQ_TRY(auto members, m_cases.members(id));
    std::set<long long> already;
    for (const auto& m : members) {
        if (m.active() && m.role == request.role) already.insert(m.person_id);
    }
    std::vector<planning::TeamCandidate> candidates;
    std::vector<const domain::Person*> behind;
    std::map<long long, std::vector<domain::RecusalReason>> conflicts;
    for (const auto& person : everyone) {
        if (person.status == domain::PersonStatus::exited) continue;
        if (std::find(request.excluded_people.begin(), request.excluded_people.end(), person.id) !=
            request.excluded_people.end()) {
            continue;
        }
        std::optional<domain::OrgUnit> unit;
        if (person.org_unit_id && unit_by_id.contains(*person.org_unit_id)) unit = unit_by_id[*person.org_unit_id];
        std::string township =
            unit && unit->township_code ? *unit->township_code : person.home_township_code.value_or("");
        int tier = -1;
        if (!township.empty() && zone_townships.contains(township) && unit &&
            unit->type == domain::OrgUnitType::township_commission) {
            tier = planning::k_tier_same_zone;
        } else if (unit && unit->type == domain::OrgUnitType::department && !person.leads_unit) {
            tier = planning::k_tier_county;  // the county commission's pool
            if (township.empty()) township = "county";
        }
        if (tier < 0) continue;
        XZQ_TRY(auto relations, m_people.relationships(person.id));
        auto reasons = domain::recusal_conflicts({person, relations}, subject, std::nullopt, *record.township_code);
        XZQ_TRY(int cases_load, m_cases.active_assignments(person.id));
        XZQ_TRY(auto secondments, m_secondments.secondments_of_person(person.id));
        planning::TeamCandidate c;
        c.id = std::to_string(person.id);
        c.name = person.name;
        c.township = township;
        c.tier = tier;
        c.skills = person.skills;
        c.can_lead = person.leads_unit || person.rank == domain::Rank::township_section;
        c.load = domain::workload(secondments, today, cases_load);
        c.capacity = 3;
        c.available = person.status == domain::PersonStatus::in_post && !already.contains(person.id);
        for (const auto& r : reasons) {
            if (r.code.find("township") != std::string::npos || r.code.find("place") != std::string::npos ||
                r.code.find("posting") != std::string::npos) {
                c.conflict_township = true;
            } else if (r.code.find("reporter") != std::string::npos) {
                c.conflict_reporter = true;
            } else {
                c.conflict_subject = true;
            }
        }
        conflicts[person.id] = reasons;
        candidates.push_back(std::move(c));
        behind.push_back(&person);
    }
    if (candidates.empty()) {
        return make_error(ErrorKind::conflict, "team.no_candidates", "本协作区其他乡镇和县级干部库中没有可选干部",
                          "nobody in the zone's other townships or the county pool can be chosen");
    }
    planning::TeamCase team_case;
    team_case.township = *record.township_code;
    team_case.required_skills = request.skills;
    team_case.size = request.size;
    team_case.need_leader = request.need_leader;
    team_case.staged_tiers = true;
    XZQ_TRY(auto proposal, planning::propose_team(candidates, team_case));

    TeamSuggestion out;
    out.found = proposal.found;
    out.message_zh = proposal.message_zh;
    out.message_en = proposal.message_en;
    out.binding = std::string(planning::to_string(proposal.binding));
    out.tier_used = proposal.tier_used;
    for (const auto& m : proposal.members) {
        const auto& c = candidates[static_cast<std::size_t>(m.candidate)];
        out.members.push_back({behind[static_cast<std::size_t>(m.candidate)]->id, c.name, c.township, c.tier, m.leader,
                               c.load, m.skills_covered, m.reason_zh, m.reason_en});
    }
    for (const auto& e : proposal.excluded) {
        const auto& c = candidates[static_cast<std::size_t>(e.candidate)];
        const auto* person = behind[static_cast<std::size_t>(e.candidate)];
        TeamSuggestion::Excluded excluded{person->id, c.name, c.township, {}, {}};
        for (const auto& r : conflicts[person->id]) {
            excluded.reasons_zh.push_back(r.message_zh);
            excluded.reasons_en.push_back(r.message_en);
        }
        if (excluded.reasons_zh.empty()) {
            excluded.reasons_zh.push_back(e.message_zh);
            excluded.reasons_en.push_back(e.message_en);
        }
        out.excluded.push_back(std::move(excluded));
    }
    return out;
}

Result<CaseView> CaseService::assign_team(const domain::Principal& who, long long id, CaseRole role,
                                          const std::vector<TeamChoice>& chosen, std::string reason) {
    // The township forms its own 核查组; the zone chief or the county confirms an 异地办案 team; the
    // reviewers are named by those who review.
    const Action needed = role == CaseRole::verifier   ? Action::case_handle
                          : role == CaseRole::reviewer ? Action::case_review
                                                       : Action::case_assign;
    XZQ_TRY(auto record, writable(who, needed, id));
    if (chosen.size() < domain::k_min_team_size || chosen.size() > domain::k_max_team_size) {
        return invalid("team.size", "办案组应为 2 至 5 人", "a team has 2 to 5 members");
    }
    std::set<long long> ids;
    for (const auto& c : chosen) {
        if (!ids.insert(c.person_id).second)
            return invalid("team.duplicate", "同一人不能重复列入", "a person is listed twice");
    }
    XZQ_TRY(auto members, m_cases.members(id));
    std::optional<domain::PersonRecord> subject;
    if (record.subject.person_id) {
        XZQ_TRY(auto person, m_people.person(*record.subject.person_id));
        if (person) {
            XZQ_TRY(auto relations, m_people.relationships(person->id));
            subject = domain::PersonRecord{*person, relations};
        }
    }
    for (const auto& c : chosen) {
        XZQ_TRY(auto person, m_people.person(c.person_id));
        if (!person || person->county_code != record.county_code) {
            return invalid("team.unknown_person", "干部库中没有该人员", "no such person in the cadre pool");
        }
        XZQ_TRY(auto township, township_of(c.person_id));
        const bool cross_township =
            role == CaseRole::investigator && record.position.level == CaseHandlingLevel::zone_assisted;
        if (cross_township && record.township_code && township == record.township_code) {
            return make_error(ErrorKind::conflict, "workflow.team_member_from_subject_township",
                              fmt::format("{}来自被审查调查人所在乡镇，不能参加异地办案", person->name),
                              fmt::format("{} works in the subject's township and cannot join", person->name));
        }
        XZQ_TRY(auto relations, m_people.relationships(person->id));
        auto reasons =
            domain::recusal_conflicts({*person, relations}, subject, std::nullopt, record.township_code.value_or(""));
        // Ties to the case's township matter for a team from other townships; the township's own
        // 核查组 and a county team recuse only for the people concerned.
        if (!cross_township) {
            std::erase_if(reasons, [](const domain::RecusalReason& r) {
                return r.code.find("township") != std::string::npos || r.code.find("place") != std::string::npos ||
                       r.code.find("posting") != std::string::npos;
            });
        }
        if (!reasons.empty()) {
            return make_error(ErrorKind::conflict, "team.conflict",
                              fmt::format("{}应当回避：{}", person->name, reasons.front().message_zh),
                              fmt::format("{} must recuse: {}", person->name, reasons.front().message_en));
        }
        if (role == CaseRole::reviewer) {
            for (const auto& m : members) {
                if (m.person_id == c.person_id && m.role != CaseRole::reviewer) {
                    return make_error(
                        ErrorKind::conflict, "workflow.reviewer_is_investigator",
                        fmt::format("{}参加过核查或审查调查，不能参加审理", person->name),
                        fmt::format("{} verified or investigated the case and cannot review it", person->name));
                }
            }
        }
    }
    if (role == CaseRole::investigator && record.position.level == CaseHandlingLevel::zone_assisted) {
        // A team other than the proposal needs a recorded reason.
        TeamRequest request;
        request.size = static_cast<int>(chosen.size());
        XZQ_TRY(auto proposal, propose_team(who, id, request));
        std::set<long long> proposed;
        for (const auto& m : proposal.members) proposed.insert(m.person_id);
        if (proposed != ids && reason.empty()) {
            return invalid("team.reason_required", "所选人员与系统建议不同，请说明理由",
                           "the team differs from the proposal: give the reason");
        }
    }
    const auto today = china_today(m_clock);
    std::vector<CaseMember> added;
    for (const auto& m : members) {
        if (m.active() && m.role == role && !ids.contains(m.person_id)) {
            CaseMember removed = m;
            removed.removed_on = today;
            removed.removal_reason = "调整办案组：" + reason;
            XZQ_TRY_VOID(m_cases.update_member(removed));
        }
    }
    for (const auto& c : chosen) {
        bool present = std::any_of(members.begin(), members.end(), [&](const CaseMember& m) {
            return m.active() && m.role == role && m.person_id == c.person_id;
        });
        if (present) continue;
        CaseMember m;
        m.case_id = id;
        m.person_id = c.person_id;
        m.role = role;
        m.leader = c.leader;
        m.assigned_on = today;
        m.assigned_by = who.username;
        m.reason = reason;
        added.push_back(std::move(m));
    }
    CaseStep step;
    step.case_id = id;
    step.at = iso8601(m_clock.now());
    step.actor = who.username;
    step.action = "team.assign." + std::string(to_string(role));
    step.from = step.to = record.position.state;
    step.reason = reason;
    std::vector<std::string> names;
    for (const auto& c : chosen) names.push_back(std::to_string(c.person_id));
    step.fields["members"] = join(names, ",");
    XZQ_TRY_VOID(m_cases.add_members(record.county_code, added, step));
    return view(who, id);
}

Result<CaseView> CaseService::declare(const domain::Principal& who, long long id, long long member_id,
                                      std::string text) {
    XZQ_TRY(auto record, writable(who, Action::case_handle, id));
    (void)record;
    XZQ_TRY(auto members, m_cases.members(id));
    auto found = std::find_if(members.begin(), members.end(), [&](const CaseMember& m) { return m.id == member_id; });
    if (found == members.end() || !found->active()) {
        return make_error(ErrorKind::not_found, "team.member_not_found", "未找到该成员", "member not found");
    }
    if (found->declared_at) {
        return make_error(ErrorKind::conflict, "team.already_declared", "已签署回避声明", "already declared");
    }
    if (text.empty()) text = "本人与本案被审查调查人、检举控告人无近亲属、利害关系等应当回避的情形。";
    CaseMember signed_member = *found;
    signed_member.declared_at = iso8601(m_clock.now());
    signed_member.declaration = text + "（" + who.username + " 登记）";
    XZQ_TRY_VOID(m_cases.update_member(signed_member));
    return view(who, id);
}

Result<std::pair<CaseView, TeamSuggestion>> CaseService::remove_member(const domain::Principal& who, long long id,
                                                                       long long member_id, std::string reason) {
    XZQ_TRY(auto record, writable(who, Action::case_assign, id));
    (void)record;
    if (reason.empty()) return invalid("team.reason_required", "请说明调整理由（如发现回避情形）", "give the reason");
    XZQ_TRY(auto members, m_cases.members(id));
    auto found = std::find_if(members.begin(), members.end(), [&](const CaseMember& m) { return m.id == member_id; });
    if (found == members.end() || !found->active()) {
        return make_error(ErrorKind::not_found, "team.member_not_found", "未找到该成员", "member not found");
    }
    CaseMember removed = *found;
    removed.removed_on = china_today(m_clock);
    removed.removal_reason = reason;
    XZQ_TRY_VOID(m_cases.update_member(removed));
    TeamRequest request;
    request.role = removed.role;
    int remaining = 0;
    for (const auto& m : members) remaining += m.active() && m.role == removed.role && m.id != member_id;
    request.size = std::clamp(remaining + 1, 2, 5);
    request.excluded_people.push_back(removed.person_id);
    // The removal stands even when no replacement can be proposed (e.g. a county case).
    TeamSuggestion replacement;
    if (auto proposed = propose_team(who, id, request); proposed) {
        replacement = std::move(*proposed);
    } else {
        replacement.message_zh = proposed.error().message_zh;
        replacement.message_en = proposed.error().message_en;
    }
    XZQ_TRY(auto updated, view(who, id));
    return std::pair{std::move(updated), std::move(replacement)};
}

// ---- the case file -------------------------------------------------------------------------

Result<CaseDocument> CaseService::store_document(const CaseRecord& record, CaseState stage, std::string kind,
                                                 std::string title, std::string file_name, std::string mime,
                                                 std::string_view bytes, bool generated, const std::string& by) {
    CaseDocument d;
    d.case_id = record.id;
    d.stage = stage;
    d.kind = std::move(kind);
    d.title = std::move(title);
    d.file_name = std::move(file_name);
    d.mime = std::move(mime);
    d.size = static_cast<long long>(bytes.size());
    d.sha256 = sha256_hex(bytes);
    d.generated = generated;
    d.created_at = iso8601(m_clock.now());
    d.created_by = by;
    // Case files are confidential: sealed like reporters' attachments.
    XZQ_TRY(auto sealed, m_sealer.seal(bytes, "case-document:" + d.sha256));
    XZQ_TRY(d.storage_key, m_files.put(sealed));
    return d;
}

Result<CaseDocument> CaseService::make_form(const CaseRecord& record, const domain::CaseTransition& transition,
                                            const TransitionRequest& request,
                                            const std::vector<CaseApproval>& approvals, const std::string& by) {
    std::string text =
        fmt::format("{}\n\n案件编号：{}\n案件名称：{}\n被审查调查人：{} {}\n办理环节：{}\n经办人：{}\n时间：{}\n",
                    transition.name_zh, record.number, record.title, record.subject.name, record.subject.post,
                    domain::chinese_name(record.position.state), by, iso8601(m_clock.now()));
    if (!request.reason.empty()) text += "\n理由：" + request.reason + "\n";
    for (const auto& field : transition.fields) {
        auto value = request.fields.find(field.name);
        if (value != request.fields.end()) text += fmt::format("\n{}：{}\n", field.label_zh, value->second);
    }
    for (const auto& [name, value] : request.fields) {
        bool known = std::any_of(transition.fields.begin(), transition.fields.end(),
                                 [&](const domain::FieldRequirement& f) { return f.name == name; });
        if (!known) text += fmt::format("\n{}：{}\n", name, value);
    }
    if (!approvals.empty()) {
        text += "\n审批意见：\n";
        for (const auto& a : approvals) {
            text += fmt::format("  {}（{}，{}）：{}\n", domain::chinese_name(a.role), a.by_name, a.at, a.opinion);
        }
    }
    auto title = fmt::format("{}（{}）", transition.name_zh, record.number);
    auto file_name = fmt::format("{}-{}.txt", transition.action, record.number);
    return store_document(record, record.position.state, "form", title, file_name, "text/plain; charset=utf-8", text,
                          true, by);
}

Result<CaseDocument> CaseService::add_document(const domain::Principal& who, long long id, CaseState stage,
                                               std::string title, std::string_view file_name, std::string_view bytes) {
    XZQ_TRY(auto record, writable(who, Action::case_handle, id));
    std::span<const unsigned char> head(reinterpret_cast<const unsigned char*>(bytes.data()),
                                        std::min(bytes.size(), domain::k_attachment_head_bytes));
    XZQ_TRY(auto kind, domain::check_attachment(file_name, head, bytes.size()));
    if (title.empty()) title = std::string(file_name);
    XZQ_TRY(auto document, store_document(record, stage, "upload", std::move(title), std::string(file_name),
                                          std::string(domain::mime_type(kind)), bytes, false, who.username));
    auto stored = m_cases.add_document(record.county_code, document);
    if (!stored) {
        (void)m_files.remove(document.storage_key);
        if (stored.error().kind == ErrorKind::conflict) return archived();
    }
    return stored;
}

Result<CaseFileDownload> CaseService::document(const domain::Principal& who, long long id, long long document_id) {
    XZQ_TRY(auto record, readable(who, id));
    XZQ_TRY(auto documents, m_cases.documents(record.id));
    auto found =
        std::find_if(documents.begin(), documents.end(), [&](const CaseDocument& d) { return d.id == document_id; });
    if (found == documents.end()) {
        return make_error(ErrorKind::not_found, "case.document_not_found", "未找到该材料", "document not found");
    }
    XZQ_TRY(auto sealed, m_files.get(found->storage_key));
    XZQ_TRY(auto bytes, m_sealer.open(sealed, "case-document:" + found->sha256));
    return CaseFileDownload{found->file_name, found->mime, std::move(bytes)};
}

Result<CaseFileDownload> CaseService::export_case_file(const domain::Principal& who, long long id) {
    XZQ_TRY(auto view, this->view(who, id));
    std::vector<std::pair<std::string, std::string>> entries;
    std::string index =
        fmt::format("卷宗目录 / case file index\n案件编号：{}\n案件名称：{}\n状态：{}\n", view.record.number,
                    view.record.title, domain::chinese_name(view.record.position.state));
    if (view.record.archived_at) {
        index += fmt::format("归档时间：{}\n归档摘要（SHA-256）：{}\n", *view.record.archived_at,
                             view.record.archive_digest.value_or(""));
    }
    index += "\n序号  阶段  材料名称  文件  SHA-256\n";
    int n = 0;
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& d : view.documents) {
        ++n;
        XZQ_TRY(auto sealed, m_files.get(d.storage_key));
        XZQ_TRY(auto bytes, m_sealer.open(sealed, "case-document:" + d.sha256));
        auto path = fmt::format("{:02}-{}", n, d.file_name);
        index += fmt::format("{:>4}  {}  {}  {}  {}\n", n, domain::chinese_name(d.stage), d.title, path, d.sha256);
        files.emplace_back(path, std::move(bytes));
    }
    entries.emplace_back("00-目录.txt", index);
    for (auto& f : files) entries.push_back(std::move(f));
    XZQ_TRY(auto zip, m_zip(entries));
    return CaseFileDownload{view.record.number + ".zip", "application/zip", std::move(zip)};
}

// ---- 督办 ----------------------------------------------------------------------------------

Result<int> CaseService::supervise(std::string_view county_code) {
    XZQ_TRY(auto items, m_deadlines.mine(console_operator(county_code)));
    XZQ_TRY(auto calendar, m_deadlines.calendar());
    const auto today = china_today(m_clock);
    int added = 0;
    for (const auto& item : items) {
        if (item.status.state != domain::DeadlineState::overdue || !item.status.due) continue;
        const int late = calendar->working_days_between(*item.status.due, today);
        const std::string name = item.rule ? item.rule->name_zh : item.record.rule_code;
        const std::string link = item.record.subject_type == "case"
                                     ? fmt::format("/cases/{}", item.record.subject_id)
                                     : fmt::format("/reports/{}", item.record.subject_id);
        std::optional<long long> zone = item.record.zone_id;
        if (!zone && item.record.township_code) {
            XZQ_TRY(auto memberships, m_organisation.memberships(county_code));
            for (const auto& m : domain::memberships_as_of(memberships, today)) {
                if (m.township_code == *item.record.township_code) zone = m.zone_id;
            }
        }
        auto notify = [&](const std::string& scope, const std::string& level,
                          const std::string& title) -> Result<void> {
            Notice n;
            n.county_code = std::string(county_code);
            n.scope = scope;
            n.title = title;
            n.body = fmt::format("{} 的“{}”已于 {} 到期，逾期 {} 个工作日，请督促办理。", item.subject_number, name,
                                 domain::format_date(*item.status.due), late);
            n.link = link;
            n.created_at = iso8601(m_clock.now());
            n.dedupe_key = fmt::format("overdue:{}:{}", item.record.id, level);
            XZQ_TRY(bool fresh, m_cases.add_notice(n));
            added += fresh ? 1 : 0;
            return Ok{};
        };
        if (zone) XZQ_TRY_VOID(notify(fmt::format("zone:{}", *zone), "zone", "督办提醒：期限已过"));
        // Long overdue, or nobody between the item and the county: the county is told.
        if (late >= 5 || !zone) {
            XZQ_TRY_VOID(notify(fmt::format("county:{}", county_code), "county", "督办提醒：逾期未办（报县纪委监委）"));
        }
    }
    return added;
}

Result<std::vector<Notice>> CaseService::notices(const domain::Principal& who) {
    XZQ_TRY(int added, supervise(who.county_code));
    (void)added;
    XZQ_TRY(auto all, m_cases.notices(who.county_code, who.user_id));
    std::vector<Notice> out;
    for (auto& n : all) {
        auto scope = domain::parse_scope(n.scope);
        if (!scope) continue;
        domain::RecordLocation location;
        location.county_code = n.county_code;
        if (scope->kind == domain::ScopeKind::zone) location.zone_ids.push_back(scope->value);
        if (domain::may_on(who, Action::deadline_read, location)) out.push_back(std::move(n));
    }
    return out;
}

Result<void> CaseService::read_notice(const domain::Principal& who, long long notice_id) {
    XZQ_TRY(auto visible, notices(who));
    if (std::none_of(visible.begin(), visible.end(), [&](const Notice& n) { return n.id == notice_id; })) {
        return make_error(ErrorKind::not_found, "notice.not_found", "未找到该提醒", "notice not found");
    }
    return m_cases.mark_notice_read(notice_id, who.user_id, iso8601(m_clock.now()));
}

}  // namespace xzq::services
