# `cpack -G DEB` (from the release build folder): tessera_<version>_amd64.deb with the
# binary, the migrations, the systemd units and an example settings file. Its library
# dependencies are computed from the binary by dpkg-shlibdeps (package dpkg-dev).

install(TARGETS tessera RUNTIME DESTINATION bin)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/migrations/ DESTINATION share/tessera/migrations
        FILES_MATCHING PATTERN "*.sql" PATTERN "README.md")
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/tessera)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/tessera-api.service
              ${PROJECT_SOURCE_DIR}/deploy/systemd/tessera-worker.service
              ${PROJECT_SOURCE_DIR}/deploy/systemd/tessera-migrate.service
        DESTINATION lib/systemd/system)
# An absolute destination: configuration lives in /etc whatever the prefix.
install(FILES ${PROJECT_SOURCE_DIR}/deploy/debian/tessera.env DESTINATION /etc/tessera)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tessera)
set(CPACK_PACKAGE_VENDOR "Tessera")
set(CPACK_PACKAGE_CONTACT "Tessera maintainers <maintainers@tessera.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # tessera_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql-15, redis-server")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/deploy/debian/postinst
    ${PROJECT_SOURCE_DIR}/deploy/debian/postrm
    ${PROJECT_SOURCE_DIR}/deploy/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
