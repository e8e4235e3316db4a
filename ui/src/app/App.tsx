import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { HashRouter } from "react-router";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { SelectedAccountProvider } from "../features/accounts/SelectedAccountContext";
import { LogViewMemoryProvider } from "../features/sendlog/logViewMemory";
import { createQueryClient } from "../ipc";
import { AppShell } from "./AppShell";
import { PreferencesGate } from "./PreferencesGate";
import { UnsavedWorkProvider } from "./unsavedWork/UnsavedWorkProvider";

/** The whole app. Served from tauri://localhost, so routes live in the URL hash. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <PreferencesGate>
          <SelectedAccountProvider>
            <HashRouter>
              <UnsavedWorkProvider>
                <LogViewMemoryProvider>
                  <AppShell />
                </LogViewMemoryProvider>
              </UnsavedWorkProvider>
            </HashRouter>
          </SelectedAccountProvider>
        </PreferencesGate>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
