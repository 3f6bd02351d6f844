#pragma once
// The envelope and header addresses of our messages: bare "local@domain", no display name.

#include <string_view>

namespace tessera::mail {

// Plausible as an address for MAIL FROM / RCPT TO and the From and To fields: one '@' with
// something on both sides, a domain without empty labels, at most 254 bytes, and none of the
// characters that would smuggle in a second address, a display name or a header line
// (whitespace, controls, <>()[],;:\"). Non-ASCII bytes pass (internationalised addresses;
// the server decides). A guard against header injection and garbage, not a validator: the
// API validates addresses when it accepts them, and the server has the last word.
bool is_plausible_address(std::string_view address);

}  // namespace tessera::mail
