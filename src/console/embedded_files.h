#pragma once
// The console's web files (src/console/web), embedded in the binary at build time by embed.cmake.

#include <cstddef>
#include <span>

namespace xerosync::console {

struct EmbeddedFile {
  const char* path;           // relative to web/: "index.html", "js/app.js"
  const unsigned char* data;  // `size` bytes, followed by a NUL
  std::size_t size;
};

// Every embedded file, sorted by path.
std::span<const EmbeddedFile> EmbeddedFiles();

}  // namespace xerosync::console
