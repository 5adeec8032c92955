// The default relation rules on the forms business news writes investment,
// partnership and supply in (extract/rules/relations.rules): each form with
// sentences that state it and traps that must not (an owner is no partner,
// a denied or planned sale, an ended supply, a firm's own unit). Every
// sentence was written here; the companies are invented or well known.
#include <catch2/catch.hpp>

#include <set>
#include <tuple>

#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::ExtractText;
using Triple = std::tuple<std::string, std::string, std::string>;

// The relations of one predicate in `text`, as (subject, predicate, object);
// a hedged one has "~" after its predicate.
std::set<Triple> Facts(const std::string& text, const std::string& predicate) {
  std::set<Triple> out;
  for (const Relation& r : ExtractText(text).relations)
    if (r.predicate == predicate) out.emplace(r.subject, r.predicate + (r.hedged ? "~" : ""), r.object);
  return out;
}

TEST_CASE("a share owned by percentage or majority is an investment; all of it is not", "[extract][rules]") {
  CHECK(Facts("Velmora Robotics is 46%-owned by Harwell Capital. Pelham Industries, which is 25% owned by Dana "
              "Quill, has struggled. Brontal Devices is majority-owned by Sorvik Ventures.",
              "INVESTS_IN") == std::set<Triple>{{"Harwell Capital", "INVESTS_IN", "Velmora Robotics"},
                                                {"Dana Quill", "INVESTS_IN", "Pelham Industries"},
                                                {"Sorvik Ventures", "INVESTS_IN", "Brontal Devices"}});
  // All of it (a parent), and an owner named only through its country.
  CHECK(Facts("Velmora Robotics is wholly owned by Harwell Capital. Pelham Industries is 100% owned by Sorvik "
              "Ventures. Brontal Devices is majority owned by Germany's richest man.",
              "INVESTS_IN")
            .empty());
}

TEST_CASE("a stake sold names its buyer; a sale denied or only planned does not", "[extract][rules]") {
  CHECK(Facts("Brontal Devices handed over its entire 59.5% stake in Quorbit Systems - which controls Velmora "
              "Robotics - to Harwell Capital.",
              "INVESTS_IN") == std::set<Triple>{{"Harwell Capital", "INVESTS_IN", "Quorbit Systems"}});
  // A stake sold with no company named is a stake in the seller.
  CHECK(Facts("Pelham Industries had sold Sorvik Ventures a stake in 2000, as part of an alliance.", "INVESTS_IN") ==
        std::set<Triple>{{"Sorvik Ventures", "INVESTS_IN", "Pelham Industries"}});
  CHECK(Facts("Pelham Industries had sold Sorvik Ventures a stake in Velmora Robotics.", "INVESTS_IN").empty());
  // A price paid, or a stake given, for a share of a company.
  CHECK(Facts("Harwell Capital swapped a 6% stake in itself for 20% of Quorbit Systems. Sorvik Ventures paid $2bn "
              "for a 30% stake in Velmora Robotics.",
              "INVESTS_IN") == std::set<Triple>{{"Harwell Capital", "INVESTS_IN", "Quorbit Systems"},
                                                {"Sorvik Ventures", "INVESTS_IN", "Velmora Robotics"}});
  CHECK(Facts("Brontal Devices did not sell a 20% stake in Quorbit Systems to Harwell Capital. Pelham Industries "
              "plans to sell a stake in Velmora Robotics to Sorvik Ventures.",
              "INVESTS_IN")
            .empty());
  CHECK(Facts("Pelham Industries agreed to sell a 20% stake in Velmora Robotics to Sorvik Ventures.", "INVESTS_IN") ==
        std::set<Triple>{{"Sorvik Ventures", "INVESTS_IN~", "Velmora Robotics"}});
}

TEST_CASE("investors named by the company that has them, a shareholder in a relative clause", "[extract][rules]") {
  CHECK(Facts("Quorbit Systems has some foreign investors, including Harwell Capital and Sorvik Ventures.",
              "INVESTS_IN") == std::set<Triple>{{"Harwell Capital", "INVESTS_IN", "Quorbit Systems"},
                                                {"Sorvik Ventures", "INVESTS_IN", "Quorbit Systems"}});
  CHECK(Facts("Velmora Robotics, in which Dana Quill was a major shareholder, fell 5%.", "INVESTS_IN") ==
        std::set<Triple>{{"Dana Quill", "INVESTS_IN", "Velmora Robotics"}});
  CHECK(Facts("Quorbit Systems is backed by heavy investment from tech giants like Nvidia.", "INVESTS_IN") ==
        std::set<Triple>{{"Nvidia", "INVESTS_IN", "Quorbit Systems"}});
}

TEST_CASE("a stake's holder is the subject, not a name ending an aside; willingness is no investment",
          "[extract][rules]") {
  CHECK(Facts("Harwell Capital, which floated in 2003, has a 10% stake in Velmora Robotics.", "INVESTS_IN") ==
        std::set<Triple>{{"Harwell Capital", "INVESTS_IN", "Velmora Robotics"}});
  CHECK(Facts("Sorvik Ventures, the venture capital arm of Harwell Capital, has a one-fifth stake in Velmora "
              "Robotics. The media giant, run by Dana Quill, owns 82% of the shares in Pelham Industries.",
              "INVESTS_IN")
            .empty());
  CHECK(Facts("Dana Quill is ready and willing to invest in Velmora Robotics.", "INVESTS_IN").empty());
}

TEST_CASE("partners: joined forces, a deal to work together, a venture between two described firms", "[extract][rules]") {
  CHECK(Facts("Earlier in January, Kestrel Technologies and Orbis Software joined forces to develop faster networks.",
              "PARTNERS_WITH") == std::set<Triple>{{"Kestrel Technologies", "PARTNERS_WITH", "Orbis Software"}});
  CHECK(Facts("Nokia and Microsoft have agreed a deal to work on music delivery.", "PARTNERS_WITH") ==
        std::set<Triple>{{"Nokia", "PARTNERS_WITH~", "Microsoft"}});
  CHECK(Facts("The system is a joint venture between security firm Kestrel Technologies and storage specialist "
              "Orbis Software.",
              "PARTNERS_WITH") == std::set<Triple>{{"Kestrel Technologies", "PARTNERS_WITH", "Orbis Software"}});
  CHECK(Facts("The two countries formalised a co-operation deal between energy firm Kestrel Technologies and Orbis "
              "Software.",
              "PARTNERS_WITH") == std::set<Triple>{{"Kestrel Technologies", "PARTNERS_WITH", "Orbis Software"}});
  // A deal to merge is none; nor is an alliance being dissolved.
  CHECK(Facts("Kestrel Technologies and Orbis Software signed a deal to merge.", "PARTNERS_WITH").empty());
  CHECK(Facts("Fiat reached an agreement with GM to dissolve an alliance.", "PARTNERS_WITH").empty());
  // A partner one could be is none yet.
  CHECK(Facts("Kestrel Technologies, which is proud of its history, is an obvious partner for Orbis Software.",
              "PARTNERS_WITH")
            .empty());
}

TEST_CASE("a country that owns the partner is no partner", "[extract][rules]") {
  CHECK(Facts("Boeing announced a deal with India's HCL Technologies to develop a platform.", "PARTNERS_WITH") ==
        std::set<Triple>{{"Boeing", "PARTNERS_WITH", "HCL Technologies"}});
  CHECK(Facts("Boeing announced a deal with India's largest airline.", "PARTNERS_WITH").empty());
  CHECK(Facts("Boeing has partnered with India's biggest carrier.", "PARTNERS_WITH").empty());
  CHECK(Facts("Boeing has partnered with India on engines.", "PARTNERS_WITH") ==
        std::set<Triple>{{"Boeing", "PARTNERS_WITH", "India"}});
}

TEST_CASE("supplies: goods made for a buyer, a part supplied by a maker; not an ended supply or a firm's own unit",
          "[extract][rules]") {
  CHECK(Facts("Brontal Motors has been making cars for Pelham Motors since 2003.", "SUPPLIES") ==
        std::set<Triple>{{"Brontal Motors", "SUPPLIES", "Pelham Motors"}});
  CHECK(Facts("Velmora Motors recalled all cars equipped with a faulty pump supplied by parts maker Orbis Software.",
              "SUPPLIES") == std::set<Triple>{{"Orbis Software", "SUPPLIES", "Velmora Motors"}});
  CHECK(Facts("The agency said Lumora Technologies, the largest drone producer, supplies drones to Pelham Motors.",
              "SUPPLIES") == std::set<Triple>{{"Lumora Technologies", "SUPPLIES", "Pelham Motors"}});
  CHECK(Facts("Brontal Motors makes cars for the US market. Brontal Motors is to stop making engines for Pelham "
              "Motors. Velmora Motors makes engines for its Pelham Motors unit.",
              "SUPPLIES")
            .empty());
  CHECK(Facts("Velmora Motors denied that the pump was supplied by Orbis Software.", "SUPPLIES").empty());
}

TEST_CASE("goods bought from a firm are supplied by it, not the firm bought; brands bought are neither",
          "[extract][rules]") {
  const std::string jets = "Orbis Group bought two jets from Kestrel Technologies in 2003.";
  CHECK(Facts(jets, "SUPPLIES") == std::set<Triple>{{"Kestrel Technologies", "SUPPLIES", "Orbis Group"}});
  CHECK(Facts(jets, "ACQUIRES").empty());
  const std::string labels = "Orbis Group bought two cosmetics labels from Kestrel Technologies in 2003.";
  CHECK(Facts(labels, "SUPPLIES").empty());
  CHECK(Facts(labels, "ACQUIRES").empty());
  // The firm itself bought from its owner is still bought.
  CHECK(Facts("Orbis Group bought Kestrel Technologies from Harwell Capital in 2003.", "ACQUIRES") ==
        std::set<Triple>{{"Orbis Group", "ACQUIRES", "Kestrel Technologies"}});
}

}  // namespace
}  // namespace newsgraph
