// The caption of a picture: what it shows, from which database, and when.
// `newsgraph export` and the Python module's Subgraph.dot() write the same.
#ifndef NEWSGRAPH_EXPORT_CAPTION_H_
#define NEWSGRAPH_EXPORT_CAPTION_H_

#include <string>
#include <string_view>
#include <vector>

#include "export/subgraph.h"

namespace newsgraph {

// How a subgraph was selected (the options of `newsgraph export`).
struct PictureSelection {
  std::string db;                    // the database directory; its last component is shown
  std::string query;                 // a query's result, or empty
  std::vector<std::string> around;   // the neighbourhood of these names, or empty
  int hops = 1;
  std::vector<std::string> types;    // relationship types, or empty
  std::vector<std::string> labels;   // node labels, or empty
};

// Two lines for DotOptions::title:
//   "news.db: around Microsoft (2 hops); types WORKS_FOR"
//   "16 of 17 nodes (kept by the strongest relationships), 15 relationships;
//    articles from 2019-05-01 to 2020-01-03"
// with what was left out, and the export date (UTC) instead of the articles'
// date range when no article `graph` cites has a date.
std::vector<std::string> PictureCaption(const PictureSelection& selection, const Subgraph& graph);

// "1 node", "2 nodes": `noun` with an s unless n is 1.
std::string CountOf(size_t n, std::string_view noun);

// "a, b, c".
std::string CommaJoined(const std::vector<std::string>& items);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXPORT_CAPTION_H_
