// Prints docs/errors.md as the catalogue renders it (src/rules/catalogue.h).
#include <iostream>

#include "rules/catalogue.h"

int main() {
  std::cout << xerosync::rules::RenderErrorsMarkdown();
  return 0;
}
