// The fuzz targets' bodies, shared by the libFuzzer entry points (fuzz/entry.cc) and the corpus
// replay that runs in the normal test suite (fuzz/replay). Each returns 0; anything a target
// does not expect (an exception other than a documented error, a broken invariant) escapes or
// aborts, which libFuzzer reports as a crash and the replay as a failure.
#pragma once

#include <cstddef>
#include <cstdint>

int kronika_fuzz_text_scrape(const uint8_t* data, size_t size);
int kronika_fuzz_json(const uint8_t* data, size_t size);
int kronika_fuzz_dates(const uint8_t* data, size_t size);
int kronika_fuzz_query(const uint8_t* data, size_t size);
int kronika_fuzz_html(const uint8_t* data, size_t size);
int kronika_fuzz_warc(const uint8_t* data, size_t size);
