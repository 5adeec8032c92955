// Pins the on-disk encodings (graph/coding.h, graph/property.h, base/hash.h):
// a change here is a change of file format.
#include <catch2/catch.hpp>

#include "base/hash.h"
#include "graph/coding.h"
#include "graph/keys.h"
#include "graph/property.h"

namespace newsgraph {

TEST_CASE("fixed64 is big-endian so ids sort as keys", "[coding]") {
  std::string a, b;
  PutFixed64BE(&a, 0x0102030405060708ULL);
  REQUIRE(a == std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  PutFixed64BE(&b, 255);
  std::string c;
  PutFixed64BE(&c, 256);
  REQUIRE(b < c);
  std::string_view in(a);
  uint64_t v;
  REQUIRE(GetFixed64BE(&in, &v));
  REQUIRE(v == 0x0102030405060708ULL);
  REQUIRE(in.empty());
  std::string_view short_input("\x01\x02", 2);
  REQUIRE_FALSE(GetFixed64BE(&short_input, &v));
}

TEST_CASE("varints round-trip and reject truncation", "[coding]") {
  for (uint64_t v : {0ULL, 1ULL, 127ULL, 128ULL, 300ULL, 1ULL << 35, ~0ULL}) {
    std::string s;
    PutVarint64(&s, v);
    std::string_view in(s);
    uint64_t got;
    REQUIRE(GetVarint64(&in, &got));
    REQUIRE(got == v);
    REQUIRE(in.empty());
  }
  std::string s;
  PutVarint64(&s, 300);
  REQUIRE(s == "\xAC\x02");
  std::string_view truncated(s.data(), 1);
  uint64_t got;
  REQUIRE_FALSE(GetVarint64(&truncated, &got));
}

TEST_CASE("escaped strings keep sort order and survive NUL bytes", "[coding]") {
  std::string a, b, c;
  PutEscaped(&a, std::string("ab", 2));
  PutEscaped(&b, std::string("ab\0c", 4));
  PutEscaped(&c, std::string("abc", 3));
  REQUIRE(a == std::string("ab\0\x01", 4));
  REQUIRE(b == std::string("ab\0\xFF" "c\0\x01", 7));
  REQUIRE(a < b);
  REQUIRE(b < c);
  std::string_view in(b);
  std::string out;
  REQUIRE(GetEscaped(&in, &out));
  REQUIRE(out == std::string("ab\0c", 4));
  std::string_view bad("ab\0\x05", 4);
  REQUIRE_FALSE(GetEscaped(&bad, &out));
}

TEST_CASE("property values round-trip with their types", "[coding]") {
  Properties props = {{"name", "Hikvision"}, {"count", int64_t{-42}}, {"score", 0.25},
                      {"listed", true},      {"none", PropertyValue()},
                      {"aliases", PropertyList{"Hikivision", int64_t{7}, PropertyList{false}}}};
  std::string encoded;
  EncodeProperties(props, &encoded);
  std::string_view in(encoded);
  Properties decoded;
  REQUIRE(DecodeProperties(&in, &decoded));
  REQUIRE(in.empty());
  REQUIRE(decoded == props);
  // Truncated input is an error, never a crash.
  for (size_t cut = 0; cut < encoded.size(); ++cut) {
    std::string_view part(encoded.data(), cut);
    Properties ignored;
    REQUIRE_FALSE((DecodeProperties(&part, &ignored) && part.empty() && ignored == props));
  }
}

TEST_CASE("content hash is stable across runs", "[coding]") {
  // Pinned: stored databases identify articles by this value.
  REQUIRE(ContentHash("") == ContentHash(""));
  REQUIRE(ContentHash("abc").size() == 32);
  REQUIRE(ContentHash("abc") != ContentHash("abd"));
  REQUIRE(ContentHash("The U.S. plans") == "860f957fa72c8b678bb9d7bf65e542bd");
}

TEST_CASE("property index keys: typed values, numbers by value, then the node id", "[coding]") {
  REQUIRE(keys::ColumnFamilyNames()[keys::kPropertyIndex] == "property_index");
  REQUIRE(keys::IsOptionalColumnFamily(keys::kPropertyIndex));
  REQUIRE_FALSE(keys::IsOptionalColumnFamily(keys::kNodes));
  auto key = [](const PropertyValue& v) {
    std::string k;
    REQUIRE(keys::IndexValue(v, &k));
    return k;
  };
  // Integer 42 and float 42.0 share a key (Cypher: 42 = 42.0); string "42" differs.
  REQUIRE(key(int64_t{42}) == std::string("\x03\xC0\x45\x00\x00\x00\x00\x00\x00", 9));
  REQUIRE(key(42.0) == key(int64_t{42}));
  REQUIRE(key("42") == std::string("\x05" "42\x00\x01", 5));
  REQUIRE(key(false) == std::string("\x01", 1));
  REQUIRE(key(true) == std::string("\x02", 1));
  REQUIRE(key(-1.0) == std::string("\x03\x40\x0F\xFF\xFF\xFF\xFF\xFF\xFF", 9));
  REQUIRE(key(-0.0) == key(int64_t{0}));
  // Numbers sort numerically.
  REQUIRE(key(-5.5) < key(int64_t{-1}));
  REQUIRE(key(int64_t{-1}) < key(int64_t{0}));
  REQUIRE(key(int64_t{2}) < key(int64_t{10}));
  std::string unused;
  REQUIRE_FALSE(keys::IndexValue(PropertyValue(), &unused));
  REQUIRE_FALSE(keys::IndexValue(PropertyList{1, 2}, &unused));
  REQUIRE(unused.empty());

  Node n;
  n.id = 7;
  n.labels = {"Company", "Provider"};
  n.properties = {{"id", int64_t{42}}, {"name", "Acme"}, {"tags", PropertyList{"a"}}};
  std::vector<std::string> out;
  keys::PropertyIndexKeys({{"Company", "id"}, {"Person", "id"}, {"Company", "tags"}, {"Provider", "name"}}, n, &out);
  REQUIRE(out == std::vector<std::string>{
                     std::string("Company\x00\x01id\x00\x01\x03\xC0\x45\x00\x00\x00\x00\x00\x00", 22) +
                         std::string("\x00\x00\x00\x00\x00\x00\x00\x07", 8),
                     std::string("Provider\x00\x01name\x00\x01\x05" "Acme\x00\x01", 23) +
                         std::string("\x00\x00\x00\x00\x00\x00\x00\x07", 8)});
  REQUIRE(keys::PropertyIndexCatalog({"Company", "id"}) == std::string("property_index:Company\x00\x01id\x00\x01", 28));
  PropertyIndex back;
  REQUIRE(keys::ParsePropertyIndexCatalog(keys::PropertyIndexCatalog({"Company", "id"}), &back));
  REQUIRE(back == PropertyIndex{"Company", "id"});
}

}  // namespace newsgraph
