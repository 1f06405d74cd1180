// The working-day calendar: the shipped State Council data, working-day arithmetic and the
// validation of calendar entries.
#include "domain/calendar.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace xzq::domain {
namespace {

Date d(const char* text) {
    return parse_date(text).value();
}

// Every date from `first` to `last`, inclusive.
std::vector<std::string> range(const char* first, const char* last) {
    std::vector<std::string> out;
    for (Date day = d(first); day <= d(last); day = add_days(day, 1)) out.push_back(format_date(day));
    return out;
}

// The notices, written out independently of the shipped table: holiday ranges and adjusted
// working days.
struct Notice {
    std::set<std::string> holidays;
    std::set<std::string> workdays;
};

std::map<int, Notice> notices() {
    std::map<int, Notice> by_year;
    auto holidays = [&](int year, const char* first, const char* last) {
        for (auto& day : range(first, last)) by_year[year].holidays.insert(day);
    };
    holidays(2025, "2025-01-01", "2025-01-01");
    holidays(2025, "2025-01-28", "2025-02-04");
    holidays(2025, "2025-04-04", "2025-04-06");
    holidays(2025, "2025-05-01", "2025-05-05");
    holidays(2025, "2025-05-31", "2025-06-02");
    holidays(2025, "2025-10-01", "2025-10-08");
    by_year[2025].workdays = {"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"};
    holidays(2026, "2026-01-01", "2026-01-03");
    holidays(2026, "2026-02-15", "2026-02-23");
    holidays(2026, "2026-04-04", "2026-04-06");
    holidays(2026, "2026-05-01", "2026-05-05");
    holidays(2026, "2026-06-19", "2026-06-21");
    holidays(2026, "2026-09-25", "2026-09-27");
    holidays(2026, "2026-10-01", "2026-10-07");
    by_year[2026].workdays = {"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"};
    return by_year;
}

const WorkCalendar& cn() {
    static const WorkCalendar calendar(shipped_cn_calendar());
    return calendar;
}

TEST(ShippedCalendar, MatchesTheStateCouncilNotices) {
    std::map<int, Notice> shipped;
    for (const auto& e : shipped_cn_calendar()) {
        auto& notice = shipped[static_cast<int>(e.date.year())];
        (e.kind == DayKind::holiday ? notice.holidays : notice.workdays).insert(format_date(e.date));
    }
    auto expected = notices();
    ASSERT_EQ(shipped.size(), 2u);
    EXPECT_EQ(shipped[2025].holidays.size(), 28u);
    EXPECT_EQ(shipped[2025].workdays.size(), 5u);
    EXPECT_EQ(shipped[2026].holidays.size(), 33u);
    EXPECT_EQ(shipped[2026].workdays.size(), 6u);
    for (int year : {2025, 2026}) {
        EXPECT_EQ(shipped[year].holidays, expected[year].holidays) << year;
        EXPECT_EQ(shipped[year].workdays, expected[year].workdays) << year;
    }
}

TEST(ShippedCalendar, EveryEntryIsValidSortedAndUnique) {
    const auto& all = shipped_cn_calendar();
    for (std::size_t i = 0; i < all.size(); ++i) {
        auto valid = validate_calendar_exception(all[i]);
        EXPECT_TRUE(valid.ok()) << format_date(all[i].date) << " " << all[i].name << ": "
                                << (valid.ok() ? "" : valid.error().message_en);
        if (i > 0) {
            EXPECT_LT(all[i - 1].date, all[i].date);
        }
    }
    EXPECT_EQ(cn().exceptions(), all);
}

TEST(ShippedCalendar, SpecificDays) {
    EXPECT_TRUE(cn().is_working_day(d("2026-02-14")));   // Saturday, 春节调休上班
    EXPECT_FALSE(cn().is_working_day(d("2026-02-16")));  // Monday, 春节
    EXPECT_FALSE(cn().is_working_day(d("2025-10-08")));  // Wednesday, 国庆节、中秋节
    EXPECT_TRUE(cn().is_working_day(d("2026-09-20")));   // Sunday, 国庆节调休上班
    EXPECT_FALSE(cn().is_working_day(d("2026-09-25")));  // Friday, 中秋节
    EXPECT_FALSE(cn().is_working_day(d("2025-03-15")));  // ordinary Saturday
    EXPECT_FALSE(cn().is_working_day(d("2025-03-16")));  // ordinary Sunday
    EXPECT_TRUE(cn().is_working_day(d("2025-03-17")));   // ordinary Monday
    EXPECT_FALSE(cn().is_working_day(d("2026-01-02")));  // Friday, 元旦

    auto spring = cn().exception_on(d("2026-02-16"));
    ASSERT_TRUE(spring);
    EXPECT_EQ(spring->kind, DayKind::holiday);
    EXPECT_EQ(spring->name, "春节");
    auto adjusted = cn().exception_on(d("2026-02-14"));
    ASSERT_TRUE(adjusted);
    EXPECT_EQ(adjusted->kind, DayKind::adjusted_workday);
    EXPECT_EQ(adjusted->name, "春节调休上班");
    EXPECT_FALSE(cn().exception_on(d("2025-03-15")));

    EXPECT_TRUE(cn().covers_year(2025));
    EXPECT_TRUE(cn().covers_year(2026));
    EXPECT_FALSE(cn().covers_year(2024));
    EXPECT_FALSE(cn().covers_year(2027));
}

TEST(WorkCalendar, DefaultHasWeekendsOnly) {
    WorkCalendar plain;
    EXPECT_TRUE(plain.exceptions().empty());
    EXPECT_TRUE(plain.is_working_day(d("2025-10-01")));  // a Wednesday: no holidays known
    EXPECT_FALSE(plain.is_working_day(d("2025-10-04")));
    EXPECT_FALSE(plain.covers_year(2025));
    EXPECT_EQ(plain.add_working_days(d("2025-03-14"), 1), d("2025-03-17"));  // Friday + 1 = Monday
    EXPECT_EQ(plain.working_days_between(d("2025-03-01"), d("2025-03-31")), 21);
}

TEST(WorkCalendar, LaterDuplicatesReplaceEarlierAndEntriesAreSorted) {
    WorkCalendar calendar({{d("2025-06-10"), DayKind::holiday, "B"},
                           {d("2025-06-03"), DayKind::holiday, "first"},
                           {d("2025-06-03"), DayKind::holiday, "second"}});
    ASSERT_EQ(calendar.exceptions().size(), 2u);
    EXPECT_EQ(calendar.exceptions()[0].date, d("2025-06-03"));
    EXPECT_EQ(calendar.exceptions()[0].name, "second");
    EXPECT_EQ(calendar.exceptions()[1].name, "B");
    EXPECT_FALSE(calendar.is_working_day(d("2025-06-03")));

    WorkCalendar overridden(
        {{d("2025-06-03"), DayKind::holiday, "x"}, {d("2025-06-03"), DayKind::adjusted_workday, "y"}});
    EXPECT_TRUE(overridden.is_working_day(d("2025-06-03")));
    EXPECT_EQ(overridden.exception_on(d("2025-06-03"))->kind, DayKind::adjusted_workday);
}

TEST(WorkCalendar, DropsDatesThatDoNotExist) {
    Date impossible{std::chrono::year(2025), std::chrono::month(2), std::chrono::day(30)};
    WorkCalendar calendar({{impossible, DayKind::holiday, "x"}, {d("2025-06-03"), DayKind::holiday, "y"}});
    ASSERT_EQ(calendar.exceptions().size(), 1u);
    EXPECT_EQ(calendar.exceptions()[0].name, "y");
}

TEST(WorkCalendar, AddWorkingDaysAcrossSpringFestival2026) {
    // Thu Feb 12 → Fri 13 (1), Sat 14 调休 (2), Feb 15–23 春节, Tue 24 (3), Wed 25 (4), Thu 26 (5).
    EXPECT_EQ(cn().add_working_days(d("2026-02-12"), 5), d("2026-02-26"));
    EXPECT_EQ(cn().add_working_days(d("2026-02-12"), 2), d("2026-02-14"));
    EXPECT_EQ(cn().add_working_days(d("2026-02-12"), 3), d("2026-02-24"));
    // Started inside the holiday.
    EXPECT_EQ(cn().add_working_days(d("2026-02-16"), 1), d("2026-02-24"));
    // Sat Feb 28 is a working day too.
    EXPECT_EQ(cn().add_working_days(d("2026-02-26"), 2), d("2026-02-28"));
}

TEST(WorkCalendar, AddWorkingDaysAcrossNationalDay2025) {
    // Fri Sep 26 → Sun Sep 28 调休 (1), Mon 29 (2), Tue 30 (3).
    EXPECT_EQ(cn().add_working_days(d("2025-09-26"), 1), d("2025-09-28"));
    EXPECT_EQ(cn().add_working_days(d("2025-09-26"), 3), d("2025-09-30"));
    // Oct 1–8 off; Thu 9 (1), Fri 10 (2), Sat 11 调休 (3), Mon 13 (4).
    EXPECT_EQ(cn().add_working_days(d("2025-09-30"), 1), d("2025-10-09"));
    EXPECT_EQ(cn().add_working_days(d("2025-09-30"), 3), d("2025-10-11"));
    EXPECT_EQ(cn().add_working_days(d("2025-09-30"), 4), d("2025-10-13"));
}

TEST(WorkCalendar, ZeroCountIsTheStartAndNegativeStepsBack) {
    EXPECT_EQ(cn().add_working_days(d("2026-02-16"), 0), d("2026-02-16"));
    EXPECT_EQ(cn().add_working_days(d("2025-10-09"), -1), d("2025-09-30"));
    EXPECT_EQ(cn().add_working_days(d("2025-03-17"), -1), d("2025-03-14"));
}

TEST(WorkCalendar, NextWorkingDayOnOrAfter) {
    EXPECT_EQ(cn().next_working_day_on_or_after(d("2026-02-14")), d("2026-02-14"));
    EXPECT_EQ(cn().next_working_day_on_or_after(d("2026-02-15")), d("2026-02-24"));
    EXPECT_EQ(cn().next_working_day_on_or_after(d("2025-03-15")), d("2025-03-17"));
    EXPECT_EQ(cn().next_working_day_on_or_after(d("2025-12-31")), d("2025-12-31"));
    EXPECT_EQ(cn().next_working_day_on_or_after(d("2026-01-01")), d("2026-01-04"));  // Sunday 调休
}

TEST(WorkCalendar, WorkingDaysBetweenKnownValues) {
    EXPECT_EQ(cn().working_days_between(d("2026-02-12"), d("2026-02-26")), 5);
    EXPECT_EQ(cn().working_days_between(d("2026-02-26"), d("2026-02-12")), -5);
    EXPECT_EQ(cn().working_days_between(d("2025-09-30"), d("2025-10-08")), 0);
    EXPECT_EQ(cn().working_days_between(d("2025-05-05"), d("2025-05-05")), 0);
    // 2025: 261 weekdays - 18 holidays on weekdays + 5 adjusted Saturdays and Sundays = 248.
    // 2026: 261 weekdays - 19 + 6 = 248.
    EXPECT_EQ(cn().working_days_between(d("2024-12-31"), d("2025-12-31")), 248);
    EXPECT_EQ(cn().working_days_between(d("2025-12-31"), d("2026-12-31")), 248);
}

// Property: across 2025–2026, the fast count agrees with a day-by-day count, and undoes
// add_working_days.
TEST(WorkCalendar, WorkingDaysBetweenAgreesWithAddWorkingDays) {
    int checked = 0;
    for (Date start = d("2024-12-20"); start <= d("2026-12-31"); start = add_days(start, 1)) {
        for (int count = 0; count <= 25; ++count) {
            Date end = cn().add_working_days(start, count);
            ASSERT_TRUE(cn().is_working_day(end) || count == 0) << format_date(start) << " + " << count;
            ASSERT_EQ(cn().working_days_between(start, end), count) << format_date(start) << " + " << count;
            ASSERT_EQ(cn().working_days_between(end, start), -count) << format_date(start) << " + " << count;
            ++checked;
        }
        for (int span : {1, 3, 6, 7, 8, 13, 40, 200}) {
            Date to = add_days(start, span);
            int by_day = 0;
            for (Date day = add_days(start, 1); day <= to; day = add_days(day, 1)) by_day += cn().is_working_day(day);
            ASSERT_EQ(cn().working_days_between(start, to), by_day) << format_date(start) << " .. " << format_date(to);
        }
    }
    EXPECT_GT(checked, 15000);
}

TEST(CalendarValidation, AcceptsHolidaysOnWeekendsAndWorkdaysOnWeekends) {
    EXPECT_TRUE(validate_calendar_exception({d("2026-02-15"), DayKind::holiday, "春节"}).ok());  // Sunday
    EXPECT_TRUE(validate_calendar_exception({d("2026-02-16"), DayKind::holiday, "春节"}).ok());  // Monday
    EXPECT_TRUE(validate_calendar_exception({d("2026-02-14"), DayKind::adjusted_workday, "春节调休上班"}).ok());
}

TEST(CalendarValidation, Errors) {
    auto code_of = [](const CalendarException& e) {
        auto result = validate_calendar_exception(e);
        if (result.ok()) return std::string("ok");
        EXPECT_EQ(result.error().kind, ErrorKind::invalid_input);
        EXPECT_FALSE(result.error().message_zh.empty());
        EXPECT_FALSE(result.error().message_en.empty());
        return result.error().code;
    };
    EXPECT_EQ(code_of({d("2026-02-16"), DayKind::holiday, ""}), "calendar.name_required");
    EXPECT_EQ(code_of({d("2026-02-16"), DayKind::holiday, "  "}), "calendar.name_required");
    // 11 Chinese characters are 33 bytes.
    EXPECT_EQ(code_of({d("2026-02-16"), DayKind::holiday, "国庆节、中秋节调休上班"}), "calendar.name_too_long");
    EXPECT_EQ(code_of({d("2026-02-16"), DayKind::holiday, std::string(30, 'x')}), "ok");
    EXPECT_EQ(code_of({d("2026-02-16"), DayKind::holiday, std::string(31, 'x')}), "calendar.name_too_long");
    EXPECT_EQ(code_of({d("2026-02-16"), DayKind::adjusted_workday, "春节调休上班"}), "calendar.workday_not_weekend");
    Date impossible{std::chrono::year(2026), std::chrono::month(2), std::chrono::day(29)};
    EXPECT_EQ(code_of({impossible, DayKind::holiday, "春节"}), "calendar.date_invalid");
    EXPECT_EQ(code_of({d("2026-02-16"), static_cast<DayKind>(7), "春节"}), "calendar.kind_invalid");
}

TEST(DayKinds, RoundTrip) {
    for (auto kind : {DayKind::holiday, DayKind::adjusted_workday}) {
        EXPECT_EQ(day_kind_from_string(to_string(kind)), kind);
    }
    EXPECT_EQ(to_string(DayKind::adjusted_workday), "adjusted_workday");
    EXPECT_FALSE(day_kind_from_string("workday"));
    EXPECT_FALSE(day_kind_from_string(""));
}

}  // namespace
}  // namespace xzq::domain
