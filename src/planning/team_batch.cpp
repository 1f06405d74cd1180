#include "planning/team_batch.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <coin/CbcEventHandler.hpp>
#include <coin/CbcModel.hpp>
#include <coin/CbcSolver.hpp>
#include <coin/ClpSolve.hpp>
#include <coin/CoinMessageHandler.hpp>
#include <coin/OsiClpSolverInterface.hpp>
#include <map>
#include <set>
#include <tuple>

#include "common/csv.hpp"
#include "planning/random.hpp"
#include "planning/set_partition.hpp"

namespace xzq::planning {

namespace {

Error bad(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, "team_batch." + std::move(code), std::move(zh), std::move(en));
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// The required skills as the single-case programme counts them: trimmed, distinct, in order.
std::vector<std::string> distinct_skills(const TeamCase& team_case) {
    std::vector<std::string> skills;
    for (const auto& s : team_case.required_skills) {
        std::string t(trim(s));
        if (!t.empty() && std::find(skills.begin(), skills.end(), t) == skills.end()) skills.push_back(std::move(t));
    }
    return skills;
}

std::string_view tier_zh(int tier) {
    return tier == k_tier_same_zone ? "同协作区" : tier == k_tier_adjacent_zone ? "相邻协作区" : "县纪委监委";
}
std::string_view tier_en(int tier) {
    return tier == k_tier_same_zone ? "same zone" : tier == k_tier_adjacent_zone ? "adjacent zone" : "county office";
}

std::string label(const TeamCandidate& c) {
    return c.name.empty() ? c.id : fmt::format("{}({})", c.name, c.id);
}

// The load increment of a person's a-th team (a ≥ 1): (L+a)² − (L+a−1)², times λ.
double load_increment(double lambda, int load, int a) {
    const double before = static_cast<double>(load + a - 1);
    const double after = before + 1;
    return lambda * (after * after - before * before);
}

// A case as the batch model sees it.
struct CaseData {
    const TeamBatchCase* input = nullptr;
    TeamProposal alone;  // propose_team on this case alone
    std::vector<std::string> skills;
    int limit = k_tier_county;  // the narrowest tier of its staged search, or 2
    std::vector<char> eligible;
    std::vector<int> person;          // candidate → person index
    std::vector<unsigned> mask;       // candidate → required skills held
    std::vector<double> static_cost;  // w_d·d/D + w_t·tier − w_s·|K ∩ R|
    [[nodiscard]] bool staffable() const { return alone.found; }
};

struct PersonData {
    const TeamCandidate* first = nullptr;  // the description shared by every case
    int room = 1;                          // m_p: teams this person may join in the batch
};

// A choice of teams: per case the chosen candidate indices (ascending), empty when unstaffed.
struct Assignment {
    std::vector<std::vector<int>> teams;
    int staffed = 0;
    double cost = 0;
};

// The batch cost of an assignment: static costs plus each person's convex load increments.
double assignment_cost(const std::vector<CaseData>& cases, const std::vector<PersonData>& people, double lambda,
                       const std::vector<std::vector<int>>& teams) {
    std::vector<int> count(people.size(), 0);
    double cost = 0;
    for (std::size_t c = 0; c < cases.size(); ++c) {
        for (int i : teams[c]) {
            const auto ui = static_cast<std::size_t>(i);
            const int p = cases[c].person[ui];
            ++count[static_cast<std::size_t>(p)];
            cost += cases[c].static_cost[ui] + load_increment(lambda, people[static_cast<std::size_t>(p)].first->load,
                                                              count[static_cast<std::size_t>(p)]);
        }
    }
    return cost;
}

// Greedy warm start: the cases in order, each given the single-case optimum among the people the
// earlier cases left room for, with the load those cases added (so the programme prices the next
// increment exactly) and the case's own D. Every rule holds by construction.
Assignment greedy(const std::vector<CaseData>& cases, const std::vector<PersonData>& people, double lambda,
                  bool limited) {
    Assignment out;
    out.teams.resize(cases.size());
    std::vector<int> used(people.size(), 0);
    for (std::size_t c = 0; c < cases.size(); ++c) {
        const auto& data = cases[c];
        if (!data.staffable()) continue;
        auto candidates = data.input->candidates;
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            const auto p = static_cast<std::size_t>(data.person[i]);
            auto& cand = candidates[i];
            // Full for this batch, or beyond the case's staged tier: out. Otherwise the load the
            // earlier cases added (room ≤ U − L keeps the person within capacity).
            if (used[p] >= people[p].room || (limited && cand.tier > data.limit)) cand.available = false;
            cand.load += used[p];
        }
        auto team_case = data.input->team_case;
        team_case.staged_tiers = false;
        team_case.weights.distance_scale_km = data.alone.distance_scale_km;
        auto proposal = propose_team(candidates, team_case);
        if (!proposal || !proposal->found) continue;
        for (const auto& m : proposal->members) {
            out.teams[c].push_back(m.candidate);
            ++used[static_cast<std::size_t>(data.person[static_cast<std::size_t>(m.candidate)])];
        }
        ++out.staffed;
    }
    out.cost = assignment_cost(cases, people, lambda, out.teams);
    return out;
}

// Lets the caller's stop signal end branch and bound at the next node.
class StopHandler final : public CbcEventHandler {
  public:
    explicit StopHandler(const StopSignal& signal) : m_stop(&signal) {}
    CbcAction event(CbcEvent /*event*/) override { return m_stop->requested() ? stop : noAction; }
    CbcEventHandler* clone() const override { return new StopHandler(*this); }

  private:
    const StopSignal* m_stop;
};

enum class Objective { cost, fewest_unstaffed };

struct MipRequest {
    bool limited = false;     // staged cases held to their own narrowest tier
    bool allow_skip = false;  // z_c: a case may stay without a team
    Objective objective = Objective::cost;
    int max_unstaffed = -1;  // with allow_skip and cost: Σ z_c ≤ this (−1: no row)
    const Assignment* warm_start = nullptr;
};

struct MipOutcome {
    enum class Status { optimal, infeasible, stopped_with_solution, stopped_without_solution };
    Status status = Status::stopped_without_solution;
    Assignment assignment;
    double bound = 0;
    int variables = 0;
    int constraints = 0;
    int nodes = 0;
};

// A model written column by column, loaded into Clp in one pass.
class ModelBuilder {
  public:
    int add_column(double cost, double upper, std::string name) {
        m_cost.push_back(cost);
        m_upper.push_back(upper);
        m_names.push_back(std::move(name));
        m_entries.emplace_back();
        return static_cast<int>(m_cost.size()) - 1;
    }
    int add_row(double lower, double upper) {
        m_row_lower.push_back(lower);
        m_row_upper.push_back(upper);
        return static_cast<int>(m_row_lower.size()) - 1;
    }
    void set(int row, int column, double value) {
        m_entries[static_cast<std::size_t>(column)].emplace_back(row, value);
    }
    [[nodiscard]] int columns() const { return static_cast<int>(m_cost.size()); }
    [[nodiscard]] int rows() const { return static_cast<int>(m_row_lower.size()); }
    [[nodiscard]] const std::string& name(int column) const { return m_names[static_cast<std::size_t>(column)]; }

    void load(OsiClpSolverInterface& solver) const {
        std::vector<CoinBigIndex> starts{0};
        std::vector<int> indices;
        std::vector<double> values;
        for (const auto& column : m_entries) {
            for (auto [row, value] : column) {
                indices.push_back(row);
                values.push_back(value);
            }
            starts.push_back(static_cast<CoinBigIndex>(indices.size()));
        }
        const std::vector<double> lower(m_cost.size(), 0.0);
        solver.messageHandler()->setLogLevel(0);
        solver.loadProblem(columns(), rows(), starts.data(), indices.data(), values.data(), lower.data(),
                           m_upper.data(), m_cost.data(), m_row_lower.data(), m_row_upper.data());
        for (int j = 0; j < columns(); ++j) {
            solver.setInteger(j);
            solver.setColName(j, m_names[static_cast<std::size_t>(j)]);
        }
    }

  private:
    std::vector<double> m_cost, m_upper, m_row_lower, m_row_upper;
    std::vector<std::string> m_names;
    std::vector<std::vector<std::pair<int, double>>> m_entries;
};

MipOutcome solve_mip(const std::vector<CaseData>& cases, const std::vector<PersonData>& people, double lambda,
                     const MipRequest& request, const StopSignal& stop) {
    ModelBuilder model;
    const double k_inf = COIN_DBL_MAX;
    // x_ci for every eligible candidate within the tier limit; z_c for skipping a case.
    std::vector<std::vector<int>> x(cases.size());
    std::vector<int> z(cases.size(), -1);
    std::vector<std::vector<std::pair<int, int>>> of_person(people.size());  // (case, column)
    const bool count_only = request.objective == Objective::fewest_unstaffed;
    for (std::size_t c = 0; c < cases.size(); ++c) {
        const auto& data = cases[c];
        if (!data.staffable()) continue;
        x[c].assign(data.input->candidates.size(), -1);
        for (std::size_t i = 0; i < data.input->candidates.size(); ++i) {
            if (!data.eligible[i]) continue;
            if (request.limited && data.input->candidates[i].tier > data.limit) continue;
            const int p = data.person[i];
            const double cost =
                count_only
                    ? 0.0
                    : data.static_cost[i] + load_increment(lambda, people[static_cast<std::size_t>(p)].first->load, 1);
            x[c][i] = model.add_column(cost, 1.0, fmt::format("x{}_{}", c, i));
            of_person[static_cast<std::size_t>(p)].emplace_back(static_cast<int>(c), x[c][i]);
        }
        if (request.allow_skip) z[c] = model.add_column(count_only ? 1.0 : 0.0, 1.0, fmt::format("z{}", c));
    }
    // Per case: size, skills, leader, one per township.
    for (std::size_t c = 0; c < cases.size(); ++c) {
        const auto& data = cases[c];
        if (!data.staffable()) continue;
        const auto& tc = data.input->team_case;
        const auto& cs = data.input->candidates;
        const double k = tc.size;
        const int size_row = model.add_row(k, k);
        if (z[c] >= 0) model.set(size_row, z[c], k);
        for (std::size_t i = 0; i < cs.size(); ++i) {
            if (x[c][i] >= 0) model.set(size_row, x[c][i], 1.0);
        }
        for (std::size_t s = 0; s < data.skills.size(); ++s) {
            const int row = model.add_row(1.0, k_inf);
            if (z[c] >= 0) model.set(row, z[c], 1.0);
            for (std::size_t i = 0; i < cs.size(); ++i) {
                if (x[c][i] >= 0 && ((data.mask[i] >> s) & 1u)) model.set(row, x[c][i], 1.0);
            }
        }
        if (tc.need_leader) {
            const int row = model.add_row(1.0, k_inf);
            if (z[c] >= 0) model.set(row, z[c], 1.0);
            for (std::size_t i = 0; i < cs.size(); ++i) {
                if (x[c][i] >= 0 && cs[i].can_lead) model.set(row, x[c][i], 1.0);
            }
        }
        if (tc.one_per_township) {
            std::map<std::string_view, std::vector<int>> by_town;
            for (std::size_t i = 0; i < cs.size(); ++i) {
                if (x[c][i] >= 0) by_town[cs[i].township].push_back(x[c][i]);
            }
            for (const auto& [town, columns] : by_town) {
                if (columns.size() < 2) continue;
                const int row = model.add_row(-k_inf, 1.0);
                for (int j : columns) model.set(row, j, 1.0);
            }
        }
    }
    // Per person: Σ_c x_pc ≤ 1 + Σ_{j=2..m} y_pj, y_pj priced at the convex increment beyond the first.
    std::vector<std::vector<int>> y(people.size());
    for (std::size_t p = 0; p < people.size(); ++p) {
        const auto& uses = of_person[p];
        if (uses.size() < 2) continue;
        const int extra = std::min(people[p].room, static_cast<int>(uses.size())) - 1;
        const int row = model.add_row(-k_inf, 1.0);
        for (auto [c, j] : uses) model.set(row, j, 1.0);
        const int load = people[p].first->load;
        for (int a = 2; a <= extra + 1; ++a) {
            const double cost = count_only ? 0.0 : load_increment(lambda, load, a) - load_increment(lambda, load, 1);
            const int j = model.add_column(cost, 1.0, fmt::format("y{}_{}", p, a));
            model.set(row, j, -1.0);
            y[p].push_back(j);
        }
    }
    if (request.allow_skip && request.max_unstaffed >= 0) {
        const int row = model.add_row(-k_inf, request.max_unstaffed);
        for (int j : z) {
            if (j >= 0) model.set(row, j, 1.0);
        }
    }

    MipOutcome outcome;
    outcome.variables = model.columns();
    outcome.constraints = model.rows();
    if (stop.requested()) return outcome;  // stopped before this solve began: no new root LP
    if (model.columns() == 0) {
        outcome.status = MipOutcome::Status::optimal;
        outcome.assignment.teams.resize(cases.size());
        return outcome;
    }

    CbcGate gate;
    OsiClpSolverInterface solver;
    model.load(solver);
    // Dual simplex without Clp's presolve for the root LP (a few thousand rows at most): Clp's
    // automatic choice runs the "idiot" crash on larger models, whose crossover dereferenced null
    // in Clp 1.17.7 on these, and its presolve (implied_free_action) leaked under LeakSanitizer.
    ClpSolve lp_options;
    lp_options.setSolveType(ClpSolve::useDual);
    lp_options.setPresolveType(ClpSolve::presolveOff);
    solver.setSolveOptions(lp_options);
    CbcModel cbc(solver);
    cbc.setLogLevel(0);
    cbc.messageHandler()->setLogLevel(0);
    StopHandler handler(stop);
    cbc.passInEventHandler(&handler);
    if (request.warm_start != nullptr) {
        // The warm start in this model's columns, with the y's it implies.
        std::vector<std::pair<std::string, double>> start;
        std::vector<int> count(people.size(), 0);
        bool representable = true;
        for (std::size_t c = 0; c < cases.size(); ++c) {
            const auto& team = request.warm_start->teams[c];
            if (team.empty()) {
                if (z[c] >= 0) {
                    start.emplace_back(model.name(z[c]), 1.0);
                } else if (cases[c].staffable()) {
                    representable = false;
                }
                continue;
            }
            for (int i : team) {
                const int j = x[c][static_cast<std::size_t>(i)];
                if (j < 0) {
                    representable = false;
                    continue;
                }
                start.emplace_back(model.name(j), 1.0);
                ++count[static_cast<std::size_t>(cases[c].person[static_cast<std::size_t>(i)])];
            }
        }
        for (std::size_t p = 0; p < people.size(); ++p) {
            for (int a = 2; a <= count[p]; ++a) {
                if (static_cast<std::size_t>(a - 2) < y[p].size()) {
                    start.emplace_back(model.name(y[p][static_cast<std::size_t>(a - 2)]), 1.0);
                } else {
                    representable = false;
                }
            }
        }
        if (representable) cbc.setMIPStart(start);
    }
    CbcSolverUsefulData data;
    CbcMain0(cbc, data);
    cbc.setLogLevel(0);
    // Objective values are arbitrary doubles: a tiny cutoff increment and no allowed gap, so a
    // solution better by more than 1e-9 is never cut off as "not better enough".
    const char* argv[] = {"xzq",           "-log",  "0",         "-slog", "0",      "-increment", "1e-9",
                          "-allowableGap", "1e-10", "-ratioGap", "0",     "-solve", "-quit"};
    CbcMain1(
        static_cast<int>(std::size(argv)), argv, cbc, [](CbcModel*, int) { return 0; }, data);

    outcome.nodes = cbc.getNodeCount();
    outcome.bound = cbc.getBestPossibleObjValue();
    const double* best = cbc.bestSolution();
    if (best != nullptr) {
        auto& a = outcome.assignment;
        a.teams.resize(cases.size());
        for (std::size_t c = 0; c < cases.size(); ++c) {
            for (std::size_t i = 0; i < x[c].size(); ++i) {
                if (x[c][i] >= 0 && best[x[c][i]] > 0.5) a.teams[c].push_back(static_cast<int>(i));
            }
            if (!a.teams[c].empty()) ++a.staffed;
        }
        a.cost = assignment_cost(cases, people, lambda, a.teams);
    }
    if (cbc.isProvenOptimal() && best != nullptr) {
        outcome.status = MipOutcome::Status::optimal;
    } else if (cbc.isProvenInfeasible() || (best == nullptr && cbc.status() == 0)) {
        outcome.status = MipOutcome::Status::infeasible;
    } else {
        outcome.status =
            best != nullptr ? MipOutcome::Status::stopped_with_solution : MipOutcome::Status::stopped_without_solution;
    }
    return outcome;
}

bool better(const Assignment& a, const Assignment& b) {
    return a.staffed > b.staffed || (a.staffed == b.staffed && a.cost < b.cost - 1e-9);
}

}  // namespace

std::string_view to_string(BatchCaseStatus status) {
    switch (status) {
        case BatchCaseStatus::staffed:
            return "staffed";
        case BatchCaseStatus::infeasible:
            return "infeasible";
        case BatchCaseStatus::crowded_out:
            return "crowded_out";
    }
    return "unknown";
}

std::string_view to_string(BatchStatus status) {
    return status == BatchStatus::optimal ? "optimal" : "feasible";
}

Result<void> validate(const std::vector<TeamBatchCase>& cases, const TeamBatchOptions& /*options*/) {
    if (cases.empty()) return bad("no_cases", "本批没有案件", "the batch has no cases");
    if (cases.size() > static_cast<std::size_t>(k_team_batch_max_cases)) {
        return bad("too_many_cases",
                   fmt::format("一批最多 {} 个案件（收到 {} 个）", k_team_batch_max_cases, cases.size()),
                   fmt::format("at most {} cases per batch ({} given)", k_team_batch_max_cases, cases.size()));
    }
    std::set<std::string_view> ids;
    std::map<std::string_view, std::pair<const TeamCandidate*, std::string_view>> people;  // id → (description, case)
    for (const auto& c : cases) {
        if (trim(c.id).empty()) return bad("empty_case_id", "案件编号不能为空", "a case id is empty");
        if (!ids.insert(c.id).second) {
            return bad("duplicate_case_id", fmt::format("案件编号 {} 重复", c.id),
                       fmt::format("case id {} appears twice", c.id));
        }
        auto valid = validate(c.candidates, c.team_case);
        if (!valid) {
            auto error = std::move(valid).error();
            error.message_zh = fmt::format("案件 {}：{}", c.id, error.message_zh);
            error.message_en = fmt::format("case {}: {}", c.id, error.message_en);
            return error;
        }
        if (c.team_case.weights.load != cases.front().team_case.weights.load) {
            return bad(
                "load_weight_differs",
                fmt::format("案件 {} 的工作量权重（{}）与案件 {} 的（{}）不同：工作量成本属于个人，全批只能有一个权重",
                            c.id, c.team_case.weights.load, cases.front().id, cases.front().team_case.weights.load),
                fmt::format("case {} has load weight {} but case {} has {}: the load cost belongs to the "
                            "person, so the batch has one weight",
                            c.id, c.team_case.weights.load, cases.front().id, cases.front().team_case.weights.load));
        }
        for (const auto& p : c.candidates) {
            auto [it, inserted] = people.emplace(p.id, std::pair{&p, std::string_view(c.id)});
            if (inserted) continue;
            const auto& q = *it->second.first;
            auto sorted = [](std::vector<std::string> v) {
                std::sort(v.begin(), v.end());
                v.erase(std::unique(v.begin(), v.end()), v.end());
                return v;
            };
            std::string_view field;
            if (p.township != q.township) {
                field = "township";
            } else if (p.name != q.name) {
                field = "name";
            } else if (sorted(p.skills) != sorted(q.skills)) {
                field = "skills";
            } else if (p.can_lead != q.can_lead) {
                field = "can_lead";
            } else if (p.load != q.load) {
                field = "load";
            } else if (p.capacity != q.capacity) {
                field = "capacity";
            } else if (p.available != q.available) {
                field = "available";
            }
            if (!field.empty()) {
                return bad("inconsistent_person",
                           fmt::format("人员 {} 在案件 {} 与案件 {} 中的 {} 不一致（同一编号即同一人）", p.id,
                                       it->second.second, c.id, field),
                           fmt::format("person {} has a different {} in case {} than in case {} (one id is one person)",
                                       p.id, field, c.id, it->second.second));
            }
        }
    }
    return Ok{};
}

Result<TeamBatchResult> propose_teams(const std::vector<TeamBatchCase>& cases, const TeamBatchOptions& options,
                                      const StopSignal& stop) {
    XZQ_TRY_VOID(validate(cases, options));
    const double lambda = cases.front().team_case.weights.load;

    // People: one entry per id, in order of first appearance.
    std::vector<PersonData> people;
    std::map<std::string_view, int> person_of;
    for (const auto& c : cases) {
        for (const auto& cand : c.candidates) {
            auto [it, inserted] = person_of.emplace(cand.id, static_cast<int>(people.size()));
            if (!inserted) continue;
            PersonData p;
            p.first = &cand;
            p.room = options.one_team_per_person ? 1 : std::max(1, cand.capacity - cand.load);
            people.push_back(p);
        }
    }

    // Each case alone: eligibility, exclusions, D, the staged tier, infeasibility — propose_team's.
    std::vector<CaseData> data(cases.size());
    bool any_limit = false;
    for (std::size_t c = 0; c < cases.size(); ++c) {
        auto& d = data[c];
        d.input = &cases[c];
        XZQ_TRY(d.alone, propose_team(cases[c].candidates, cases[c].team_case));
        d.skills = distinct_skills(cases[c].team_case);
        const auto& cs = cases[c].candidates;
        d.eligible.assign(cs.size(), 1);
        for (const auto& e : d.alone.excluded) d.eligible[static_cast<std::size_t>(e.candidate)] = 0;
        if (cases[c].team_case.staged_tiers && d.alone.found) {
            d.limit = d.alone.tier_used;
            any_limit = any_limit || d.limit < k_tier_county;
        }
        const auto& w = cases[c].team_case.weights;
        for (std::size_t i = 0; i < cs.size(); ++i) {
            d.person.push_back(person_of.at(cs[i].id));
            unsigned mask = 0;
            for (std::size_t s = 0; s < d.skills.size(); ++s) {
                if (std::find(cs[i].skills.begin(), cs[i].skills.end(), d.skills[s]) != cs[i].skills.end())
                    mask |= 1u << s;
            }
            d.mask.push_back(mask);
            // As team_member_cost writes it, without the load term (so the sums match to the last bit).
            d.static_cost.push_back(w.distance * cs[i].distance_km / d.alone.distance_scale_km + w.tier * cs[i].tier -
                                    w.skill * std::popcount(mask));
        }
    }
    int staffable = 0;
    for (const auto& d : data) staffable += d.staffable() ? 1 : 0;

    TeamBatchResult out;
    Assignment chosen;
    chosen.teams.resize(cases.size());
    bool proven = true;
    std::optional<double> bound;
    bool limited = any_limit;
    auto take = [&](const MipOutcome& m) {
        out.variables = m.variables;
        out.constraints = m.constraints;
        out.nodes += m.nodes;
    };
    auto lower_bound = [](const MipOutcome& m) -> std::optional<double> {
        if (m.status == MipOutcome::Status::stopped_without_solution || !std::isfinite(m.bound) ||
            std::abs(m.bound) > 1e50)
            return std::nullopt;
        return m.bound;
    };
    if (staffable == 0) bound = 0.0;  // nothing to staff: the empty plan is optimal
    if (staffable > 0) {
        // 1. Every staffable case staffed (within the staged limits first, when there are any).
        bool done = false;
        for (bool with_limits : {true, false}) {
            if (with_limits && !any_limit) continue;
            limited = with_limits;
            const Assignment warm = greedy(data, people, lambda, with_limits);
            MipRequest request;
            request.limited = with_limits;
            request.warm_start = warm.staffed == staffable ? &warm : nullptr;
            const auto m = solve_mip(data, people, lambda, request, stop);
            take(m);
            if (m.status == MipOutcome::Status::infeasible) continue;  // lift the limits, or fewer cases
            done = true;
            if (m.status == MipOutcome::Status::optimal) {
                chosen = m.assignment;
                bound = m.assignment.cost;
            } else {  // stopped: the better of CBC's incumbent and the greedy pass
                chosen = warm;
                if (m.status == MipOutcome::Status::stopped_with_solution && better(m.assignment, chosen))
                    chosen = m.assignment;
                proven = false;
                if (chosen.staffed == staffable) bound = lower_bound(m);
            }
            break;
        }
        if (!done) {
            // 2. The most cases staffed, then 3. the least cost for that many; no tier limits.
            limited = false;
            const Assignment warm = greedy(data, people, lambda, false);
            chosen = warm;
            MipRequest request;
            request.allow_skip = true;
            request.objective = Objective::fewest_unstaffed;
            request.warm_start = &warm;
            const auto most = solve_mip(data, people, lambda, request, stop);
            take(most);
            if (most.status == MipOutcome::Status::optimal) {
                const Assignment& start = warm.staffed == most.assignment.staffed && warm.cost < most.assignment.cost
                                              ? warm
                                              : most.assignment;
                chosen = start;
                request.objective = Objective::cost;
                request.max_unstaffed = staffable - start.staffed;
                request.warm_start = &start;
                const auto cheapest = solve_mip(data, people, lambda, request, stop);
                take(cheapest);
                if (cheapest.status == MipOutcome::Status::optimal) {
                    chosen = cheapest.assignment;
                    bound = cheapest.assignment.cost;
                } else {
                    if (cheapest.status == MipOutcome::Status::stopped_with_solution &&
                        better(cheapest.assignment, chosen))
                        chosen = cheapest.assignment;
                    proven = false;
                    bound = lower_bound(cheapest);
                }
            } else {  // stopped (skipping every case is always feasible, so never infeasible)
                if (most.status == MipOutcome::Status::stopped_with_solution && better(most.assignment, chosen))
                    chosen = most.assignment;
                proven = false;
            }
        }
    }
    chosen.cost = assignment_cost(data, people, lambda, chosen.teams);
    out.status = proven ? BatchStatus::optimal : BatchStatus::feasible;
    out.bound = bound;
    out.stage_limits_lifted = any_limit && !limited;
    out.total_cost = chosen.cost;

    // Who carries which teams, in case order (this decides each member's load increment).
    std::vector<std::vector<std::string>> teams_of(people.size());
    for (std::size_t c = 0; c < cases.size(); ++c) {
        for (int i : chosen.teams[c]) {
            teams_of[static_cast<std::size_t>(data[c].person[static_cast<std::size_t>(i)])].push_back(cases[c].id);
        }
    }
    std::vector<int> seen(people.size(), 0);
    for (std::size_t c = 0; c < cases.size(); ++c) {
        const auto& d = data[c];
        const auto& cs = cases[c].candidates;
        const auto& tc = cases[c].team_case;
        TeamBatchCaseResult r;
        r.id = cases[c].id;
        r.proposal = d.alone;
        if (d.alone.found) {
            r.alone_cost = d.alone.total_cost;
            for (const auto& m : d.alone.members) r.alone_team.push_back(m.candidate);
        }
        auto& p = r.proposal;
        if (!d.staffable()) {
            r.status = BatchCaseStatus::infeasible;
            out.cases.push_back(std::move(r));
            continue;
        }
        const auto& team = chosen.teams[c];
        if (team.empty()) {
            r.status = BatchCaseStatus::crowded_out;
            p.found = false;
            p.members.clear();
            p.leader = -1;
            p.total_cost = 0;
            std::vector<std::string> held_zh, held_en;
            for (int i : r.alone_team) {
                const auto& person = teams_of[static_cast<std::size_t>(d.person[static_cast<std::size_t>(i)])];
                r.taken_by.push_back(person);
                if (person.empty()) continue;
                const auto& cand = cs[static_cast<std::size_t>(i)];
                held_zh.push_back(fmt::format("{} 已在案件 {} 的办案组", label(cand), fmt::join(person, "、")));
                held_en.push_back(fmt::format("{} is on the team of case {}", label(cand), fmt::join(person, ", ")));
            }
            std::vector<std::string> names;
            for (int i : r.alone_team) names.push_back(label(cs[static_cast<std::size_t>(i)]));
            const std::string rule_zh =
                options.one_team_per_person ? "每人本批只参加一个办案组" : "每人不超过其工作容量";
            const std::string rule_en = options.one_team_per_person ? "each person joins one team of the batch"
                                                                    : "nobody goes beyond their capacity";
            const std::string alone_zh =
                fmt::format("本案单独可组成办案组（{}，成本 {:.3f}）", fmt::join(names, "、"), d.alone.total_cost);
            const std::string alone_en = fmt::format("alone this case would get a team ({}, cost {:.3f})",
                                                     fmt::join(names, ", "), d.alone.total_cost);
            const std::string held_text_zh = held_zh.empty() ? "" : fmt::format("：{}", fmt::join(held_zh, "；"));
            const std::string held_text_en = held_en.empty() ? "" : fmt::format(": {}", fmt::join(held_en, "; "));
            if (proven) {
                p.message_zh = fmt::format(
                    "{}，但在{}的规则下，本批无法同时为全部案件组成办案组，本案未能分到人员{}。已证明在此规则下没有"
                    "能为更多案件组队的方案。",
                    alone_zh, rule_zh, held_text_zh);
                p.message_en = fmt::format(
                    "{}, but since {}, no plan staffs every case of the batch and this one got none{}. It is proven "
                    "that no plan staffs more cases under this rule.",
                    alone_en, rule_en, held_text_en);
            } else {
                p.message_zh = fmt::format(
                    "{}，但在求解停止前找到的方案中（{}），本案未能分到人员{}"
                    "。未证明最优：延长时限可能为更多案件组队。",
                    alone_zh, rule_zh, held_text_zh);
                p.message_en = fmt::format(
                    "{}, but in the plan found before the search stopped ({}), this one got none{}. Optimality is "
                    "not proven: a longer time limit may staff more cases.",
                    alone_en, rule_en, held_text_en);
            }
            out.cases.push_back(std::move(r));
            continue;
        }
        r.status = BatchCaseStatus::staffed;
        ++out.staffed;
        p.found = true;
        p.binding = TeamBinding::none;
        p.binding_skill.clear();
        p.members.clear();
        p.total_cost = 0;
        p.tier_used = 0;
        p.leader = -1;
        const auto& w = tc.weights;
        for (int i : team) {
            const auto ui = static_cast<std::size_t>(i);
            const auto& cand = cs[ui];
            const auto person = static_cast<std::size_t>(d.person[ui]);
            const int ordinal = ++seen[person];
            TeamMember m;
            m.candidate = i;
            m.distance_term = w.distance * cand.distance_km / d.alone.distance_scale_km;
            m.tier_term = w.tier * cand.tier;
            for (std::size_t s = 0; s < d.skills.size(); ++s) {
                if ((d.mask[ui] >> s) & 1u) m.skills_covered.push_back(d.skills[s]);
            }
            m.skill_term = -w.skill * static_cast<double>(m.skills_covered.size());
            m.load_term = load_increment(lambda, cand.load, ordinal);
            m.cost = d.static_cost[ui] + m.load_term;
            p.total_cost += m.cost;
            p.tier_used = std::max(p.tier_used, cand.tier);
            p.members.push_back(std::move(m));
        }
        // The leader, by the single-case rule: lowest tier, lightest load, most skills, input order.
        TeamMember* lead = nullptr;
        for (auto& m : p.members) {
            const auto& cand = cs[static_cast<std::size_t>(m.candidate)];
            if (!cand.can_lead) continue;
            if (lead == nullptr) {
                lead = &m;
                continue;
            }
            const auto& b = cs[static_cast<std::size_t>(lead->candidate)];
            if (std::tuple(cand.tier, cand.load, -static_cast<int>(m.skills_covered.size())) <
                std::tuple(b.tier, b.load, -static_cast<int>(lead->skills_covered.size()))) {
                lead = &m;
            }
        }
        if (lead != nullptr) {
            lead->leader = true;
            p.leader = lead->candidate;
        }
        std::vector<std::string> names;
        for (auto& m : p.members) {
            const auto& cand = cs[static_cast<std::size_t>(m.candidate)];
            const auto& mine = teams_of[static_cast<std::size_t>(d.person[static_cast<std::size_t>(m.candidate)])];
            const auto ordinal =
                static_cast<std::size_t>(std::find(mine.begin(), mine.end(), cases[c].id) - mine.begin()) + 1;
            const std::string skills_zh =
                m.skills_covered.empty() ? "无" : fmt::format("{}", fmt::join(m.skills_covered, "、"));
            const std::string skills_en =
                m.skills_covered.empty() ? "none" : fmt::format("{}", fmt::join(m.skills_covered, ", "));
            const std::string batch_zh =
                mine.size() > 1 ? fmt::format("，本批共参加 {} 个办案组（此为第 {} 个）", mine.size(), ordinal) : "";
            const std::string batch_en =
                mine.size() > 1 ? fmt::format(", on {} teams of this batch (this is number {})", mine.size(), ordinal)
                                : "";
            m.reason_zh = fmt::format("{}，距案件所在乡镇 {:.1f} 公里，所需技能：{}，当前工作量 {}/{}{}{}；成本 {:.3f}",
                                      tier_zh(cand.tier), cand.distance_km, skills_zh, cand.load, cand.capacity,
                                      batch_zh, m.leader ? "，任组长" : "", m.cost);
            m.reason_en =
                fmt::format("{}, {:.1f} km from the case's township, required skills: {}, load {}/{}{}{}; cost {:.3f}",
                            tier_en(cand.tier), cand.distance_km, skills_en, cand.load, cand.capacity, batch_en,
                            m.leader ? ", team leader" : "", m.cost);
            names.push_back(label(cand));
        }
        const bool as_alone = std::abs(p.total_cost - d.alone.total_cost) <= 1e-9;
        p.message_zh = fmt::format(
            "办案组（{} 人，最远层级：{}）：{}；成本 {:.3f}（单独组队最优 {:.3f}）；{} 名候选人因硬性规则被排除",
            p.members.size(), tier_zh(p.tier_used), fmt::join(names, "、"), p.total_cost, d.alone.total_cost,
            p.excluded.size());
        p.message_en = fmt::format(
            "team ({} members, widest tier: {}): {}; cost {:.3f} ({} alone: {:.3f}); {} candidates excluded by hard "
            "rules",
            p.members.size(), tier_en(p.tier_used), fmt::join(names, ", "), p.total_cost,
            as_alone ? "the same as" : "best", d.alone.total_cost, p.excluded.size());
        out.cases.push_back(std::move(r));
    }
    for (std::size_t q = 0; q < people.size(); ++q) {
        if (teams_of[q].empty()) continue;
        const auto& first = *people[q].first;
        out.people.push_back({first.id, first.name, first.township, first.load, first.capacity, teams_of[q]});
    }

    const int infeasible = static_cast<int>(cases.size()) - staffable;
    const int crowded = staffable - out.staffed;
    out.message_zh = fmt::format("本批 {} 个案件：{} 个已组成办案组", cases.size(), out.staffed);
    out.message_en = fmt::format("{} cases in the batch: {} staffed", cases.size(), out.staffed);
    if (infeasible > 0) {
        out.message_zh += fmt::format("，{} 个单独也无法组队（见各案件说明）", infeasible);
        out.message_en += fmt::format(", {} cannot be staffed even alone (see each case)", infeasible);
    }
    if (crowded > 0) {
        out.message_zh += fmt::format("，{} 个因人员不足（{}）未能同时组队", crowded,
                                      options.one_team_per_person ? "每人只参加一个办案组" : "工作容量");
        out.message_en += fmt::format(", {} left out because the batch shares too few people ({})", crowded,
                                      options.one_team_per_person ? "one team per person" : "capacity");
    }
    out.message_zh += fmt::format("；总成本 {:.3f}，{}。", out.total_cost,
                                  proven ? "已证明最优" : "求解提前停止，方案满足全部硬性规则但未证明最优");
    out.message_en += fmt::format("; total cost {:.3f}, {}.", out.total_cost,
                                  proven ? "proven optimal"
                                         : "the search stopped early: every rule holds, "
                                           "optimality is not proven");
    if (out.stage_limits_lifted) {
        out.message_zh += "分层（先本协作区、再相邻协作区）无法同时满足全部案件，已对全部案件放开到所有层级。";
        out.message_en +=
            " The staged tiers could not staff every case together, so every tier was opened to all cases.";
    }
    return out;
}

Result<std::vector<std::pair<std::string, TeamCandidate>>> parse_batch_candidates_csv(std::string_view text) {
    XZQ_TRY(auto table, csv::parse(text));
    const int column = table.column("case");
    if (column < 0) {
        return bad("missing_column", "候选人表缺少列 case（每行属于哪个案件）",
                   "the candidates CSV lacks the column case (which case each row belongs to)");
    }
    XZQ_TRY(auto candidates, parse_candidates_csv(text));
    std::vector<std::pair<std::string, TeamCandidate>> out;
    std::set<std::pair<std::string, std::string>> pairs;
    for (std::size_t r = 0; r < candidates.size(); ++r) {
        std::string id(trim(table.rows[r][static_cast<std::size_t>(column)]));
        if (id.empty()) {
            return bad("empty_case_id", fmt::format("候选人表第 {} 行缺少案件编号", table.line_numbers[r]),
                       fmt::format("candidates line {}: the case is empty", table.line_numbers[r]));
        }
        if (!pairs.emplace(id, candidates[r].id).second) {
            return bad("duplicate_row",
                       fmt::format("候选人表第 {} 行：人员 {} 在案件 {} 中重复出现", table.line_numbers[r],
                                   candidates[r].id, id),
                       fmt::format("candidates line {}: person {} appears twice for case {}", table.line_numbers[r],
                                   candidates[r].id, id));
        }
        out.emplace_back(std::move(id), std::move(candidates[r]));
    }
    return out;
}

std::vector<TeamBatchCase> generate_team_batch(const TeamBatchSpec& spec) {
    Rng rng(spec.seed);
    const double box = 45;  // km
    struct Town {
        double x, y;
        int zone;
    };
    std::vector<Town> towns;
    for (int t = 0; t < spec.townships; ++t) towns.push_back({rng.uniform(0, box), rng.uniform(0, box), 0});
    const int zones = std::max(1, spec.townships / 5);
    for (auto& t : towns) {  // the nearest of the first `zones` townships is the zone's seat
        double best = 1e300;
        for (int z = 0; z < zones; ++z) {
            const double d =
                std::hypot(t.x - towns[static_cast<std::size_t>(z)].x, t.y - towns[static_cast<std::size_t>(z)].y);
            if (d < best) {
                best = d;
                t.zone = z;
            }
        }
    }
    auto adjacent = [&](int a, int b) {  // zones with townships within 10 km of each other
        for (const auto& s : towns) {
            for (const auto& t : towns) {
                if (s.zone == a && t.zone == b && std::hypot(s.x - t.x, s.y - t.y) < 10) return true;
            }
        }
        return false;
    };
    std::vector<std::vector<char>> zone_adjacent(static_cast<std::size_t>(zones),
                                                 std::vector<char>(static_cast<std::size_t>(zones), 0));
    for (int a = 0; a < zones; ++a) {
        for (int b = 0; b < zones; ++b)
            zone_adjacent[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] = a != b && adjacent(a, b);
    }
    const std::vector<std::string> pool = {"财务", "审计", "谈话", "取证", "信息", "法律"};
    struct Person {
        TeamCandidate base;
        int town;  // −1: county office
    };
    std::vector<Person> people;
    for (int i = 0; i < spec.people; ++i) {
        Person p;
        p.base.id = fmt::format("p{:03}", i + 1);
        p.base.name = fmt::format("干部{:03}", i + 1);
        p.town = rng.uniform01() < 0.1 ? -1 : rng.uniform_int(0, spec.townships - 1);
        p.base.township = p.town < 0 ? "county" : fmt::format("T{:02}", p.town + 1);
        for (const auto& s : pool) {
            if (rng.uniform01() < 0.3) p.base.skills.push_back(s);
        }
        p.base.can_lead = rng.uniform01() < 0.35;
        p.base.capacity = rng.uniform_int(2, 4);
        p.base.load = rng.uniform01() < 0.9 ? rng.uniform_int(0, p.base.capacity - 1) : p.base.capacity;
        p.base.available = rng.uniform01() < 0.95;
        people.push_back(std::move(p));
    }
    std::vector<TeamBatchCase> batch;
    for (int c = 0; c < spec.cases; ++c) {
        TeamBatchCase k;
        k.id = fmt::format("C{:02}", c + 1);
        const int town = rng.uniform_int(0, spec.townships - 1);
        k.team_case.township = fmt::format("T{:02}", town + 1);
        auto skills = pool;
        const int required = rng.uniform_int(1, 3);
        for (int s = 0; s < required; ++s) {
            const auto pick = static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(skills.size()) - 1));
            k.team_case.required_skills.push_back(skills[pick]);
            skills.erase(skills.begin() + static_cast<long>(pick));
        }
        k.team_case.size = rng.uniform_int(3, 5);
        const auto& here = towns[static_cast<std::size_t>(town)];
        for (const auto& p : people) {
            TeamCandidate cand = p.base;
            if (p.town < 0) {
                cand.tier = k_tier_county;
                cand.distance_km = std::round(std::hypot(here.x - box / 2, here.y - box / 2) * 10) / 10;
            } else {
                const auto& there = towns[static_cast<std::size_t>(p.town)];
                cand.tier = there.zone == here.zone ? k_tier_same_zone
                            : zone_adjacent[static_cast<std::size_t>(there.zone)][static_cast<std::size_t>(here.zone)]
                                ? k_tier_adjacent_zone
                                : k_tier_county;
                cand.distance_km = std::round(std::hypot(here.x - there.x, here.y - there.y) * 10) / 10;
            }
            cand.conflict_township = rng.uniform01() < 0.02;
            cand.conflict_subject = rng.uniform01() < 0.02;
            cand.conflict_reporter = rng.uniform01() < 0.01;
            k.candidates.push_back(std::move(cand));
        }
        batch.push_back(std::move(k));
    }
    return batch;
}

}  // namespace xzq::planning
