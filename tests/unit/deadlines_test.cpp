// Legal deadlines: the rule table of domain.md §3, due dates per 实施条例 Art. 285, pauses,
// and the state of a deadline on a given day.
#include "domain/deadlines.hpp"

#include <gtest/gtest.h>

#include <set>

namespace xzq::domain {
namespace {

Date d(const char* text) {
    return parse_date(text).value();
}

const WorkCalendar& cn() {
    static const WorkCalendar calendar(shipped_cn_calendar());
    return calendar;
}

DeadlineRule ad_hoc(DeadlineUnit unit, int amount) {
    DeadlineRule rule;
    rule.code = "test.rule";
    rule.unit = unit;
    rule.amount = amount;
    return rule;
}

const DeadlineRule& rule(std::string_view code) {
    const auto* found = find_deadline_rule(code);
    EXPECT_NE(found, nullptr) << code;
    static const DeadlineRule missing;
    return found ? *found : missing;
}

// Two or more lower_snake words joined by dots, e.g. "petition.forward_up".
bool well_formed_code(std::string_view code) {
    int words = 0;
    std::size_t at = 0;
    while (at <= code.size()) {
        auto end = std::min(code.find('.', at), code.size());
        auto word = code.substr(at, end - at);
        if (word.empty() || word.front() == '_' || word.back() == '_' || word.find("__") != std::string_view::npos) {
            return false;
        }
        for (char c : word) {
            if (!(c >= 'a' && c <= 'z') && c != '_') return false;
        }
        ++words;
        at = end + 1;
    }
    return words >= 2;
}

TEST(DeadlineRules, CodeShape) {
    EXPECT_TRUE(well_formed_code("petition.forward_up"));
    EXPECT_FALSE(well_formed_code("petition"));
    EXPECT_FALSE(well_formed_code("Petition.forward"));
    EXPECT_FALSE(well_formed_code("petition..forward"));
    EXPECT_FALSE(well_formed_code("petition.forward."));
    EXPECT_FALSE(well_formed_code("petition.forward-up"));
}

TEST(DeadlineRules, EveryRuleIsComplete) {
    std::set<std::string> codes;
    ASSERT_GE(deadline_rules().size(), 17u);
    for (const auto& r : deadline_rules()) {
        EXPECT_TRUE(codes.insert(r.code).second) << "duplicate code " << r.code;
        EXPECT_TRUE(well_formed_code(r.code)) << r.code;
        EXPECT_FALSE(r.name_zh.empty()) << r.code;
        EXPECT_FALSE(r.name_en.empty()) << r.code;
        EXPECT_FALSE(r.source.empty()) << r.code;
        EXPECT_FALSE(r.applies_to.empty()) << r.code;
        EXPECT_GT(r.amount, 0) << r.code;
        EXPECT_EQ(find_deadline_rule(r.code), &r);
    }
    EXPECT_EQ(find_deadline_rule("petition.unknown"), nullptr);
    EXPECT_EQ(find_deadline_rule(""), nullptr);
}

TEST(DeadlineRules, RequiredRowsOfTheTable) {
    struct Expected {
        const char* code;
        DeadlineUnit unit;
        int amount;
        const char* source_part;
    };
    using enum DeadlineUnit;
    const Expected expected[] = {
        {"petition.forward_up", working_days, 5, "处理检举控告工作规则》第十五条"},
        {"petition.accept_or_forward", working_days, 5, "第一百六十九条"},
        {"petition.realname_notice", working_days, 15, "第二十六条"},
        {"petition.realname_feedback", working_days, 15, "第二十七条"},
        {"petition.assigned_finish", months, 3, "第二十一条"},
        {"clue.disposal", months, 1, "监督执纪工作规则》第二十一条"},
        {"inquiry.reply", working_days, 15, "第二十九条"},
        {"inquiry.report", months, 1, "第三十条"},
        {"verification.local", months, 2, "地方规定"},
        {"review.hearing", months, 1, "第五十五条"},
        {"decision.submit_to_party_committee", calendar_days, 15, "批准权限和程序规定》第十七条"},
        {"sanction.announce", months, 1, "纪律处分条例》第四十四条"},
        {"sanction.execution_report", months, 6, "第四十五条"},
        {"gov_sanction.serve", months, 1, "实施条例》第二百零三条"},
        {"case.withdrawn_report", working_days, 7, "第二百零六条"},
        {"appeal.party_review", months, 3, "监督执纪工作规则》第五十九条"},
        {"investigation.supervision", months, 12, "第一百八十五条"},
    };
    for (const auto& e : expected) {
        const auto& r = rule(e.code);
        EXPECT_EQ(r.unit, e.unit) << e.code;
        EXPECT_EQ(r.amount, e.amount) << e.code;
        EXPECT_NE(r.source.find(e.source_part), std::string::npos) << e.code << ": " << r.source;
    }
    EXPECT_TRUE(rule("review.hearing").pausable);
    EXPECT_FALSE(rule("petition.forward_up").pausable);
    EXPECT_EQ(rule("petition.forward_up").applies_to, "信访室");
}

TEST(DeadlineUnits, RoundTrip) {
    for (auto unit : {DeadlineUnit::calendar_days, DeadlineUnit::working_days, DeadlineUnit::months}) {
        EXPECT_EQ(deadline_unit_from_string(to_string(unit)), unit);
    }
    EXPECT_FALSE(deadline_unit_from_string("weeks"));
}

TEST(DueDate, WorkingDaysSkipTheSpringFestival) {
    // Thu 2026-02-12: Fri 13, Sat 14 (调休), Tue 24, Wed 25, Thu 26.
    EXPECT_EQ(due_date(rule("petition.forward_up"), d("2026-02-12"), cn()), d("2026-02-26"));
    // 15 working days from Mon 2025-09-22: Sep 23–26 (4), Sun 28 (5), 29–30 (7), Oct 9–11 (10),
    // Oct 13–17 (15).
    EXPECT_EQ(due_date(rule("petition.realname_notice"), d("2025-09-22"), cn()), d("2025-10-17"));
    // Without holiday data the same period ends before the festival.
    EXPECT_EQ(due_date(rule("petition.forward_up"), d("2026-02-12"), WorkCalendar{}), d("2026-02-19"));
}

TEST(DueDate, CalendarDaysEndingOnAHolidayMoveToTheNextWorkingDay) {
    const auto& submit = rule("decision.submit_to_party_committee");
    EXPECT_EQ(due_date(submit, d("2025-03-03"), cn()), d("2025-03-18"));  // a Tuesday: stays
    EXPECT_EQ(due_date(submit, d("2025-09-16"), cn()), d("2025-10-09"));  // Oct 1 → after 国庆
    EXPECT_EQ(due_date(submit, d("2025-03-01"), cn()), d("2025-03-17"));  // Sunday → Monday
    // Ends on Sunday 2026-01-04, an adjusted working day: it stays.
    EXPECT_EQ(due_date(submit, d("2025-12-20"), cn()), d("2026-01-04"));
}

TEST(DueDate, MonthsClampToTheMonthEnd) {
    const auto& one_month = rule("clue.disposal");
    EXPECT_EQ(due_date(one_month, d("2025-01-31"), cn()), d("2025-02-28"));
    EXPECT_EQ(due_date(one_month, d("2024-01-31"), cn()), d("2024-02-29"));
    EXPECT_EQ(due_date(one_month, d("2025-03-15"), cn()), d("2025-04-15"));
    // Oct 1 is in the 国庆 holiday.
    EXPECT_EQ(due_date(one_month, d("2025-09-01"), cn()), d("2025-10-09"));
    // Mar 31 + 2 months = Sat May 31 (端午 May 31–Jun 2) → Tue Jun 3.
    EXPECT_EQ(due_date(rule("verification.local"), d("2025-03-31"), cn()), d("2025-06-03"));
    // Aug 31 + 6 months clamps to Sat 2026-02-28, an adjusted working day.
    EXPECT_EQ(due_date(rule("sanction.execution_report"), d("2025-08-31"), cn()), d("2026-02-28"));
    EXPECT_EQ(due_date(rule("investigation.supervision"), d("2025-03-10"), cn()), d("2026-03-10"));
    EXPECT_EQ(due_date(rule("investigation.supervision"), d("2024-02-29"), WorkCalendar{}), d("2025-02-28"));
}

TEST(DueDate, ZeroAmountIsTheStartOrTheNextWorkingDay) {
    EXPECT_EQ(due_date(ad_hoc(DeadlineUnit::working_days, 0), d("2025-10-01"), cn()), d("2025-10-01"));
    EXPECT_EQ(due_date(ad_hoc(DeadlineUnit::calendar_days, 0), d("2025-10-01"), cn()), d("2025-10-09"));
}

TEST(DueDate, PausesOnCalendarUnits) {
    const auto& hearing = rule("review.hearing");
    const Date start = d("2025-03-03");
    EXPECT_EQ(due_date(hearing, start, cn()), d("2025-04-03"));
    // Ten paused days: Apr 13 (Sunday) → Apr 14.
    EXPECT_EQ(due_date(hearing, start, cn(), {{d("2025-03-10"), d("2025-03-20")}}), d("2025-04-14"));
    // Two pauses, 2 + 5 days.
    EXPECT_EQ(due_date(hearing, start, cn(), {{d("2025-03-10"), d("2025-03-12")}, {d("2025-03-20"), d("2025-03-25")}}),
              d("2025-04-10"));
    // Still stopped: no due date.
    EXPECT_FALSE(due_date(hearing, start, cn(), {{d("2025-03-10"), std::nullopt}}));
    EXPECT_FALSE(due_date(hearing, start, cn(), {{d("2025-02-01"), std::nullopt}}));
    // Outside the running period: before the start, after the end, or empty.
    EXPECT_EQ(due_date(hearing, start, cn(), {{d("2025-05-01"), d("2025-05-10")}}), d("2025-04-03"));
    EXPECT_EQ(due_date(hearing, start, cn(), {{d("2025-02-01"), d("2025-02-10")}}), d("2025-04-03"));
    EXPECT_EQ(due_date(hearing, start, cn(), {{d("2025-03-10"), d("2025-03-10")}}), d("2025-04-03"));
    EXPECT_EQ(due_date(hearing, start, cn(), {{d("2025-04-10"), std::nullopt}}), d("2025-04-03"));
    // Overlapping the start: only Mar 4 counts (the start day is never counted) → Apr 4 is 清明.
    EXPECT_EQ(due_date(hearing, start, cn(), {{d("2025-03-01"), d("2025-03-05")}}), d("2025-04-07"));
}

TEST(DueDate, PausesOnWorkingDays) {
    const auto& forward = rule("petition.forward_up");
    const Date start = d("2025-03-03");  // Monday
    EXPECT_EQ(due_date(forward, start, cn()), d("2025-03-10"));
    // Wednesday and Thursday paused.
    EXPECT_EQ(due_date(forward, start, cn(), {{d("2025-03-05"), d("2025-03-07")}}), d("2025-03-12"));
    // A paused weekend holds no working days.
    EXPECT_EQ(due_date(forward, start, cn(), {{d("2025-03-08"), d("2025-03-10")}}), d("2025-03-10"));
    EXPECT_FALSE(due_date(forward, start, cn(), {{d("2025-03-08"), std::nullopt}}));
    EXPECT_EQ(due_date(forward, start, cn(), {{d("2025-03-11"), std::nullopt}}), d("2025-03-10"));
}

TEST(EvaluateDeadline, OpenDeadlineStatesAtTheBoundaries) {
    const std::optional<Date> due = d("2025-03-14");  // Friday
    auto at = [&](const char* today) { return evaluate_deadline(due, d(today), std::nullopt, cn()); };

    EXPECT_EQ(at("2025-03-07").state, DeadlineState::on_time);
    EXPECT_EQ(at("2025-03-07").working_days_left, 5);
    EXPECT_EQ(at("2025-03-10").state, DeadlineState::on_time);
    EXPECT_EQ(at("2025-03-10").working_days_left, 4);
    EXPECT_EQ(at("2025-03-11").state, DeadlineState::due_soon);
    EXPECT_EQ(at("2025-03-11").working_days_left, 3);
    EXPECT_EQ(at("2025-03-14").state, DeadlineState::due_soon);
    EXPECT_EQ(at("2025-03-14").working_days_left, 0);
    EXPECT_EQ(at("2025-03-14").due, due);
    // The Saturday after: late, although no working day has passed.
    EXPECT_EQ(at("2025-03-15").state, DeadlineState::overdue);
    EXPECT_EQ(at("2025-03-15").working_days_left, -1);
    EXPECT_EQ(at("2025-03-17").working_days_left, -1);
    EXPECT_EQ(at("2025-03-18").state, DeadlineState::overdue);
    EXPECT_EQ(at("2025-03-18").working_days_left, -2);

    EXPECT_EQ(evaluate_deadline(due, d("2025-03-13"), std::nullopt, cn(), 0).state, DeadlineState::on_time);
    EXPECT_EQ(evaluate_deadline(due, d("2025-03-14"), std::nullopt, cn(), 0).state, DeadlineState::due_soon);
}

TEST(EvaluateDeadline, PausedWhenThereIsNoDueDate) {
    auto status = evaluate_deadline(std::nullopt, d("2025-03-14"), std::nullopt, cn());
    EXPECT_EQ(status.state, DeadlineState::paused);
    EXPECT_FALSE(status.due);
    EXPECT_EQ(status.working_days_left, 0);
}

TEST(EvaluateDeadline, CompletedOnTimeOrLate) {
    const std::optional<Date> due = d("2025-03-14");
    auto done = [&](const char* on) { return evaluate_deadline(due, d("2025-04-30"), d(on), cn()); };
    EXPECT_EQ(done("2025-03-12").state, DeadlineState::met);
    EXPECT_EQ(done("2025-03-12").working_days_left, 2);
    EXPECT_EQ(done("2025-03-14").state, DeadlineState::met);
    EXPECT_EQ(done("2025-03-14").working_days_left, 0);
    EXPECT_EQ(done("2025-03-15").state, DeadlineState::met_late);
    EXPECT_EQ(done("2025-03-15").working_days_left, -1);
    EXPECT_EQ(done("2025-03-18").state, DeadlineState::met_late);
    EXPECT_EQ(done("2025-03-18").working_days_left, -2);
    EXPECT_EQ(evaluate_deadline(std::nullopt, d("2025-04-30"), d("2025-03-18"), cn()).state, DeadlineState::met);
}

TEST(EvaluateDeadline, DueDateAndStateTogether) {
    // A report received on Thu 2026-02-12 must be forwarded by Thu 2026-02-26. On Feb 14 (the
    // adjusted Saturday) three working days remain: Feb 24, 25, 26.
    auto due = due_date(rule("petition.forward_up"), d("2026-02-12"), cn());
    auto status = evaluate_deadline(due, d("2026-02-14"), std::nullopt, cn());
    EXPECT_EQ(status.state, DeadlineState::due_soon);
    EXPECT_EQ(status.working_days_left, 3);
    EXPECT_EQ(evaluate_deadline(due, d("2026-02-13"), std::nullopt, cn()).state, DeadlineState::on_time);
}

TEST(DeadlineStates, NamesAndRoundTrip) {
    const std::pair<DeadlineState, const char*> names[] = {
        {DeadlineState::on_time, "正常"},  {DeadlineState::due_soon, "即将到期"}, {DeadlineState::overdue, "已逾期"},
        {DeadlineState::paused, "已暂停"}, {DeadlineState::met, "按期完成"},      {DeadlineState::met_late, "逾期完成"},
    };
    for (const auto& [state, chinese] : names) {
        EXPECT_EQ(chinese_name(state), chinese);
        EXPECT_EQ(deadline_state_from_string(to_string(state)), state);
    }
    EXPECT_EQ(to_string(DeadlineState::met_late), "met_late");
    EXPECT_FALSE(deadline_state_from_string("late"));
}

}  // namespace
}  // namespace xzq::domain
