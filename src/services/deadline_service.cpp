#include "services/deadline_service.hpp"

#include <algorithm>
#include <map>

#include "services/organisation_service.hpp"

namespace xzq::services {

namespace {

Error unknown_rule(std::string_view code) {
    return make_error(ErrorKind::internal, "deadline.unknown_rule", "未知的时限规则：" + std::string(code),
                      "unknown deadline rule: " + std::string(code));
}

Error forbidden() {
    return make_error(ErrorKind::forbidden, "access.denied", "无权执行此操作", "you may not do this");
}

// Where a deadline sits for scope checks: its township (and that township's zones today), its
// zone, or only the county.
domain::RecordLocation deadline_location(const DeadlineRecord& d,
                                         const std::vector<domain::ZoneMembership>& memberships, domain::Date today) {
    domain::RecordLocation location;
    location.county_code = d.county_code;
    location.township_code = d.township_code;
    if (d.zone_id) location.zone_ids.push_back(std::to_string(*d.zone_id));
    if (d.township_code) {
        for (const auto& m : domain::memberships_as_of(memberships, today)) {
            if (m.township_code == *d.township_code) location.zone_ids.push_back(std::to_string(m.zone_id));
        }
    }
    return location;
}

int urgency(const domain::DeadlineStatus& status) {
    switch (status.state) {
        case domain::DeadlineState::overdue:
            return 0;
        case domain::DeadlineState::due_soon:
            return 1;
        case domain::DeadlineState::on_time:
            return 2;
        default:
            return 3;
    }
}

}  // namespace

Result<int> DeadlineService::seed_calendar() {
    XZQ_TRY(int added, m_calendar.seed_calendar(domain::shipped_cn_calendar()));
    forget_calendar();
    return added;
}

Result<std::shared_ptr<const domain::WorkCalendar>> DeadlineService::calendar() {
    {
        std::lock_guard lock(m_mutex);
        if (m_cached) return m_cached;
    }
    XZQ_TRY(auto days, m_calendar.calendar());
    auto built = std::make_shared<const domain::WorkCalendar>(std::move(days));
    std::lock_guard lock(m_mutex);
    m_cached = built;
    return built;
}

void DeadlineService::forget_calendar() {
    std::lock_guard lock(m_mutex);
    m_cached.reset();
}

Result<DeadlineRecord> DeadlineService::make(std::string_view rule_code, domain::Date start, DeadlineRecord where) {
    const auto* rule = domain::find_deadline_rule(rule_code);
    if (!rule) return unknown_rule(rule_code);
    XZQ_TRY(auto work_calendar, calendar());
    where.rule_code = rule->code;
    where.start_on = start;
    where.due_on = domain::due_date(*rule, start, *work_calendar, where.pauses);
    return where;
}

Result<DeadlineItem> DeadlineService::item(const DeadlineRecord& record, std::string subject_number) {
    XZQ_TRY(auto work_calendar, calendar());
    const auto* rule = domain::find_deadline_rule(record.rule_code);
    auto due = record.due_on;
    if (rule) due = domain::due_date(*rule, record.start_on, *work_calendar, record.pauses);
    auto status = domain::evaluate_deadline(due, china_today(m_clock), record.completed_on, *work_calendar);
    return DeadlineItem{record, rule, status, std::move(subject_number)};
}

Result<std::vector<DeadlineItem>> DeadlineService::visible_open(const domain::Principal& who) {
    if (!domain::may(who, domain::Action::deadline_read)) return forbidden();
    const auto today = china_today(m_clock);
    XZQ_TRY(auto memberships, m_organisation.memberships(who.county_code));
    XZQ_TRY(auto open, m_reports.open_deadlines(who.county_code));
    std::map<long long, std::string> numbers;
    std::vector<DeadlineItem> out;
    for (const auto& d : open) {
        if (!domain::may_on(who, domain::Action::deadline_read, deadline_location(d, memberships, today))) continue;
        std::string number;
        if (d.subject_type == "report") {
            auto known = numbers.find(d.subject_id);
            if (known == numbers.end()) {
                XZQ_TRY(auto report, m_reports.report(d.subject_id));
                known = numbers.emplace(d.subject_id, report ? report->number : std::string()).first;
            }
            number = known->second;
        }
        XZQ_TRY(auto entry, item(d, std::move(number)));
        out.push_back(std::move(entry));
    }
    std::stable_sort(out.begin(), out.end(), [](const DeadlineItem& a, const DeadlineItem& b) {
        if (urgency(a.status) != urgency(b.status)) return urgency(a.status) < urgency(b.status);
        return a.status.working_days_left < b.status.working_days_left;
    });
    return out;
}

Result<std::vector<DeadlineItem>> DeadlineService::mine(const domain::Principal& who) {
    return visible_open(who);
}

Result<DeadlineBoard> DeadlineService::board(const domain::Principal& who) {
    XZQ_TRY(auto items, visible_open(who));
    const auto today = china_today(m_clock);
    XZQ_TRY(auto zones, m_organisation.zones(who.county_code));
    XZQ_TRY(auto memberships, m_organisation.memberships(who.county_code));
    auto current = domain::memberships_as_of(memberships, today);
    DeadlineBoard board;
    board.today = today;
    auto count = [](BoardCounts& counts, const DeadlineItem& item) {
        ++counts.open;
        if (item.status.state == domain::DeadlineState::due_soon) ++counts.due_soon;
        if (item.status.state == domain::DeadlineState::overdue) ++counts.overdue;
    };
    for (const auto& item : items) count(board.county, item);
    for (const auto& zone : zones) {
        ZoneBoard entry;
        entry.zone_id = zone.id;
        entry.name = zone.name;
        const domain::RecordLocation zone_location{who.county_code, std::nullopt, {std::to_string(zone.id)}, {}, {}};
        if (!domain::may_on(who, domain::Action::deadline_read, zone_location)) continue;
        for (const auto& item : items) {
            bool in_zone = item.record.zone_id == zone.id;
            if (!in_zone && item.record.township_code) {
                in_zone = std::any_of(current.begin(), current.end(), [&](const domain::ZoneMembership& m) {
                    return m.zone_id == zone.id && m.township_code == *item.record.township_code;
                });
            }
            if (!in_zone) continue;
            count(entry.counts, item);
            if (item.status.state == domain::DeadlineState::overdue) entry.overdue.push_back(item);
        }
        board.zones.push_back(std::move(entry));
    }
    return board;
}

Result<std::vector<domain::CalendarException>> DeadlineService::days(int year) {
    XZQ_TRY(auto work_calendar, calendar());
    std::vector<domain::CalendarException> out;
    for (const auto& day : work_calendar->exceptions()) {
        if (static_cast<int>(day.date.year()) == year) out.push_back(day);
    }
    return out;
}

Result<bool> DeadlineService::year_covered(int year) {
    XZQ_TRY(auto work_calendar, calendar());
    return work_calendar->covers_year(year);
}

Result<void> DeadlineService::put_day(const domain::Principal& who, const domain::CalendarException& day) {
    if (!domain::may(who, domain::Action::calendar_write)) return forbidden();
    XZQ_TRY_VOID(domain::validate_calendar_exception(day));
    XZQ_TRY_VOID(m_calendar.put_day(day));
    forget_calendar();
    return Ok{};
}

Result<bool> DeadlineService::remove_day(const domain::Principal& who, domain::Date day) {
    if (!domain::may(who, domain::Action::calendar_write)) return forbidden();
    XZQ_TRY(bool removed, m_calendar.remove_day(day));
    forget_calendar();
    return removed;
}

}  // namespace xzq::services
