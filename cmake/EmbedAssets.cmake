# tessera_embed_assets(<target> <table name> <file>...)
# Compiles files into the target as read-only data (assembler .incbin, so even megabytes
# cost nothing to compile), each beside a gzip copy, and generates <table name>.cpp with
#   const tessera::EmbeddedAsset <table name>[]; const std::size_t <table name>_count;
# The assembler is run without ccache: ccache would not see the included files' contents.
include(${CMAKE_CURRENT_LIST_DIR}/EmbedTable.cmake)

function(tessera_embed_assets target table)
  set(asm "${CMAKE_CURRENT_BINARY_DIR}/${table}.S")
  set(cpp "${CMAKE_CURRENT_BINARY_DIR}/${table}.cpp")
  set(names "")
  set(gzips "")
  set(deps "")
  foreach(file IN LISTS ARGN)
    get_filename_component(name "${file}" NAME)
    set(gz "${CMAKE_CURRENT_BINARY_DIR}/${table}/${name}.gz")
    add_custom_command(OUTPUT "${gz}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_CURRENT_BINARY_DIR}/${table}"
      COMMAND gzip -9 -n -c "${file}" > "${gz}"
      DEPENDS "${file}" VERBATIM)
    list(APPEND names "${name}")
    list(APPEND gzips "${gz}")
    list(APPEND deps "${file}" "${gz}")
  endforeach()
  tessera_embed_table_text(${table} "${names}" "${ARGN}" "${gzips}" asm_text cpp_text)
  file(GENERATE OUTPUT "${asm}" CONTENT "${asm_text}")
  file(GENERATE OUTPUT "${cpp}" CONTENT "${cpp_text}")
  set_source_files_properties("${asm}" PROPERTIES OBJECT_DEPENDS "${deps}" LANGUAGE ASM)
  target_sources(${target} PRIVATE "${asm}" "${cpp}")
  # Keep the Ninja graph aware of the gzip outputs.
  add_custom_target(${table}_files DEPENDS ${deps})
  add_dependencies(${target} ${table}_files)
endfunction()
