// Engine-level tests run on both stores: ON_BOTH_STORES(fn, "sentence") { ... }
// defines one test case per store, each handing the body a fresh `store` (the
// memory store, or the Redis store under a key prefix removed afterwards).
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "integration/redis/redis_test_env.h"
#include "switchboard/store.h"

namespace switchboard::testing {

class StoreUnderTest {
 public:
  static StoreUnderTest Memory() { return StoreUnderTest(NewMemoryStore(), ""); }
  static StoreUnderTest Redis() {
    RedisStoreOptions options;
    options.url = TestRedisUrl();
    options.key_prefix = UniquePrefix();
    auto store = NewRedisStore(options);
    REQUIRE_MESSAGE(store.ok(), store.status().ToString());
    return StoreUnderTest(std::move(*store), options.key_prefix);
  }
  StoreUnderTest(StoreUnderTest&&) = default;
  ~StoreUnderTest() {
    store_.reset();
    if (!prefix_.empty()) RawRedis(TestRedisUrl()).DeleteKeys(prefix_);
  }

  Store* get() const { return store_.get(); }
  Store* operator->() const { return store_.get(); }

 private:
  StoreUnderTest(std::unique_ptr<Store> store, std::string prefix)
      : store_(std::move(store)), prefix_(std::move(prefix)) {}
  std::unique_ptr<Store> store_;
  std::string prefix_;
};

}  // namespace switchboard::testing

#define ON_BOTH_STORES(fn, sentence)                                  \
  void fn(switchboard::testing::StoreUnderTest& store);               \
  TEST_CASE("Memory store: " sentence) {                              \
    auto store = switchboard::testing::StoreUnderTest::Memory();      \
    fn(store);                                                        \
  }                                                                   \
  TEST_CASE("Redis store: " sentence) {                               \
    auto store = switchboard::testing::StoreUnderTest::Redis();       \
    fn(store);                                                        \
  }                                                                   \
  void fn(switchboard::testing::StoreUnderTest& store)
