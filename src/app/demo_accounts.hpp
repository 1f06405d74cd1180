#pragma once
// One demo account per built-in role in the demo county, with a password given by the caller or
// freshly generated, each linked to the demo person it belongs to (the leader to the county
// secretary, the zone chief and deputy to zone 1's, township accounts to that township's cadres),
// so secondments and approvals work as that person. Running it again resets the demo accounts' passwords (so whoever
// ran the demo last knows them) and changes nothing else.
#include <string>
#include <vector>

#include "app/platform.hpp"

namespace xzq::app {

struct DemoAccount {
    std::string username;
    std::string role;
    std::string scope;
    std::string password;
};

Result<std::vector<DemoAccount>> create_demo_accounts(Platform& platform, const std::string& county_code,
                                                      const std::string& password);

}  // namespace xzq::app
