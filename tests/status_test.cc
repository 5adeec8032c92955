// base/status.h: the macros that return a Status early.
#include <catch2/catch.hpp>

#include <memory>

#include "base/status.h"

namespace newsgraph {
namespace {

Result<std::unique_ptr<int>> Make(int v) {
  if (v < 0) return Status::InvalidArgument("negative: " + std::to_string(v));
  return std::make_unique<int>(v);
}

// Adds the two values, counting how far it got in *reached.
Result<int> Sum(int a, int b, int* reached) {
  *reached = 0;
  NG_ASSIGN_OR_RETURN(std::unique_ptr<int> x, Make(a));
  *reached = 1;
  NG_ASSIGN_OR_RETURN(std::unique_ptr<int> y, Make(b));  // two on one function: distinct temporaries
  *reached = 2;
  return *x + *y;
}

TEST_CASE("NG_ASSIGN_OR_RETURN assigns a value or returns the error unchanged", "[base]") {
  int reached = -1;
  Result<int> ok = Sum(2, 3, &reached);
  REQUIRE(ok.ok());
  REQUIRE(ok.value() == 5);
  REQUIRE(reached == 2);
  Result<int> first = Sum(-1, 3, &reached);
  REQUIRE(first.status().code() == Status::Code::kInvalidArgument);
  REQUIRE(first.status().message() == "negative: -1");
  REQUIRE(reached == 0);
  Result<int> second = Sum(1, -7, &reached);
  REQUIRE(second.status().message() == "negative: -7");
  REQUIRE(reached == 1);
}

}  // namespace
}  // namespace newsgraph
