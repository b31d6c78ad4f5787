// The http step's toolkit in one include: the call and its outcome (http_call.h), the
// client that sends it (http_client.h), URL encoding (url_encoding.h), JSON answers to
// slots and options (json_pointer_mapping.h) and JSON request bodies (json_body.h).
#pragma once

#include "actions/http_call.h"
#include "actions/http_client.h"
#include "actions/json_body.h"
#include "actions/json_pointer_mapping.h"
#include "actions/url_encoding.h"
