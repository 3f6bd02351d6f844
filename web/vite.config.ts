import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The web app: built into static files that the tessera binary embeds and serves at `/`
// under a strict Content-Security-Policy, so the output holds no inline script or style.
// `--outDir` on the command line overrides the default output folder.
const root = fileURLToPath(new URL(".", import.meta.url));
const api = `http://127.0.0.1:${process.env.TESSERA_PORT || 8000}`;

export default defineConfig({
  root,
  base: "/",
  publicDir: false,
  cacheDir: fileURLToPath(new URL("../node_modules/.vite", import.meta.url)),
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: fileURLToPath(new URL("../build/web", import.meta.url)),
    emptyOutDir: true,
    assetsDir: "assets",
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    sourcemap: false,
    rollupOptions: {
      output: {
        entryFileNames: "assets/[name]-[hash].js",
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
  server: {
    host: "127.0.0.1",
    port: Number(process.env.WEB_DEV_PORT || 5173),
    strictPort: true,
    proxy: Object.fromEntries(
      ["/api", "/healthz", "/readyz", "/docs", "/openapi.json"].map((path) => [path, { target: api }]),
    ),
  },
});
