/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `1`: run against an in-memory fake backend (browser-only UI work; dev server only). */
  readonly VITE_MOCK_IPC?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
