#pragma once
// The tables of Tessera, declared once: the mappers write their SQL from these names, the
// first migration creates them and `db revision --autogenerate` compares them with the live
// catalog.

#include "db/schema_model.hpp"

namespace tessera::mappers {

const db::Table& users_table();
const db::Table& images_table();
const db::Table& image_variants_table();
const db::Table& task_outbox_table();
const db::Table& recovery_codes_table();

// Every table, each after the tables it references.
const db::SchemaModel& declared_schema();

}  // namespace tessera::mappers
