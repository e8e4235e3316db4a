import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n";
import "./styles.css";
import { App } from "./app/App";

async function start(): Promise<void> {
  // `VITE_MOCK_IPC=1 npm run dev` lets the UI run in a plain browser against a fake backend.
  // Dead code in production builds (import.meta.env.DEV is false there).
  if (import.meta.env.DEV && import.meta.env.VITE_MOCK_IPC === "1") {
    const { installDevBackend } = await import("./test/devBackend");
    installDevBackend();
  }

  const root = document.getElementById("root");
  if (!root) throw new Error("#root is missing from index.html");
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
