# Helpers that give every module the same shape: one directory, one library target named
# xerosync_<module>, include paths rooted at src/ ("core/status.h"), project warnings,
# and tests / micro-benchmarks beside the code.

set(XEROSYNC_SRC_ROOT ${PROJECT_SOURCE_DIR}/src)

# xerosync_module(<name> SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
function(xerosync_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(xerosync_${name} ${ARG_SOURCES})
  add_library(xerosync::${name} ALIAS xerosync_${name})
  target_include_directories(xerosync_${name} PUBLIC ${XEROSYNC_SRC_ROOT})
  target_link_libraries(xerosync_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS} xerosync_warnings)
endfunction()

# xerosync_test(<name> SOURCES ... DEPS ... [LABELS ...])
# A GoogleTest binary; each test case becomes a CTest test (discovered when ctest runs).
function(xerosync_test name)
  if(NOT XEROSYNC_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main xerosync_warnings)
  gtest_discover_tests(${name}
    DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS "${ARG_LABELS}"
               ENVIRONMENT "XEROSYNC_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# xerosync_benchmark(<name> SOURCES ... DEPS ...)
function(xerosync_benchmark name)
  if(NOT XEROSYNC_BUILD_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark benchmark::benchmark_main xerosync_warnings)
endfunction()
