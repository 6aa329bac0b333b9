// Text, JSON and CSV encodings of a search response.
#include "results.h"

#include <iomanip>
#include <stdexcept>

namespace kronika {

namespace {

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string csv_field(std::string_view s) {
    bool quote = s.find_first_of(",\"\n\r") != std::string_view::npos;
    if (!quote) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string str(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return "";
    return it->get<std::string>();
}

std::string join_names(const nlohmann::json& arr, bool with_kind) {
    std::string out;
    if (!arr.is_array()) return out;
    for (const auto& v : arr) {
        if (!out.empty()) out += "; ";
        if (v.is_string()) {
            out += v.get<std::string>();
        } else if (v.is_object()) {
            out += str(v, "name");
            if (with_kind) out += " (" + str(v, "kind") + ")";
        }
    }
    return out;
}

}  // namespace

OutputFormat output_format_from_name(const std::string& n) {
    if (n == "text") return OutputFormat::text;
    if (n == "json") return OutputFormat::json;
    if (n == "csv") return OutputFormat::csv;
    throw std::invalid_argument("unknown format \"" + n + "\" (use text, json or csv)");
}

std::string snippet_html(const std::vector<SnippetPart>& parts) {
    std::string out;
    for (const auto& p : parts) {
        if (p.hit)
            out += "<mark>" + html_escape(p.text) + "</mark>";
        else
            out += html_escape(p.text);
    }
    return out;
}

std::string snippet_plain(const std::vector<SnippetPart>& parts, const char* open,
                          const char* close) {
    std::string out;
    for (const auto& p : parts) {
        if (p.hit)
            out += open + p.text + close;
        else
            out += p.text;
    }
    return out;
}

nlohmann::json article_json(const Article& a, bool with_body) {
    nlohmann::json j;
    j["id"] = a.id;
    j["title"] = a.title;
    if (!a.section.empty()) j["section"] = a.section;
    j["url"] = a.url;
    j["source"] = a.source;
    j["language"] = a.language;
    j["authors"] = a.authors;
    j["photo_credits"] = a.photo_credits;
    j["date"] = a.date ? nlohmann::json(a.date->local_iso()) : nlohmann::json(nullptr);
    j["date_utc"] = a.date ? nlohmann::json(a.date->utc_iso()) : nlohmann::json(nullptr);
    j["people"] = a.people;
    auto attrs = nlohmann::json::array();
    for (const auto& at : a.attributions)
        attrs.push_back(
            {{"name", at.name}, {"kind", at.kind}, {"cue", at.cue}, {"quote", at.quote}});
    j["attributions"] = std::move(attrs);
    if (with_body) j["body"] = a.body;
    return j;
}

nlohmann::json to_json(const SearchRequest& req, const SearchResponse& resp) {
    nlohmann::json j;
    j["version"] = kJsonOutputVersion;
    j["query"] = req.query;
    j["total"] = resp.total;
    j["total_exact"] = resp.total_exact;
    j["offset"] = req.offset;
    j["limit"] = req.limit;
    auto results = nlohmann::json::array();
    for (const auto& h : resp.hits) {
        const auto& s = h.stored;
        nlohmann::json r;
        r["rank"] = h.rank;
        r["score"] = std::round(h.score * 1000) / 1000;
        r["id"] = str(s, "id");
        r["title"] = str(s, "title");
        r["date"] = s.contains("date") ? s["date"] : nullptr;
        r["date_utc"] = s.contains("date_utc") ? s["date_utc"] : nullptr;
        r["source"] = str(s, "source");
        r["url"] = str(s, "url");
        r["people"] = s.contains("people") ? s["people"] : nlohmann::json::array();
        r["attributions"] =
            s.contains("attributions") ? s["attributions"] : nlohmann::json::array();
        r["snippet"] = snippet_html(h.snippet);
        results.push_back(std::move(r));
    }
    j["results"] = std::move(results);
    auto facets = nlohmann::json::object();
    for (const auto& f : resp.facets) {
        nlohmann::json fj;
        fj["exact"] = f.exact;
        fj["documents"] = f.documents;
        auto vals = nlohmann::json::array();
        for (const auto& [v, c] : f.values) vals.push_back({{"value", v}, {"count", c}});
        fj["values"] = std::move(vals);
        facets[f.name] = std::move(fj);
    }
    j["facets"] = std::move(facets);
    return j;
}

void write_text(std::ostream& out, const SearchRequest& req, const SearchResponse& resp,
                bool color) {
    const char* bold = color ? "\033[1m" : "";
    const char* dim = color ? "\033[2m" : "";
    const char* reset = color ? "\033[0m" : "";
    out << (resp.total_exact ? "" : "about ") << resp.total
        << (resp.total == 1 ? " match" : " matches");
    if (!resp.hits.empty())
        out << ", showing " << resp.hits.front().rank << "-" << resp.hits.back().rank;
    out << "\n";
    for (const auto& h : resp.hits) {
        const auto& s = h.stored;
        std::string date = str(s, "date");
        out << "\n" << std::setw(3) << h.rank << ". " << bold << str(s, "title") << reset << "\n";
        out << "     " << dim << (date.empty() ? "(no date)" : date.substr(0, 10));
        if (!str(s, "source").empty()) out << " · " << str(s, "source");
        out << " · " << str(s, "id") << reset << "\n";
        std::string snip = color ? snippet_plain(h.snippet, "\033[1;33m", "\033[0m")
                                 : snippet_plain(h.snippet, "[", "]");
        if (!snip.empty()) out << "     " << snip << "\n";
        std::string people = join_names(s.value("people", nlohmann::json::array()), false);
        if (!people.empty()) out << "     people: " << people << "\n";
        std::string attrs = join_names(s.value("attributions", nlohmann::json::array()), true);
        if (!attrs.empty()) out << "     attributed to: " << attrs << "\n";
    }
    for (const auto& f : resp.facets) {
        out << "\n"
            << bold << f.name << reset << dim
            << (f.exact ? " (exact)" : " (over " + std::to_string(f.documents) + " matches)")
            << reset << "\n";
        if (f.values.empty()) out << "  (none)\n";
        uint64_t maxc = 1;
        for (const auto& [v, c] : f.values) maxc = std::max(maxc, c);
        for (const auto& [v, c] : f.values) {
            out << "  " << std::setw(6) << c << "  ";
            if (f.name == "date")
                out << std::string(static_cast<size_t>(c * 30 / maxc), '#') << " ";
            out << v << "\n";
        }
    }
    (void)req;
}

void write_csv(std::ostream& out, const SearchResponse& resp) {
    out << "rank,score,id,date,source,title,url,people,attributions\n";
    for (const auto& h : resp.hits) {
        const auto& s = h.stored;
        out << h.rank << "," << h.score << "," << csv_field(str(s, "id")) << ","
            << csv_field(str(s, "date")) << "," << csv_field(str(s, "source")) << ","
            << csv_field(str(s, "title")) << "," << csv_field(str(s, "url")) << ","
            << csv_field(join_names(s.value("people", nlohmann::json::array()), false)) << ","
            << csv_field(join_names(s.value("attributions", nlohmann::json::array()), true))
            << "\n";
    }
}

}  // namespace kronika
