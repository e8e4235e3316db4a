import { useQuery } from "@tanstack/react-query";
import { call, commands } from "../../ipc";

export const appInfoQueryKey = ["appInfo"] as const;

/** Version and paths of this installation; they do not change while the app runs. */
export function useAppInfo() {
  return useQuery({
    queryKey: appInfoQueryKey,
    queryFn: () => call(commands.appInfo()),
    staleTime: Infinity,
    // Shown inline on the About card.
    meta: { silentError: true },
  });
}
