#pragma once
// Deadlines (domain.md §3) and the holiday calendar they are counted on: due dates from the rule
// table, each open item's state on today's date (from the injected clock), "my deadlines" in a
// user's data scope, the overdue board per zone and for the county, and the calendar that
// system administrators maintain (2025 and 2026 shipped, seeded once per year).
//
// Thread-safe: the working calendar is cached behind a mutex and replaced after every edit.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/access.hpp"
#include "services/people_ports.hpp"
#include "services/report_ports.hpp"

namespace xzq::services {

struct DeadlineItem {
    DeadlineRecord record;
    const domain::DeadlineRule* rule = nullptr;
    domain::DeadlineStatus status;
    std::string subject_number;  // e.g. the report's 编号
};

struct BoardCounts {
    int open = 0;
    int due_soon = 0;
    int overdue = 0;
};

struct ZoneBoard {
    long long zone_id = 0;
    std::string name;
    BoardCounts counts;
    std::vector<DeadlineItem> overdue;
};

struct DeadlineBoard {
    domain::Date today;
    BoardCounts county;
    std::vector<ZoneBoard> zones;
};

class DeadlineService {
  public:
    DeadlineService(ReportRepository& reports, CalendarRepository& calendar, OrganisationRepository& organisation,
                    const Clock& clock)
        : m_reports(reports), m_calendar(calendar), m_organisation(organisation), m_clock(clock) {}

    // Puts the shipped holiday years the database has never had.
    Result<int> seed_calendar();
    Result<std::shared_ptr<const domain::WorkCalendar>> calendar();

    // A new deadline of `rule_code` starting on `start`, with its due date computed.
    Result<DeadlineRecord> make(std::string_view rule_code, domain::Date start, DeadlineRecord where);
    Result<DeadlineItem> item(const DeadlineRecord& record, std::string subject_number);

    // Open deadlines the user may see, most urgent first.
    Result<std::vector<DeadlineItem>> mine(const domain::Principal& who);
    // Counts per zone and for the county, with the overdue items, limited to the user's scope.
    Result<DeadlineBoard> board(const domain::Principal& who);

    Result<std::vector<domain::CalendarException>> days(int year);
    Result<bool> year_covered(int year);
    Result<void> put_day(const domain::Principal& who, const domain::CalendarException& day);
    Result<bool> remove_day(const domain::Principal& who, domain::Date day);

  private:
    Result<std::vector<DeadlineItem>> visible_open(const domain::Principal& who);
    void forget_calendar();

    ReportRepository& m_reports;
    CalendarRepository& m_calendar;
    OrganisationRepository& m_organisation;
    const Clock& m_clock;
    std::mutex m_mutex;
    std::shared_ptr<const domain::WorkCalendar> m_cached;  // guarded by m_mutex
};

}  // namespace xzq::services
