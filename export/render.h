// Rendering DOT to SVG, PNG or PDF with Graphviz's `dot`, when installed.
#ifndef NEWSGRAPH_EXPORT_RENDER_H_
#define NEWSGRAPH_EXPORT_RENDER_H_

#include <string>

#include "base/status.h"

namespace newsgraph {

// Runs `dot -T<format> -o <out_path>` on `dot_text`. Fails with a message
// that says how to install Graphviz when `dot` is not on PATH.
Status RenderDot(const std::string& dot_text, const std::string& format, const std::string& out_path);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXPORT_RENDER_H_
