#pragma once
// Everything a schema author and a route binder need: rules, decoding, encoding, errors and
// JSON Schema.

#include "schema/body.hpp"          // IWYU pragma: export
#include "schema/constraints.hpp"   // IWYU pragma: export
#include "schema/decode.hpp"        // IWYU pragma: export
#include "schema/email.hpp"         // IWYU pragma: export
#include "schema/encode.hpp"        // IWYU pragma: export
#include "schema/error.hpp"         // IWYU pragma: export
#include "schema/error_detail.hpp"  // IWYU pragma: export
#include "schema/json_schema.hpp"   // IWYU pragma: export
#include "schema/registry.hpp"      // IWYU pragma: export
#include "schema/rules.hpp"         // IWYU pragma: export
