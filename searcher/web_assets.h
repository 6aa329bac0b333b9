// The search page's files, embedded in kronika-search at build time (searcher/embed_web.cmake).
#pragma once

#include <cstddef>

namespace kronika::web {

struct Asset {
    const char* path;  // "/index.html"; nullptr ends the table
    const unsigned char* data;
    size_t size;
};

extern const Asset kAssets[];

}  // namespace kronika::web
