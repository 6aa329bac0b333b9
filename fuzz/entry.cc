// One libFuzzer entry point, compiled once per target with KRONIKA_FUZZ_TARGET set to the
// target's function (fuzz/CMakeLists.txt).
#include "targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return KRONIKA_FUZZ_TARGET(data, size);
}
