# Warning and sanitizer settings shared by every target of the project (ccache's StandardWarnings).
add_library(xzq_project_options INTERFACE)
target_compile_options(xzq_project_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough
  # g++ 12 misreports std::variant/std::string internals at -O3 (maybe-uninitialized: GCC bug
  # 105562 and relatives; restrict: bug 105329); the -O1 dev build keeps both warnings.
  $<$<CONFIG:Release>:-Wno-maybe-uninitialized -Wno-restrict>)
if(XZQ_WARNINGS_AS_ERRORS)
  target_compile_options(xzq_project_options INTERFACE -Werror)
endif()
if(XZQ_SANITIZE)
  target_compile_options(xzq_project_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(xzq_project_options INTERFACE -fsanitize=address,undefined)
endif()
