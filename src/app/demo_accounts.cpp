#include "app/demo_accounts.hpp"

#include "security/tokens.hpp"

namespace xzq::app {

namespace {
struct DemoSpec {
    const char* username;
    const char* display_name;
    const char* role;
    std::string scope;
    std::string person;  // external id of the demo person the account belongs to ("" for none)
};

// The person behind a demo account: by external id, or zone 1's chief or deputy.
Result<std::optional<std::int64_t>> demo_person(Platform& platform, const std::string& county, const std::string& key) {
    if (key.empty()) return std::optional<std::int64_t>{};
    if (key == "zone1:chief" || key == "zone1:deputy") {
        XZQ_TRY(auto zone, platform.organisation.zone(services::console_operator(county), 1));
        auto id = key == "zone1:chief" ? zone.chief_person_id : zone.deputy_person_id;
        return id ? std::optional<std::int64_t>(*id) : std::nullopt;
    }
    XZQ_TRY(auto person, platform.people_repository.person_by_external_id(county, key));
    return person ? std::optional<std::int64_t>(person->id) : std::nullopt;
}
}  // namespace

Result<std::vector<DemoAccount>> create_demo_accounts(Platform& platform, const std::string& county,
                                                      const std::string& password) {
    const std::string gu_yang = county + "101";    // 堌阳镇 in 兰考县
    const std::string nan_zhang = county + "102";  // 南彰镇
    const std::vector<DemoSpec> specs = {
        {"sysadmin", "系统管理员", "system_admin", "county:" + county, ""},
        {"secadmin", "安全保密管理员", "security_admin", "county:" + county, ""},
        {"auditor", "安全审计员", "audit_admin", "county:" + county, ""},
        {"leader", "县纪委领导", "county_leader", "county:" + county, "LK-DEMO-C00"},
        {"staff", "县纪委干部", "county_staff", "county:" + county, "LK-DEMO-P00"},
        {"petition", "信访室干部", "petition_staff", "county:" + county, ""},
        {"petitionhead", "信访室主任", "petition_head", "county:" + county, "LK-DEMO-D02"},
        {"zonechief", "协作区区长", "zone_chief", "zone:1", "zone1:chief"},
        {"zonedeputy", "协作区副区长", "zone_deputy", "zone:1", "zone1:deputy"},
        {"gysecretary", "堌阳镇纪委书记", "township_secretary", "township:" + gu_yang, "LK-DEMO-" + gu_yang + "-1"},
        {"gystaff", "堌阳镇纪委干部", "township_staff", "township:" + gu_yang, "LK-DEMO-" + gu_yang + "-3"},
        {"gysupervisor", "堌阳镇监察员", "township_supervisor", "township:" + gu_yang, "LK-DEMO-" + gu_yang + "-2"},
        {"nzstaff", "南彰镇纪委干部", "township_staff", "township:" + nan_zhang, "LK-DEMO-" + nan_zhang + "-3"},
        {"villageofficer", "村级监察信息员", "village_officer", "own", ""},
    };
    std::vector<DemoAccount> accounts;
    const services::Actor actor{"demo", 0, county, "cli"};
    for (const auto& spec : specs) {
        // Demo passwords: three random groups plus fixed characters that meet the policy's classes.
        std::string chosen = password.empty() ? "Xzq-" + security::random_code(3) + "-9" : password;
        auto scope = domain::parse_scope(spec.scope);
        XZQ_TRY(auto person, demo_person(platform, county, spec.person));
        XZQ_TRY(auto existing, platform.user_repository.find_user(spec.username));
        if (existing) {
            XZQ_TRY_VOID(security::check_password_policy(chosen, spec.username));
            XZQ_TRY(auto hash, platform.hasher.hash(chosen));
            XZQ_TRY_VOID(platform.user_repository.set_password(existing->id, hash, existing->password_changed_at));
            if (existing->person_id != person) XZQ_TRY_VOID(platform.user_repository.set_person(existing->id, person));
        } else {
            services::NewAccount account{county, spec.username, spec.display_name,
                                         person, chosen,        {{spec.role, *scope}}};
            XZQ_TRY(auto id, platform.users.create_account(account, actor));
            (void)id;
        }
        accounts.push_back({spec.username, spec.role, spec.scope, chosen});
    }
    return accounts;
}

}  // namespace xzq::app
