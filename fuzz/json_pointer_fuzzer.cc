// Fuzz target: a business service's JSON answer. The input is the body given to an
// http step's `save:` pointers and to a choice question's `options_from:`; it is
// also tried as a pointer itself against a fixed answer. Slot mapping with and
// without types must agree on what they find.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actions/json_pointer_mapping.h"
#include "fuzz_check.h"

namespace {

using Save = std::vector<std::pair<std::string, std::string>>;

const Save& FixedSave() {
  // The Studio Lumi flows' own pointers, and a few that escape or index.
  static const Save save = {{"whole", ""},          {"free_slots", "/slots"},
                            {"refused_error", "/error"}, {"booking_id", "/id"},
                            {"service_name_ru", "/service_name/ru"}, {"order_found", "/number"},
                            {"order_status", "/status"}, {"first", "/0"},
                            {"first_time", "/slots/0/time"}, {"escaped", "/a/b~1c/~0d"},
                            {"empty_key", "/"}};
  return save;
}

constexpr std::string_view kFixedBody =
    R"({"id":"B-1001","slots":[{"time":"10:00","free":true},{"time":"11:00"}],)"
    R"("a":{"b/c":{"~d":1.50}},"":{"":null},"status":"sent"})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace switchboard;
  std::string_view input(reinterpret_cast<const char*>(data), size);

  auto mapped = MapJsonResponse(input, FixedSave());
  auto fields = ReadJsonFields(input, FixedSave());
  fuzz::Require(mapped.ok() == fields.ok(), "MapJsonResponse and ReadJsonFields agree on the body");
  if (mapped.ok()) {
    fuzz::Require(mapped.value().size() == fields.value().size(), "both find the same fields");
    for (size_t i = 0; i < mapped.value().size(); ++i) {
      fuzz::Require(mapped.value()[i].first == fields.value()[i].slot &&
                        mapped.value()[i].second == fields.value()[i].text,
                    "both give the same slot values");
    }
  }
  (void)OptionsFromJson(input, "/id", "/name");
  (void)OptionsFromJson(input, "", "");
  (void)OptionsFromJson(input, "/time", "/label/ru");

  if (ValidateJsonPointer(input).ok()) {
    std::string pointer(input);
    auto picked = MapJsonResponse(kFixedBody, {{"slot", pointer}});
    fuzz::Require(picked.ok(), "a valid pointer applies to a valid body");
    (void)OptionsFromJson(R"([{"id":1,"name":"a"},"b",2,null,[3]])", pointer, pointer);
  }
  return 0;
}
