// When operators are at work (OperatorHours), and how to tell a customer when they
// will answer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "server/console/console_config.h"

namespace switchboard::server {

// True when `hours` are not configured or `now_ms` falls inside the day's hours.
bool OperatorsWorkAt(const OperatorHours& hours, int64_t now_ms);

// The first moment at or after `now_ms` when operators work; -1 when no day has
// hours. `now_ms` itself when they work now.
int64_t NextOperatorsStart(const OperatorHours& hours, int64_t now_ms);

// "в понедельник в 09:00" / "on Monday at 09:00" for a moment, in the hours' time
// zone; "сегодня в" / "today at" and "завтра в" / "tomorrow at" when it is that
// close. `language` "ru" or anything else for English.
std::string DescribeStart(const OperatorHours& hours, int64_t now_ms, int64_t start_ms,
                          std::string_view language);

}  // namespace switchboard::server
