# cmake -DDIR=<dir> -DOUT=<dir> -DTABLE=<name> -P EmbedDirectory.cmake
# Run at build time (the files are known only once they are built, their names hashed):
# writes OUT/TABLE.S and OUT/TABLE.cpp that compile every file under DIR into the binary,
# as EmbedAssets.cmake does (names relative to DIR, each with its gzip copy). An empty or
# missing DIR gives an empty table.
include(${CMAKE_CURRENT_LIST_DIR}/EmbedTable.cmake)
file(MAKE_DIRECTORY "${OUT}/${TABLE}")
set(names "")
if(EXISTS "${DIR}")
  file(GLOB_RECURSE names RELATIVE "${DIR}" "${DIR}/*")
  list(SORT names)
endif()
set(raws "")
set(gzips "")
set(index 0)
foreach(name IN LISTS names)
  set(gz "${OUT}/${TABLE}/${index}.gz")
  execute_process(COMMAND gzip -9 -n -c "${DIR}/${name}" OUTPUT_FILE "${gz}" RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "gzip failed on ${DIR}/${name}")
  endif()
  list(APPEND raws "${DIR}/${name}")
  list(APPEND gzips "${gz}")
  math(EXPR index "${index} + 1")
endforeach()
tessera_embed_table_text(${TABLE} "${names}" "${raws}" "${gzips}" asm_text cpp_text)
file(WRITE "${OUT}/${TABLE}.S" "${asm_text}")
file(WRITE "${OUT}/${TABLE}.cpp" "${cpp_text}")
