// People in Cyrillic-script articles (being written).
#include "extract/people_slavic.h"

#include "extract/people.h"

namespace kronika {

std::vector<std::string> extract_people_slavic(const Article& article) {
    return extract_people(article);
}

}  // namespace kronika
