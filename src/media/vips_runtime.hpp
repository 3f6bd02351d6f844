#pragma once
// libvips, started once per process. Every function of this folder calls init_vips() itself;
// main calls it first only to choose the concurrency.

namespace tessera::media {

// Starts libvips with server settings: no operation cache (a long-running process would
// only grow it), untrusted loaders blocked, and only the JPEG, PNG, WebP and GIF loaders
// allowed at all. `concurrency` is the number of threads one image pipeline may use; 0
// keeps libvips' default (VIPS_CONCURRENCY, else the core count). A worker that already
// runs one task per core gains little from more than 1. Only the first call's argument
// counts; later calls return at once. Throws std::runtime_error when libvips cannot start
// (the next call tries again).
void init_vips(int concurrency = 0);

// Stops libvips' threads and frees its caches, at process exit. Nothing of this folder may
// be used afterwards (libvips cannot be started twice). Does nothing if never started.
void shutdown_vips();

}  // namespace tessera::media
