#include "domain/calendar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <utility>

namespace xzq::domain {

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year;

Error invalid(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, std::move(code), std::move(zh), std::move(en));
}

bool is_weekend(Date date) {
    weekday wd{sys_days(date)};
    return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

Date ymd(int y, unsigned m, unsigned d) {
    return Date{year(y), month(m), day(d)};
}

// Adds the days `first`..`last` (inclusive) as holidays named `name`.
void add_holidays(std::vector<CalendarException>& out, Date first, Date last, const char* name) {
    for (auto d = sys_days(first); d <= sys_days(last); d += std::chrono::days(1)) {
        out.push_back({Date{d}, DayKind::holiday, name});
    }
}

void add_workday(std::vector<CalendarException>& out, Date date, const char* name) {
    out.push_back({date, DayKind::adjusted_workday, name});
}

std::vector<CalendarException> build_cn_calendar() {
    std::vector<CalendarException> out;
    // 2025: https://www.gov.cn/zhengce/content/202411/content_6986382.htm
    add_holidays(out, ymd(2025, 1, 1), ymd(2025, 1, 1), "元旦");
    add_workday(out, ymd(2025, 1, 26), "春节调休上班");
    add_holidays(out, ymd(2025, 1, 28), ymd(2025, 2, 4), "春节");
    add_workday(out, ymd(2025, 2, 8), "春节调休上班");
    add_holidays(out, ymd(2025, 4, 4), ymd(2025, 4, 6), "清明节");
    add_workday(out, ymd(2025, 4, 27), "劳动节调休上班");
    add_holidays(out, ymd(2025, 5, 1), ymd(2025, 5, 5), "劳动节");
    add_holidays(out, ymd(2025, 5, 31), ymd(2025, 6, 2), "端午节");
    // "国庆节、中秋节调休上班" would be 33 bytes, over the 30-byte limit on names.
    add_workday(out, ymd(2025, 9, 28), "国庆中秋调休上班");
    add_holidays(out, ymd(2025, 10, 1), ymd(2025, 10, 8), "国庆节、中秋节");
    add_workday(out, ymd(2025, 10, 11), "国庆中秋调休上班");
    // 2026: https://www.gov.cn/zhengce/content/202511/content_7047090.htm
    add_holidays(out, ymd(2026, 1, 1), ymd(2026, 1, 3), "元旦");
    add_workday(out, ymd(2026, 1, 4), "元旦调休上班");
    add_workday(out, ymd(2026, 2, 14), "春节调休上班");
    add_holidays(out, ymd(2026, 2, 15), ymd(2026, 2, 23), "春节");
    add_workday(out, ymd(2026, 2, 28), "春节调休上班");
    add_holidays(out, ymd(2026, 4, 4), ymd(2026, 4, 6), "清明节");
    add_holidays(out, ymd(2026, 5, 1), ymd(2026, 5, 5), "劳动节");
    add_workday(out, ymd(2026, 5, 9), "劳动节调休上班");
    add_holidays(out, ymd(2026, 6, 19), ymd(2026, 6, 21), "端午节");
    add_workday(out, ymd(2026, 9, 20), "国庆节调休上班");
    add_holidays(out, ymd(2026, 9, 25), ymd(2026, 9, 27), "中秋节");
    add_holidays(out, ymd(2026, 10, 1), ymd(2026, 10, 7), "国庆节");
    add_workday(out, ymd(2026, 10, 10), "国庆节调休上班");
    return out;
}

bool by_date(const CalendarException& a, const CalendarException& b) {
    return a.date < b.date;
}

// Mondays to Fridays in (from, to], for from <= to.
int weekdays_between(Date from, Date to) {
    auto first = sys_days(from);
    auto days = static_cast<int>((sys_days(to) - first).count());
    int count = days / 7 * 5;
    auto rest_start = first + std::chrono::days(days / 7 * 7);
    for (int i = 1; i <= days % 7; ++i) {
        if (!is_weekend(Date{rest_start + std::chrono::days(i)})) ++count;
    }
    return count;
}

}  // namespace

std::string_view to_string(DayKind kind) {
    switch (kind) {
        case DayKind::holiday:
            return "holiday";
        case DayKind::adjusted_workday:
            return "adjusted_workday";
    }
    return "holiday";
}

std::optional<DayKind> day_kind_from_string(std::string_view text) {
    if (text == "holiday") return DayKind::holiday;
    if (text == "adjusted_workday") return DayKind::adjusted_workday;
    return std::nullopt;
}

const std::vector<CalendarException>& shipped_cn_calendar() {
    static const std::vector<CalendarException> calendar = [] {
        auto all = build_cn_calendar();
        std::stable_sort(all.begin(), all.end(), by_date);
        return all;
    }();
    return calendar;
}

Result<void> validate_calendar_exception(const CalendarException& exception) {
    if (!exception.date.ok()) {
        return invalid("calendar.date_invalid", "日历例外的日期不存在", "the calendar exception's date does not exist");
    }
    if (exception.kind != DayKind::holiday && exception.kind != DayKind::adjusted_workday) {
        return invalid("calendar.kind_invalid", "日期类型应为法定节假日或调休上班日",
                       "the day kind must be holiday or adjusted_workday");
    }
    if (blank(exception.name)) {
        return invalid("calendar.name_required", fmt::format("{} 的节假日名称不能为空", format_date(exception.date)),
                       fmt::format("the calendar exception on {} needs a name", format_date(exception.date)));
    }
    if (exception.name.size() > k_calendar_name_max_bytes) {
        return invalid("calendar.name_too_long",
                       fmt::format("节假日名称“{}”过长（最多 {} 字节，约 {} 个汉字）", exception.name,
                                   k_calendar_name_max_bytes, k_calendar_name_max_bytes / 3),
                       fmt::format("the calendar name '{}' is too long (at most {} bytes)", exception.name,
                                   k_calendar_name_max_bytes));
    }
    if (exception.kind == DayKind::adjusted_workday && !is_weekend(exception.date)) {
        return invalid("calendar.workday_not_weekend",
                       fmt::format("调休上班日 {} 不是周六或周日（工作日本来就上班）", format_date(exception.date)),
                       fmt::format("the adjusted working day {} is not a Saturday or Sunday (weekdays are working "
                                   "days anyway)",
                                   format_date(exception.date)));
    }
    return Ok{};
}

WorkCalendar::WorkCalendar() = default;

WorkCalendar::WorkCalendar(std::vector<CalendarException> exceptions) {
    std::erase_if(exceptions, [](const CalendarException& e) { return !e.date.ok(); });
    // Stable, so that among entries for one date the last given comes last and is kept.
    std::stable_sort(exceptions.begin(), exceptions.end(), by_date);
    for (auto& exception : exceptions) {
        if (!m_exceptions.empty() && m_exceptions.back().date == exception.date) {
            m_exceptions.back() = std::move(exception);
        } else {
            m_exceptions.push_back(std::move(exception));
        }
    }
}

const CalendarException* WorkCalendar::find(Date day) const {
    auto it = std::lower_bound(m_exceptions.begin(), m_exceptions.end(), day,
                               [](const CalendarException& e, Date d) { return e.date < d; });
    if (it == m_exceptions.end() || it->date != day) return nullptr;
    return &*it;
}

bool WorkCalendar::is_working_day(Date day) const {
    if (const auto* exception = find(day)) return exception->kind == DayKind::adjusted_workday;
    return !is_weekend(day);
}

Date WorkCalendar::add_working_days(Date start, int count) const {
    const int step = count < 0 ? -1 : 1;
    // Counted as a long long so that std::abs(INT_MIN) is not undefined.
    long long remaining = std::llabs(static_cast<long long>(count));
    auto day = sys_days(start);
    while (remaining > 0) {
        day += std::chrono::days(step);
        if (is_working_day(Date{day})) --remaining;
    }
    return Date{day};
}

Date WorkCalendar::next_working_day_on_or_after(Date day) const {
    auto current = sys_days(day);
    while (!is_working_day(Date{current})) current += std::chrono::days(1);
    return Date{current};
}

int WorkCalendar::working_days_between(Date from, Date to) const {
    if (to < from) return -working_days_between(to, from);
    int count = weekdays_between(from, to);
    // Correct the Monday-to-Friday count by each exception inside (from, to].
    auto first = std::upper_bound(m_exceptions.begin(), m_exceptions.end(), from,
                                  [](Date d, const CalendarException& e) { return d < e.date; });
    for (auto it = first; it != m_exceptions.end() && it->date <= to; ++it) {
        const int by_weekday = is_weekend(it->date) ? 0 : 1;
        const int actual = it->kind == DayKind::adjusted_workday ? 1 : 0;
        count += actual - by_weekday;
    }
    return count;
}

std::optional<CalendarException> WorkCalendar::exception_on(Date day) const {
    if (const auto* exception = find(day)) return *exception;
    return std::nullopt;
}

bool WorkCalendar::covers_year(int year_number) const {
    return std::any_of(m_exceptions.begin(), m_exceptions.end(),
                       [&](const CalendarException& e) { return e.date.year() == year(year_number); });
}

}  // namespace xzq::domain
