// Lookups on HttpRequest.
#include "adapters/http_types.h"

namespace switchboard::adapters {
namespace {

const std::string& Find(const std::map<std::string, std::string>& map, const std::string& key) {
  static const std::string kEmpty;
  auto it = map.find(key);
  return it == map.end() ? kEmpty : it->second;
}

}  // namespace

const std::string& HttpRequest::Header(const std::string& name) const { return Find(headers, name); }
const std::string& HttpRequest::Query(const std::string& name) const { return Find(query, name); }

}  // namespace switchboard::adapters
