#pragma once
// JSON of reports shared by the staff API and the public portal: reading a report from a request
// body (types checked field by field) and the localised labels of the report vocabulary.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/reports.hpp"
#include "http/api.hpp"
#include "http/message.hpp"

namespace xzq::http {

struct DraftOptions {
    bool staff = false;             // staff may set channel/type and the reported persons' rank and flags
    bool allow_reporter = true;     // the reporter block is accepted
    bool require_category = false;  // the public form must name the category
};

// The draft in the body; type errors name the field. Content rules are the domain's
// (validate_report), reported together with field_errors_response().
Result<domain::ReportDraft> draft_from_json(const nlohmann::json& body, const DraftOptions& options);

// 400 {"error":{"code":"report.invalid","message":…,"fields":[{field,code,message}]}}.
Response field_errors_response(const std::vector<domain::FieldError>& errors, std::string_view language);

// A label in the request's language: the Chinese name, or the identifier made readable.
template <class E>
std::string label(E value, std::string_view language) {
    if (language == "en") {
        std::string text(domain::to_string(value));
        for (auto& c : text) {
            if (c == '_') c = ' ';
        }
        return text;
    }
    return std::string(domain::chinese_name(value));
}

// Names of the county's townships and villages, for labels in answers.
struct PlaceNames {
    std::map<std::string, std::string> names;
    // The domain names townships by code in its reasons; people read names.
    [[nodiscard]] std::string with_names(std::string text) const;
    // The name, or the code when unknown; null for no code.
    [[nodiscard]] nlohmann::json name_of(const std::optional<std::string>& code) const;
};
PlaceNames place_names(const ApiServices& services, const std::string& county);

// One deadline with its rule, legal source and state, as the report and case answers show it.
nlohmann::json deadline_json(const services::DeadlineItem& item, std::string_view language, const PlaceNames& places);

// The two-level category and problem-area lists, localised.
nlohmann::json categories_json(std::string_view language);
nlohmann::json problem_areas_json(std::string_view language);
std::string category_name(const std::optional<std::string>& code, std::string_view language);

}  // namespace xzq::http
