#include "domain/report_taxonomy.hpp"

namespace xzq::domain {

namespace {

std::vector<ViolationCategory> build_categories() {
    return {
        {"ZZ",
         "政治纪律",
         "political discipline",
         {
             {"ZZ.01", "公开发表危害党的言论", "publicly making statements harmful to the Party"},
             {"ZZ.02", "参加反对党和政府的活动或组织",
              "taking part in activities or organisations opposing the Party and the government"},
             {"ZZ.03", "在党内搞团团伙伙", "forming cliques within the Party"},
             {"ZZ.04", "妨碍党和国家方针政策实施", "obstructing the implementation of Party and state policies"},
             {"ZZ.05", "对抗组织审查", "resisting organisational review"},
             {"ZZ.06", "组织参加迷信活动", "organising or taking part in superstitious activities"},
             {"ZZ.07", "叛逃及涉外活动中损害党和国家利益",
              "defection, or harming the interests of the Party and the state in foreign affairs"},
             {"ZZ.08", "无原则一团和气和违反政治规矩", "unprincipled harmony and breaking political rules"},
             {"ZZ.99", "其他", "other"},
         }},
        {"ZUZ",
         "组织纪律",
         "organisational discipline",
         {
             {"ZUZ.01", "违反民主集中制原则", "violating the principle of democratic centralism"},
             {"ZUZ.02", "不按要求请示报告有关事项", "failing to ask for instructions or report matters as required"},
             {"ZUZ.03", "违规组织参加老乡会校友会战友会",
              "organising or joining hometown, alumni or comrade associations against the rules"},
             {"ZUZ.04", "侵犯党员权利", "infringing the rights of Party members"},
             {"ZUZ.05", "在投票和选举中搞非组织活动", "non-organisational activities in votes and elections"},
             {"ZUZ.06", "违反干部选拔任用规定", "violating the rules on selecting and appointing cadres"},
             {"ZUZ.07", "在人事劳动工作中违规谋利", "seeking illicit gain in personnel and labour matters"},
             {"ZUZ.08", "违规发展党员", "admitting Party members against the rules"},
             {"ZUZ.09", "违规办理出国证件和在境外脱离组织",
              "obtaining travel documents against the rules, or leaving the organisation abroad"},
             {"ZUZ.99", "其他", "other"},
         }},
        {"LJ",
         "廉洁纪律",
         "integrity discipline",
         {
             {"LJ.01", "权权交易和纵容特定关系人以权谋利",
              "trading power for power, or letting related persons profit from one's office"},
             {"LJ.02", "违规接受礼品礼金宴请服务", "accepting gifts, money, banquets or services against the rules"},
             {"LJ.03", "违规操办婚丧喜庆事宜", "holding weddings, funerals or celebrations against the rules"},
             {"LJ.04", "违规从事营利活动", "engaging in for-profit activities against the rules"},
             {"LJ.05", "违反工作生活待遇规定", "violating the rules on working and living benefits"},
             {"LJ.06", "违规占用使用公私财物", "occupying or using public or private property against the rules"},
             {"LJ.07", "违规参与公款宴请消费", "taking part in banquets or consumption paid with public funds"},
             {"LJ.08", "违规自定薪酬和发放津贴补贴奖金",
              "setting one's own pay or paying allowances, subsidies or bonuses against the rules"},
             {"LJ.09", "公款旅游", "travelling at public expense"},
             {"LJ.10", "违反公务接待管理规定", "violating the rules on official receptions"},
             {"LJ.11", "违反公务用车管理规定", "violating the rules on official vehicles"},
             {"LJ.12", "违反会议活动管理规定", "violating the rules on meetings and events"},
             {"LJ.13", "违反办公用房管理规定", "violating the rules on office space"},
             {"LJ.14", "权色钱色交易", "trading power or money for sex"},
             {"LJ.99", "其他", "other"},
         }},
        {"QZ",
         "群众纪律",
         "discipline towards the people",
         {
             {"QZ.01", "侵害群众利益", "harming the interests of the people"},
             {"QZ.02", "漠视群众利益", "indifference to the interests of the people"},
             {"QZ.03", "侵犯群众知情权", "infringing the people's right to know"},
             {"QZ.04", "超标准超范围筹资筹劳、摊派费用",
              "raising funds or labour beyond standards or scope, or imposing levies"},
             {"QZ.05", "违规收费", "charging fees against the rules"},
             {"QZ.06", "违规扣留收缴群众款物或处罚群众",
              "withholding or confiscating people's money or goods, or penalising people against the rules"},
             {"QZ.07", "克扣群众财物、拖欠群众钱款", "docking people's money or goods, or owing them money"},
             {"QZ.08", "刁难群众、吃拿卡要", "making things difficult for people, or demanding favours"},
             {"QZ.09", "优亲厚友", "favouring relatives and friends"},
             {"QZ.10", "纵容黑恶势力、充当“保护伞”",
              "conniving with criminal gangs or acting as their protective umbrella"},
             {"QZ.11", "庸懒无为、推诿扯皮、弄虚作假",
              "idleness, passing the buck or falsification in serving the people"},
             {"QZ.12", "不按规定公开党务、政务、村（居）务",
              "not disclosing Party, government or village affairs as required"},
             {"QZ.99", "其他", "other"},
         }},
        {"GZ",
         "工作纪律",
         "work discipline",
         {
             {"GZ.01", "主体责任落实不力", "failing to carry out principal responsibility"},
             {"GZ.02", "违规干预市场经济活动", "interfering in market economic activity against the rules"},
             {"GZ.03", "违规干预执纪执法司法活动",
              "interfering in discipline enforcement, law enforcement or judicial activity"},
             {"GZ.04", "泄露扩散窃取私存党的秘密", "leaking, spreading, stealing or keeping Party secrets"},
             {"GZ.05", "违反考试录取工作规定", "violating the rules on examinations and admissions"},
             {"GZ.99", "其他", "other"},
         }},
        {"SH",
         "生活纪律",
         "discipline in private life",
         {
             {"SH.01", "生活奢靡", "extravagant lifestyle"},
             {"SH.02", "不正当性关系", "improper sexual relations"},
             {"SH.99", "其他", "other"},
         }},
        {"SF",
         "涉法行为",
         "conduct involving the law",
         {
             {"SF.01", "贪污贿赂", "embezzlement and bribery"},
             {"SF.02", "失职渎职", "dereliction of duty"},
             {"SF.03", "破坏社会主义市场经济秩序", "undermining the order of the socialist market economy"},
             {"SF.04", "侵犯人身权利民主权利", "infringing personal and democratic rights"},
             {"SF.05", "妨害社会管理秩序", "obstructing public order and administration"},
             {"SF.06", "滥用职权", "abuse of power"},
             {"SF.07", "玩忽职守", "neglect of duty"},
             {"SF.08", "权力寻租", "power rent-seeking"},
             {"SF.09", "利益输送", "transfer of benefits"},
             {"SF.10", "徇私舞弊", "favouritism and malpractice"},
             {"SF.11", "浪费国家资财", "wasting state assets"},
             {"SF.99", "其他涉法行为", "other conduct involving the law"},
         }},
    };
}

std::vector<ProblemArea> build_problem_areas() {
    return {
        {"poverty", "扶贫/巩固脱贫", "poverty alleviation and consolidating its results"},
        {"subsistence", "低保", "minimum subsistence allowance"},
        {"housing", "危房改造", "renovation of dilapidated housing"},
        {"farm_subsidy", "惠农补贴", "subsidies to farmers"},
        {"collective_assets", "集体三资", "collective funds, assets and resources"},
        {"land_compensation", "征地补偿", "compensation for land requisition"},
        {"projects", "工程项目", "construction projects"},
        {"rural_revitalisation", "乡村振兴项目资金", "rural revitalisation project funds"},
        {"social_security", "社会保障", "social security"},
        {"mafia_umbrella", "涉黑涉恶保护伞", "protective umbrellas of criminal gangs"},
        {"conduct", "作风", "work style"},
        {"other", "其他", "other"},
    };
}

}  // namespace

const std::vector<ViolationCategory>& violation_categories() {
    static const std::vector<ViolationCategory> k_categories = build_categories();
    return k_categories;
}

const ViolationSubcategory* find_violation_subcategory(std::string_view code) {
    const ViolationCategory* category = category_of(code);
    if (category == nullptr) return nullptr;
    for (const auto& sub : category->subcategories) {
        if (sub.code == code) return &sub;
    }
    return nullptr;
}

const ViolationCategory* category_of(std::string_view subcategory_code) {
    auto dot = subcategory_code.find('.');
    if (dot == std::string_view::npos) return nullptr;
    auto first = subcategory_code.substr(0, dot);
    for (const auto& category : violation_categories()) {
        if (category.code != first) continue;
        for (const auto& sub : category.subcategories) {
            if (sub.code == subcategory_code) return &category;
        }
        return nullptr;
    }
    return nullptr;
}

const std::vector<ProblemArea>& problem_areas() {
    static const std::vector<ProblemArea> k_areas = build_problem_areas();
    return k_areas;
}

const ProblemArea* find_problem_area(std::string_view code) {
    for (const auto& area : problem_areas()) {
        if (area.code == code) return &area;
    }
    return nullptr;
}

}  // namespace xzq::domain
