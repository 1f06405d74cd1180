#include "domain/deadlines.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <utility>

namespace xzq::domain {

namespace {

using std::chrono::sys_days;

constexpr std::string_view k_petition_rules = "《纪检监察机关处理检举控告工作规则》";
constexpr std::string_view k_supervision_regulations = "《中华人民共和国监察法实施条例》";
constexpr std::string_view k_enforcement_rules = "《中国共产党纪律检查机关监督执纪工作规则》";
constexpr std::string_view k_sanction_regulations = "《中国共产党纪律处分条例》";
constexpr std::string_view k_approval_rules = "《中国共产党处分违纪党员批准权限和程序规定》";
constexpr std::string_view k_supervision_law = "《中华人民共和国监察法》";
constexpr std::string_view k_gov_sanction_law = "《中华人民共和国公职人员政务处分法》";
constexpr std::string_view k_org_handling_rules = "《中国共产党组织处理规定（试行）》";

std::string cite(std::string_view title, std::string_view articles) {
    std::string text(title);
    text += articles;
    return text;
}

std::string cite(std::string_view title, std::string_view articles, std::string_view title2,
                 std::string_view articles2) {
    return cite(title, articles) + "；" + cite(title2, articles2);
}

DeadlineRule rule(std::string code, std::string name_zh, std::string name_en, DeadlineUnit unit, int amount,
                  std::string source, std::string applies_to, bool pausable = false) {
    return DeadlineRule{std::move(code), std::move(name_zh), std::move(name_en),    unit,
                        amount,          std::move(source),  std::move(applies_to), pausable};
}

// domain.md §3, in the order of the table. Rows measured in hours, quarterly dates or
// open-ended practice are not periods of this kind and are left to their own modules.
std::vector<DeadlineRule> build_rules() {
    using enum DeadlineUnit;
    return {
        rule("petition.forward_up", "属于上级管辖的检举控告转送上级",
             "Forward a report that belongs to a higher commission", working_days, 5,
             cite(k_petition_rules, "第十五条"), "信访室"),
        rule("petition.accept_or_forward", "上级转来的检举控告受理或者转送",
             "Accept or re-forward a report sent down by a higher commission", working_days, 5,
             cite(k_petition_rules, "第十六条", k_supervision_regulations, "第一百六十九条、第一百七十一条"), "信访室"),
        rule("petition.realname_notice", "实名检举控告告知受理情况",
             "Tell a named reporter that the report was accepted", working_days, 15,
             cite(k_petition_rules, "第二十六条", k_supervision_regulations, "第一百七十五条"), "信访室"),
        rule("petition.realname_feedback", "实名检举控告办结后反馈处理结果",
             "Feed the result back to a named reporter after closing", working_days, 15,
             cite(k_petition_rules, "第二十七条", k_supervision_regulations, "第一百七十五条"), "承办部门"),
        rule("clue.disposal", "问题线索提出处置意见并履行审批手续", "Disposal opinion and plan approved for a clue",
             months, 1, cite(k_enforcement_rules, "第二十一条"), "问题线索承办部门"),
        rule("inquiry.reply", "被函询人书面回复", "Written reply to an inquiry letter", working_days, 15,
             cite(k_enforcement_rules, "第二十九条", k_supervision_regulations, "第一百七十四条"), "被函询人"),
        rule("talk.written_explanation", "谈话后作出书面说明", "Written explanation after a talk", working_days, 15,
             cite(k_supervision_regulations, "第七十二条"), "被谈话人"),
        rule("inquiry.report", "谈话函询结束后形成情况报告和处置意见",
             "Report and disposal opinion after a talk or a reply", months, 1, cite(k_enforcement_rules, "第三十条"),
             "承办部门"),
        rule("petition.assigned_finish", "交办件办结并报告结果", "Finish an assigned case and report the result",
             months, 3, cite(k_petition_rules, "第二十一条"), "下级纪检监察机关"),
        rule("verification.local", "初步核实", "Preliminary verification (local rule)", months, 2,
             "无全国统一时限；按地方规定（如2个月），可由县纪委监委配置", "监督检查室"),
        rule("clue.shelved_review", "暂存待查线索定期复查", "Periodic review of a shelved clue (local rule)", months, 3,
             "无全国统一时限；按“二次启动机制”每季度梳理一次，可由县纪委监委配置", "承办部门"),
        rule("investigation.supervision", "监察立案调查（未采取留置措施）作出处理",
             "Investigation without detention brought to a decision", months, 12,
             cite(k_supervision_regulations, "第一百八十五条"), "审查调查室"),
        rule("detention.period", "留置期限", "Detention (liuzhi) period", months, 3,
             cite(k_supervision_law, "第四十八条"), "审查调查室"),
        rule("review.hearing", "案件审理", "Case review (hearing)", months, 1,
             cite(k_enforcement_rules, "第五十五条", k_supervision_regulations, "第一百九十四条"), "案件审理室", true),
        rule("decision.submit_to_party_committee", "常委会审议后报党委审批",
             "Submit a case needing the party committee's approval", calendar_days, 15,
             cite(k_approval_rules, "第十七条"), "县纪委监委"),
        rule("decision.report_member_case", "涉及党委委员、纪委委员的案件向上级纪委书面报告",
             "Report a case involving committee members to the upper commission", calendar_days, 3,
             cite(k_approval_rules, "第十七条"), "县纪委监委"),
        rule("sanction.announce", "党纪处分决定向本人和所在党组织宣布",
             "Announce a party sanction to the person and the branch", months, 1,
             cite(k_sanction_regulations, "第四十四条", k_enforcement_rules, "第五十六条"), "作出处分决定的党组织"),
        rule("sanction.position_change", "受处分后调整职务、职级、工资等待遇",
             "Change position, rank and salary after a party sanction", months, 1,
             cite(k_sanction_regulations, "第四十四条"), "组织人事部门"),
        rule("sanction.execution_report", "处分决定执行情况报告", "Report the execution of a party sanction", months, 6,
             cite(k_sanction_regulations, "第四十五条"), "处分执行单位"),
        rule("gov_sanction.serve", "政务处分决定书送达", "Serve a government sanction decision", months, 1,
             cite(k_supervision_regulations, "第二百零三条"), "县监委"),
        rule("gov_sanction.execute", "政务处分决定执行", "Execute a government sanction decision", months, 1,
             cite(k_supervision_regulations, "第二百零三条", k_gov_sanction_law, "第五十四条"), "被处分人所在单位"),
        rule("asset_recovery.execute", "追缴、责令退赔决定执行", "Execute a recovery or compensation decision", months,
             1, cite(k_supervision_regulations, "第二百零九条"), "有关单位"),
        rule("case.withdrawn_report", "撤销案件报上一级监察机关备案",
             "File a dropped case with the upper supervision commission", working_days, 7,
             cite(k_supervision_regulations, "第二百零六条"), "县监委"),
        rule("appeal.party_review", "党员申诉复议复查", "Party member's appeal (review or re-examination)", months, 3,
             cite(k_enforcement_rules, "第五十九条"), "申诉复查部门"),
        rule("gov_appeal.review", "监察复审作出决定", "Decide a supervision review (fushen)", months, 1,
             cite(k_supervision_law, "第五十六条"), "原处理决定机关"),
        rule("gov_appeal.recheck", "监察复核作出决定", "Decide a supervision re-check (fuhe)", months, 2,
             cite(k_supervision_law, "第五十六条"), "上一级监察机关"),
        rule("org_handling.execute", "组织处理决定执行到位", "Carry out an organisational handling decision", months, 1,
             cite(k_org_handling_rules, "第十条"), "组织部门"),
    };
}

Date add_months(Date start, int months) {
    Date moved = start + std::chrono::months(months);
    if (moved.ok()) return moved;
    return Date{std::chrono::year_month_day_last{moved.year(), std::chrono::month_day_last{moved.month()}}};
}

// The pause stopping the clock on `day`, if any.
const Pause* pause_on(const std::vector<Pause>& pauses, Date day) {
    for (const auto& pause : pauses) {
        if (pause.from <= day && (!pause.to || day < *pause.to)) return &pause;
    }
    return nullptr;
}

enum class Walk { calendar, working };

// Steps day by day from `start` (not counted) until `amount` running days are counted; a day
// under a pause does not count. nullopt on reaching a day under an open pause.
std::optional<Date> walk(Date start, int amount, Walk kind, const WorkCalendar& calendar,
                         const std::vector<Pause>& pauses) {
    auto day = sys_days(start);
    for (int counted = 0; counted < amount;) {
        day += std::chrono::days(1);
        const Date current{day};
        if (const auto* pause = pause_on(pauses, current)) {
            if (!pause->to) return std::nullopt;
            continue;
        }
        if (kind == Walk::calendar || calendar.is_working_day(current)) ++counted;
    }
    return Date{day};
}

}  // namespace

std::string_view to_string(DeadlineUnit unit) {
    switch (unit) {
        case DeadlineUnit::calendar_days:
            return "calendar_days";
        case DeadlineUnit::working_days:
            return "working_days";
        case DeadlineUnit::months:
            return "months";
    }
    return "working_days";
}

std::optional<DeadlineUnit> deadline_unit_from_string(std::string_view text) {
    for (auto unit : {DeadlineUnit::calendar_days, DeadlineUnit::working_days, DeadlineUnit::months}) {
        if (to_string(unit) == text) return unit;
    }
    return std::nullopt;
}

const std::vector<DeadlineRule>& deadline_rules() {
    static const std::vector<DeadlineRule> rules = build_rules();
    return rules;
}

const DeadlineRule* find_deadline_rule(std::string_view code) {
    const auto& rules = deadline_rules();
    auto it = std::find_if(rules.begin(), rules.end(), [&](const DeadlineRule& r) { return r.code == code; });
    return it == rules.end() ? nullptr : &*it;
}

std::optional<Date> due_date(const DeadlineRule& rule, Date start, const WorkCalendar& calendar,
                             const std::vector<Pause>& pauses) {
    const int amount = std::max(0, rule.amount);
    if (rule.unit == DeadlineUnit::working_days) return walk(start, amount, Walk::working, calendar, pauses);
    int days = amount;
    if (rule.unit == DeadlineUnit::months) {
        days = static_cast<int>((sys_days(add_months(start, amount)) - sys_days(start)).count());
    }
    auto last = walk(start, days, Walk::calendar, calendar, pauses);
    if (!last) return std::nullopt;
    return calendar.next_working_day_on_or_after(*last);
}

std::string_view to_string(DeadlineState state) {
    switch (state) {
        case DeadlineState::on_time:
            return "on_time";
        case DeadlineState::due_soon:
            return "due_soon";
        case DeadlineState::overdue:
            return "overdue";
        case DeadlineState::paused:
            return "paused";
        case DeadlineState::met:
            return "met";
        case DeadlineState::met_late:
            return "met_late";
    }
    return "on_time";
}

std::optional<DeadlineState> deadline_state_from_string(std::string_view text) {
    for (auto state : {DeadlineState::on_time, DeadlineState::due_soon, DeadlineState::overdue, DeadlineState::paused,
                       DeadlineState::met, DeadlineState::met_late}) {
        if (to_string(state) == text) return state;
    }
    return std::nullopt;
}

std::string_view chinese_name(DeadlineState state) {
    switch (state) {
        case DeadlineState::on_time:
            return "正常";
        case DeadlineState::due_soon:
            return "即将到期";
        case DeadlineState::overdue:
            return "已逾期";
        case DeadlineState::paused:
            return "已暂停";
        case DeadlineState::met:
            return "按期完成";
        case DeadlineState::met_late:
            return "逾期完成";
    }
    return "正常";
}

DeadlineStatus evaluate_deadline(std::optional<Date> due, Date today, std::optional<Date> completed_on,
                                 const WorkCalendar& calendar, int due_soon_working_days) {
    // Late by at least one day even when the days after `due` so far are not working days.
    auto days_left = [&](Date from) {
        int left = calendar.working_days_between(from, *due);
        return from > *due ? std::min(left, -1) : left;
    };
    if (completed_on) {
        if (!due) return {DeadlineState::met, due, 0};
        const int left = days_left(*completed_on);
        return {*completed_on <= *due ? DeadlineState::met : DeadlineState::met_late, due, left};
    }
    if (!due) return {DeadlineState::paused, due, 0};
    const int left = days_left(today);
    if (today > *due) return {DeadlineState::overdue, due, left};
    if (left <= due_soon_working_days) return {DeadlineState::due_soon, due, left};
    return {DeadlineState::on_time, due, left};
}

}  // namespace xzq::domain
