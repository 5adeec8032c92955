// Rendering DOT to SVG, PNG or PDF with Graphviz's `dot`, when installed.
#ifndef NEWSGRAPH_EXPORT_RENDER_H_
#define NEWSGRAPH_EXPORT_RENDER_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace newsgraph {

// Runs `dot -T<format> -o <out_path>` on `dot_text` (the layout engine is
// the graph's `layout` attribute). Fails with a message that says how to
// install Graphviz when `dot` is not on PATH, and with Graphviz's own
// messages when it fails. What Graphviz printed on stderr (its warnings,
// such as "Scaling by 0.30 to fit"), one line per element, goes to
// `*warnings` when it is not null, on success and failure alike.
Status RenderDot(const std::string& dot_text, const std::string& format, const std::string& out_path,
                 std::vector<std::string>* warnings = nullptr);

// True for Graphviz's warning that it shrank the picture to fit its size
// limit (the picture is then hard to read).
bool IsScalingWarning(const std::string& line);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXPORT_RENDER_H_
