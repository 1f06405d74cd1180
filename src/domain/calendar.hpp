#pragma once
// The working-day calendar (工作日历): which days count as working days for the deadlines of
// domain.md §3. A day is a working day when it is Monday to Friday, unless the State Council
// made it a statutory holiday (法定节假日); a Saturday or Sunday is a working day only when it
// was declared an adjusted working day (调休上班日).
//
// The exceptions are data: `shipped_cn_calendar()` holds the notices for 2025 and 2026, and a
// county adds the next year's when the State Council publishes it (stack-notes.md, "Holiday
// calendar data"). A `WorkCalendar` is an immutable value: once built it is safe to share
// between threads without synchronisation.
//
// Pure values and rules: no I/O, and no clock — callers pass the days in.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/organisation.hpp"

namespace xzq::domain {

enum class DayKind {
    holiday,           // 法定节假日（放假）
    adjusted_workday,  // 调休上班日
};

// "holiday", "adjusted_workday".
std::string_view to_string(DayKind kind);
std::optional<DayKind> day_kind_from_string(std::string_view text);

// One day that differs from the Monday-to-Friday rule, e.g. {2026-02-16, holiday, "春节"} or
// {2026-02-14, adjusted_workday, "春节调休上班"}.
struct CalendarException {
    Date date;
    DayKind kind = DayKind::holiday;
    std::string name;

    friend bool operator==(const CalendarException&, const CalendarException&) = default;
};

// China's statutory holidays and adjusted working days for 2025 and 2026, as published in the
// State Council General Office notices 《国务院办公厅关于2025年（2026年）部分节假日安排的通知》,
// sorted by date.
const std::vector<CalendarException>& shipped_cn_calendar();

inline constexpr std::size_t k_calendar_name_max_bytes = 30;

// A real date, a name of 1..30 bytes, and an adjusted working day on a Saturday or Sunday (a
// weekday is a working day anyway). A holiday may fall on a weekend: notices list whole
// ranges such as 春节 Feb 15–23.
Result<void> validate_calendar_exception(const CalendarException& exception);

class WorkCalendar {
  public:
    // Weekends only, no exceptions.
    WorkCalendar();
    // A later entry for the same date replaces an earlier one; entries whose date does not exist
    // are dropped (validate them with `validate_calendar_exception` first). The calendar honours
    // what it is given: an adjusted working day on a weekday is simply a working day.
    explicit WorkCalendar(std::vector<CalendarException> exceptions);

    // Monday to Friday unless a holiday; Saturday and Sunday only when an adjusted working day.
    [[nodiscard]] bool is_working_day(Date day) const;
    // The `count`-th working day after `start` (the start day itself is not counted), so 0 gives
    // `start` even when it is not a working day. A negative count steps backwards the same way.
    [[nodiscard]] Date add_working_days(Date start, int count) const;
    [[nodiscard]] Date next_working_day_on_or_after(Date day) const;
    // The number of working days in (from, to]; the negative of the count in (to, from] when
    // `to` is before `from`.
    [[nodiscard]] int working_days_between(Date from, Date to) const;
    [[nodiscard]] std::optional<CalendarException> exception_on(Date day) const;
    // Whether any exception is known for that year: a calendar without data for a year treats
    // its holidays as working days, which callers should warn about.
    [[nodiscard]] bool covers_year(int year) const;
    // Sorted by date, one per date.
    [[nodiscard]] const std::vector<CalendarException>& exceptions() const { return m_exceptions; }

  private:
    [[nodiscard]] const CalendarException* find(Date day) const;

    std::vector<CalendarException> m_exceptions;
};

}  // namespace xzq::domain
