import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { reportError } from "./errorBus";

declare module "@tanstack/react-query" {
  interface Register {
    queryMeta: QueryMeta;
    mutationMeta: QueryMeta;
  }
}

type QueryMeta = {
  /** Set when the caller shows the error itself (e.g. inline), so no notification is raised. */
  silentError?: boolean;
};

/**
 * One client per app instance. The backend is local, so failures are not transient network
 * blips: no automatic retries, no refetch on focus. Errors are reported once, globally.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (!query.meta?.silentError) reportError(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        if (!mutation.meta?.silentError) reportError(error);
      },
    }),
    defaultOptions: {
      queries: {
        retry: false,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
}
