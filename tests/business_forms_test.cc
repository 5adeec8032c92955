// The default relation rules on the forms business news writes investment,
// partnership and supply in (extract/rules/relations.rules): each form with
// sentences that state it and traps that must not (an owner is no partner,
// a denied or planned sale, an ended supply, a firm's own unit). Every
// sentence was written here; the companies are invented or well known.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace newsgraph {
namespace {

// A sentence (or two) and every relation of one predicate it must give, as
// "Subject > Object" ("Subject >~ Object" when hedged); none for a trap.
struct Case {
  std::string text, predicate;
  std::set<std::string> want;
};

void CheckCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    std::set<std::string> got;
    for (const Relation& r : testing::ExtractText(c.text).relations)
      if (r.predicate == c.predicate) got.insert(r.subject + (r.hedged ? " >~ " : " > ") + r.object);
    INFO(c.predicate << " in: " << c.text);
    CHECK(got == c.want);
  }
}

TEST_CASE("a share owned by percentage or majority is an investment; all of it is not", "[extract][rules]") {
  CheckCases({
      {"Velmora Robotics is 46%-owned by Harwell Capital. Pelham Industries, which is 25% owned by Dana Quill, has "
       "struggled. Brontal Devices is majority-owned by Sorvik Ventures.",
       "INVESTS_IN",
       {"Harwell Capital > Velmora Robotics", "Dana Quill > Pelham Industries", "Sorvik Ventures > Brontal Devices"}},
      // All of it (a parent), and an owner named only through its country.
      {"Velmora Robotics is wholly owned by Harwell Capital. Pelham Industries is 100% owned by Sorvik Ventures. "
       "Brontal Devices is majority owned by Germany's richest man.",
       "INVESTS_IN",
       {}},
  });
}

TEST_CASE("a stake sold names its buyer; a sale denied is none, a planned one is hedged", "[extract][rules]") {
  CheckCases({
      {"Brontal Devices handed over its entire 59.5% stake in Quorbit Systems - which controls Velmora Robotics - "
       "to Harwell Capital.",
       "INVESTS_IN",
       {"Harwell Capital > Quorbit Systems"}},
      // A stake sold with no company named is a stake in the seller.
      {"Pelham Industries had sold Sorvik Ventures a stake in 2000, as part of an alliance.", "INVESTS_IN",
       {"Sorvik Ventures > Pelham Industries"}},
      {"Pelham Industries had sold Sorvik Ventures a stake in Velmora Robotics.", "INVESTS_IN", {}},
      // A price paid, or a stake given, for a share of a company.
      {"Harwell Capital swapped a 6% stake in itself for 20% of Quorbit Systems. Sorvik Ventures paid $2bn for a "
       "30% stake in Velmora Robotics.",
       "INVESTS_IN",
       {"Harwell Capital > Quorbit Systems", "Sorvik Ventures > Velmora Robotics"}},
      {"Brontal Devices did not sell a 20% stake in Quorbit Systems to Harwell Capital. Pelham Industries plans to "
       "sell a stake in Velmora Robotics to Sorvik Ventures.",
       "INVESTS_IN",
       {"Sorvik Ventures >~ Velmora Robotics"}},
      {"Pelham Industries agreed to sell a 20% stake in Velmora Robotics to Sorvik Ventures.", "INVESTS_IN",
       {"Sorvik Ventures >~ Velmora Robotics"}},
  });
}

TEST_CASE("investors named by the company that has them, a shareholder in a relative clause", "[extract][rules]") {
  CheckCases({
      {"Quorbit Systems has some foreign investors, including Harwell Capital and Sorvik Ventures.", "INVESTS_IN",
       {"Harwell Capital > Quorbit Systems", "Sorvik Ventures > Quorbit Systems"}},
      {"Velmora Robotics, in which Dana Quill was a major shareholder, fell 5%.", "INVESTS_IN",
       {"Dana Quill > Velmora Robotics"}},
      {"Quorbit Systems is backed by heavy investment from tech giants like Nvidia.", "INVESTS_IN",
       {"Nvidia > Quorbit Systems"}},
  });
}

TEST_CASE("a stake's holder is the subject, not a name ending an aside; willingness is no investment",
          "[extract][rules]") {
  CheckCases({
      {"Harwell Capital, which floated in 2003, has a 10% stake in Velmora Robotics.", "INVESTS_IN",
       {"Harwell Capital > Velmora Robotics"}},
      {"Sorvik Ventures, the venture capital arm of Harwell Capital, has a one-fifth stake in Velmora Robotics. The "
       "media giant, run by Dana Quill, owns 82% of the shares in Pelham Industries.",
       "INVESTS_IN",
       {}},
      {"Dana Quill is ready and willing to invest in Velmora Robotics.", "INVESTS_IN", {}},
  });
}

TEST_CASE("a deal on a condition is none", "[extract][rules]") {
  CheckCases({
      {"If Harwell Capital buys a stake in Velmora Robotics it will be the largest deal.", "INVESTS_IN", {}},
      {"If Harwell Capital buys Velmora Robotics, shares will rise.", "ACQUIRES", {}},
      {"Shares rose after Harwell Capital bought Velmora Robotics.", "ACQUIRES",
       {"Harwell Capital > Velmora Robotics"}},
  });
}

TEST_CASE("partners: joined forces, a deal to work together, a venture between two described firms", "[extract][rules]") {
  CheckCases({
      {"Earlier in January, Kestrel Technologies and Orbis Software joined forces to develop faster networks.",
       "PARTNERS_WITH",
       {"Kestrel Technologies > Orbis Software"}},
      {"Nokia and Microsoft have agreed a deal to work on music delivery.", "PARTNERS_WITH", {"Nokia >~ Microsoft"}},
      {"The system is a joint venture between security firm Kestrel Technologies and storage specialist Orbis "
       "Software.",
       "PARTNERS_WITH",
       {"Kestrel Technologies > Orbis Software"}},
      {"The two countries formalised a co-operation deal between energy firm Kestrel Technologies and Orbis Software.",
       "PARTNERS_WITH",
       {"Kestrel Technologies > Orbis Software"}},
      {"Pelham Industries shares rose after signing a commercial agreement with Orbis Software.", "PARTNERS_WITH",
       {"Pelham Industries > Orbis Software"}},
      // A deal to merge is none; nor is an alliance being dissolved, a deal
      // nearly signed, or a partner one could be.
      {"Pelham Industries is on the verge of signing a new deal with Orbis Software. Velmora Robotics was close to "
       "signing a deal with Kestrel Technologies.",
       "PARTNERS_WITH",
       {}},
      {"Kestrel Technologies and Orbis Software signed a deal to merge.", "PARTNERS_WITH", {}},
      {"Fiat reached an agreement with GM to dissolve an alliance.", "PARTNERS_WITH", {}},
      {"Kestrel Technologies, which is proud of its history, is an obvious partner for Orbis Software.",
       "PARTNERS_WITH",
       {}},
  });
}

TEST_CASE("an owner named before the partner is no partner", "[extract][rules]") {
  CheckCases({
      {"Boeing announced a deal with India's HCL Technologies to develop a platform.", "PARTNERS_WITH",
       {"Boeing > HCL Technologies"}},
      {"Boeing announced a deal with India's largest airline.", "PARTNERS_WITH", {}},
      {"Boeing has partnered with India's biggest carrier.", "PARTNERS_WITH", {}},
      {"Boeing has partnered with India on engines.", "PARTNERS_WITH", {"Boeing > India"}},
  });
}

TEST_CASE("supplies: goods made for a buyer, a part supplied by a maker; not an ended supply or a firm's own unit",
          "[extract][rules]") {
  CheckCases({
      {"Brontal Motors has been making cars for Pelham Motors since 2003.", "SUPPLIES",
       {"Brontal Motors > Pelham Motors"}},
      {"Velmora Motors recalled all cars equipped with a faulty pump supplied by parts maker Orbis Software.",
       "SUPPLIES",
       {"Orbis Software > Velmora Motors"}},
      {"The agency said Lumora Technologies, the largest drone producer, supplies drones to Pelham Motors.",
       "SUPPLIES",
       {"Lumora Technologies > Pelham Motors"}},
      {"Brontal Motors makes cars for the US market. Brontal Motors is to stop making engines for Pelham Motors. "
       "Velmora Motors makes engines for its Pelham Motors unit.",
       "SUPPLIES",
       {}},
      {"Velmora Motors denied that the pump was supplied by Orbis Software.", "SUPPLIES", {}},
  });
}

TEST_CASE("goods bought from a firm are supplied by it, not the firm bought; brands bought are neither",
          "[extract][rules]") {
  const std::string jets = "Orbis Group bought two jets from Kestrel Technologies in 2003.";
  const std::string labels = "Orbis Group bought two cosmetics labels from Kestrel Technologies in 2003.";
  CheckCases({
      {jets, "SUPPLIES", {"Kestrel Technologies > Orbis Group"}},
      {jets, "ACQUIRES", {}},
      {labels, "SUPPLIES", {}},
      {labels, "ACQUIRES", {}},
      // The firm itself bought from its owner is still bought.
      {"Orbis Group bought Kestrel Technologies from Harwell Capital in 2003.", "ACQUIRES",
       {"Orbis Group > Kestrel Technologies"}},
  });
}

}  // namespace
}  // namespace newsgraph
