#pragma once
// Legal deadlines (办理时限) of domain.md §3 as data, how a due date is counted, and how a
// deadline stands on a given day.
//
// Counting follows 《中华人民共和国监察法实施条例》 Art. 285: the day the period starts is not
// counted; when the last day of a period in calendar days or months is not a working day, the
// period ends on the next working day. Periods in working days count only working days of the
// `WorkCalendar`. Some rules stop the clock (e.g. 审理 while a case is returned for
// supplementary investigation); the days the clock is stopped extend the period.
//
// The rule table is immutable and built once; every function here is pure and safe to call
// from any thread. No clock: callers pass "today" in.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"

namespace xzq::domain {

enum class DeadlineUnit { calendar_days, working_days, months };

// "calendar_days", "working_days", "months".
std::string_view to_string(DeadlineUnit unit);
std::optional<DeadlineUnit> deadline_unit_from_string(std::string_view text);

struct DeadlineRule {
    std::string code;  // stable, lower_snake words joined by dots, e.g. "petition.forward_up"
    std::string name_zh;
    std::string name_en;
    DeadlineUnit unit = DeadlineUnit::working_days;
    int amount = 0;
    std::string source;      // the legal source in Chinese, with article numbers
    std::string applies_to;  // who must act, in Chinese, e.g. "信访室"
    bool pausable = false;   // the rules stop the clock (e.g. returned for supplementary investigation)
};

// The rows of domain.md §3 that have a fixed period in days or months, each with its source.
// "verification.local" has no national limit: its 2 months are a common local rule that a
// county may override.
const std::vector<DeadlineRule>& deadline_rules();
// nullptr when no rule has that code.
const DeadlineRule* find_deadline_rule(std::string_view code);

// The clock is stopped from `from` (inclusive) to `to` (exclusive); without `to` it is still
// stopped.
struct Pause {
    Date from;
    std::optional<Date> to;
};

// The last day to act for a period that starts on `start`, or nullopt while an open pause
// stops the clock. Months are calendar months, clamped to the month's end (Jan 31 + 1 month =
// Feb 28 or 29). Paused days inside the running period extend it: calendar days for periods in
// calendar days and months, working days for periods in working days. Pauses outside the
// running period (before `start`, or after the period ran out) change nothing. The caller
// decides whether `rule.pausable` allows pauses; this function applies whatever it is given.
std::optional<Date> due_date(const DeadlineRule& rule, Date start, const WorkCalendar& calendar,
                             const std::vector<Pause>& pauses = {});

enum class DeadlineState {
    on_time,   // 正常
    due_soon,  // 即将到期
    overdue,   // 已逾期
    paused,    // 已暂停
    met,       // 按期完成
    met_late,  // 逾期完成
};

// "on_time", "due_soon", "overdue", "paused", "met", "met_late".
std::string_view to_string(DeadlineState state);
std::optional<DeadlineState> deadline_state_from_string(std::string_view text);
std::string_view chinese_name(DeadlineState state);

struct DeadlineStatus {
    DeadlineState state = DeadlineState::on_time;
    std::optional<Date> due;
    // Working days in (today, due]: 0 on the due day. Negative when overdue, and at least one
    // day late even when `today` is a weekend right after the due day. For met and met_late,
    // counted from the completion day instead of today.
    int working_days_left = 0;
};

// With `completed_on`: met when completed on or before `due` (or when there is no due date),
// met_late otherwise. Without it: paused when `due` is nullopt (see `due_date`), overdue when
// today is after `due`, due_soon when 0 <= working days left <= `due_soon_working_days`,
// on_time otherwise.
DeadlineStatus evaluate_deadline(std::optional<Date> due, Date today, std::optional<Date> completed_on,
                                 const WorkCalendar& calendar, int due_soon_working_days = 3);

}  // namespace xzq::domain
