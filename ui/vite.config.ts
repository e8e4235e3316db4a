/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The UI is served by Tauri from tauri://localhost (WebKitGTK on Linux, WKWebView on macOS,
// WebView2 on Windows). Everything is bundled locally: no CDN, no remote fonts.
export default defineConfig({
  plugins: [react()],
  base: "./",
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    host: "127.0.0.1",
    watch: { ignored: ["**/src-tauri/**"] },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.50 ≈ Safari 18; safari16 keeps a safe margin for older macOS WebViews.
    target: ["safari16", "chrome110", "edge110"],
    // No inline polyfill script: the CSP forbids inline scripts and all targets support modulepreload.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URIs; the CSP only allows 'self'.
    assetsInlineLimit: 0,
    sourcemap: false,
    // A desktop app loads its bundle from disk: chunk size is not a network concern.
    chunkSizeWarningLimit: 2500,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    restoreMocks: true,
    // Every core: Vitest's default leaves one idle, which on a 2-core CI machine runs the files
    // one at a time (9½ minutes against 5½).
    maxWorkers: "100%",
    // A guard against hangs, not a speed check: rendering antd in jsdom on a busy 2-core CI
    // machine takes some tests 20 s.
    testTimeout: 60000,
  },
});
