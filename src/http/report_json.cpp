#include "http/report_json.hpp"

#include "domain/report_taxonomy.hpp"
#include "http/api_support.hpp"

namespace xzq::http {

namespace {

Result<std::optional<std::string>> optional_code(const json& body, const std::string& name) {
    if (!present(body, name)) return std::optional<std::string>();
    if (!body[name].is_string()) return field_error(name, "必须是字符串", "must be a string");
    auto text = body[name].get<std::string>();
    if (text.size() > 64) return field_error(name, "过长", "is too long");
    if (text.empty()) return std::optional<std::string>();
    return std::optional<std::string>(std::move(text));
}

Result<bool> flag(const json& item, const std::string& name) {
    return bool_field(item, name, false);
}

Result<domain::ReportedPerson> person_from(const json& item, std::size_t index, bool staff) {
    const std::string prefix = "persons[" + std::to_string(index) + "]";
    if (!item.is_object()) return field_error(prefix, "必须是对象", "must be an object");
    domain::ReportedPerson person;
    for (const auto& [name, value] : item.items()) {
        static const std::vector<std::string> known_staff = {
            "name",           "post", "person_id", "rank", "township", "managed_by_county_committee", "township_leader",
            "commission_head"};
        const bool public_field = name == "name" || name == "post";
        if (!public_field && (!staff || std::find(known_staff.begin(), known_staff.end(), name) == known_staff.end())) {
            return field_error(prefix + "." + name, "无法识别", "is not recognised");
        }
    }
    XZQ_TRY(person.name, string_field(item, "name", false, 400));
    XZQ_TRY(person.post, string_field(item, "post", false, 400));
    if (staff) {
        XZQ_TRY(person.person_id, optional_id(item, "person_id"));
        XZQ_TRY(auto rank, optional_code(item, "rank"));
        if (rank) {
            person.rank = domain::rank_from_text(*rank);
            if (!person.rank) return field_error(prefix + ".rank", "不是已知的职级", "is not a known rank");
        }
        XZQ_TRY(person.township_code, optional_code(item, "township"));
        XZQ_TRY(person.managed_by_county_committee, flag(item, "managed_by_county_committee"));
        XZQ_TRY(person.township_leader, flag(item, "township_leader"));
        XZQ_TRY(person.commission_head, flag(item, "commission_head"));
    }
    return person;
}

}  // namespace

Result<domain::ReportDraft> draft_from_json(const json& body, const DraftOptions& options) {
    domain::ReportDraft draft;
    if (options.staff) {
        XZQ_TRY(auto channel, optional_code(body, "channel"));
        if (channel) {
            auto parsed = domain::channel_from_string(*channel);
            if (!parsed) return field_error("channel", "不是已知的来源渠道", "is not a known channel");
            draft.channel = *parsed;
        } else {
            draft.channel = domain::Channel::letter;
        }
        XZQ_TRY(auto type, optional_code(body, "type"));
        if (type) {
            auto parsed = domain::report_type_from_string(*type);
            if (!parsed) return field_error("type", "不是已知的举报类型", "is not a known report type");
            draft.type = *parsed;
        }
    }
    XZQ_TRY(draft.description, string_field(body, "description", false, 40000));
    XZQ_TRY(draft.category_code, optional_code(body, "category"));
    XZQ_TRY(draft.problem_area_codes, string_list(body, "problem_areas"));
    XZQ_TRY(draft.township_code, optional_code(body, "township"));
    XZQ_TRY(draft.village_code, optional_code(body, "village"));
    if (present(body, "persons")) {
        if (!body["persons"].is_array()) return field_error("persons", "必须是数组", "must be an array");
        if (body["persons"].size() > 50) return field_error("persons", "过多", "has too many items");
        for (std::size_t i = 0; i < body["persons"].size(); ++i) {
            XZQ_TRY(auto person, person_from(body["persons"][i], i, options.staff));
            draft.persons.push_back(std::move(person));
        }
    }
    if (present(body, "reporter")) {
        if (!options.allow_reporter) return field_error("reporter", "无法识别", "is not recognised");
        const auto& reporter = body["reporter"];
        if (!reporter.is_object()) return field_error("reporter", "必须是对象", "must be an object");
        XZQ_TRY_VOID(only_fields(reporter, {"name", "contact", "id_number", "address"}));
        XZQ_TRY(draft.reporter_name, string_field(reporter, "name", false, 400));
        XZQ_TRY(draft.reporter_contact, string_field(reporter, "contact", false, 400));
        XZQ_TRY(draft.reporter_id_number, string_field(reporter, "id_number", false, 100));
        XZQ_TRY(draft.reporter_address, string_field(reporter, "address", false, 1000));
    }
    return draft;
}

std::string PlaceNames::with_names(std::string text) const {
    for (const auto& [code, name] : names) {
        if (code.size() != 9) continue;
        for (auto at = text.find(code); at != std::string::npos; at = text.find(code, at + name.size())) {
            text.replace(at, code.size(), name);
        }
    }
    return text;
}

json PlaceNames::name_of(const std::optional<std::string>& code) const {
    if (!code) return nullptr;
    auto found = names.find(*code);
    return found == names.end() ? json(*code) : json(found->second);
}

PlaceNames place_names(const ApiServices& services, const std::string& county) {
    PlaceNames out;
    auto tree = services.org.county_tree(county);
    if (!tree) return out;
    for (const auto& township : tree->townships) {
        out.names[township.code] = township.name;
        for (const auto& village : township.villages) out.names[village.code] = village.name;
    }
    return out;
}

json deadline_json(const services::DeadlineItem& item, std::string_view language, const PlaceNames& places) {
    const bool en = language == "en";
    const auto& d = item.record;
    return {{"id", d.id},
            {"subject_type", d.subject_type},
            {"subject_id", d.subject_id},
            {"subject_number", item.subject_number},
            {"rule", d.rule_code},
            {"name", item.rule ? (en ? item.rule->name_en : item.rule->name_zh) : d.rule_code},
            {"source", item.rule ? item.rule->source : ""},
            {"start_on", domain::format_date(d.start_on)},
            {"due_on", optional_json(item.status.due)},
            {"completed_on", optional_json(d.completed_on)},
            {"state", domain::to_string(item.status.state)},
            {"state_label", label(item.status.state, language)},
            {"working_days_left", item.status.working_days_left},
            {"level", optional_json(d.level)},
            {"township_code", optional_json(d.township_code)},
            {"township_name", places.name_of(d.township_code)},
            {"zone_id", optional_json(d.zone_id)}};
}

Response field_errors_response(const std::vector<domain::FieldError>& errors, std::string_view language) {
    const bool en = language == "en";
    json fields = json::array();
    for (const auto& e : errors) {
        fields.push_back({{"field", e.field}, {"code", e.code}, {"message", en ? e.message_en : e.message_zh}});
    }
    std::string message = errors.empty() ? std::string()
                                         : (en ? "please correct the marked fields: " + errors.front().message_en
                                               : "请修改标出的内容：" + errors.front().message_zh);
    return json_response(400, {{"error", {{"code", "report.invalid"}, {"message", message}, {"fields", fields}}}});
}

json categories_json(std::string_view language) {
    const bool en = language == "en";
    json out = json::array();
    for (const auto& category : domain::violation_categories()) {
        json subs = json::array();
        for (const auto& sub : category.subcategories) {
            subs.push_back({{"code", sub.code}, {"name", en ? sub.name_en : sub.name_zh}});
        }
        out.push_back({{"code", category.code},
                       {"name", en ? category.name_en : category.name_zh},
                       {"subcategories", std::move(subs)}});
    }
    return out;
}

json problem_areas_json(std::string_view language) {
    const bool en = language == "en";
    json out = json::array();
    for (const auto& area : domain::problem_areas()) {
        out.push_back({{"code", area.code}, {"name", en ? area.name_en : area.name_zh}});
    }
    return out;
}

std::string category_name(const std::optional<std::string>& code, std::string_view language) {
    if (!code) return {};
    const auto* sub = domain::find_violation_subcategory(*code);
    const auto* category = domain::category_of(*code);
    if (!sub || !category) return *code;
    return language == "en" ? category->name_en + " — " + sub->name_en : category->name_zh + "—" + sub->name_zh;
}

}  // namespace xzq::http
