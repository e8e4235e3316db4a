import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { applyLanguage } from "../../i18n";
import { call, commands, type Preferences } from "../../ipc";
import { applyDocumentTheme } from "./theme";

export const preferencesQueryKey = ["preferences"] as const;

/** Makes the document match the preferences (language of strings, colour scheme). */
function applyPreferences(prefs: Preferences): void {
  applyLanguage(prefs.language);
  applyDocumentTheme(prefs.theme);
}

/**
 * The stored preferences. Loaded once at start-up (the app waits for them, so the saved language
 * is in place before anything is painted); afterwards the UI owns every change.
 */
export function usePreferences() {
  return useQuery({
    queryKey: preferencesQueryKey,
    queryFn: async () => {
      const prefs = await call(commands.getPreferences());
      applyPreferences(prefs);
      return prefs;
    },
    staleTime: Infinity,
    // The start-up screen shows this error itself.
    meta: { silentError: true },
  });
}

/** The preferences, for components rendered after start-up (when they are always loaded). */
export function useLoadedPreferences(): Preferences {
  const { data } = usePreferences();
  if (!data) throw new Error("preferences are used before they were loaded");
  return data;
}

/**
 * Changes some preferences: applied at once (optimistically), saved through `set_preferences`,
 * rolled back if saving fails. Saves run one after another so the last change always wins.
 */
export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    scope: { id: "preferences" },
    mutationFn: (next: Preferences) => call(commands.setPreferences(next)),
    onMutate: async (next: Preferences) => {
      await queryClient.cancelQueries({ queryKey: preferencesQueryKey });
      const previous = queryClient.getQueryData<Preferences>(preferencesQueryKey);
      queryClient.setQueryData(preferencesQueryKey, next);
      applyPreferences(next);
      return { previous };
    },
    onError: (_error, _next, context) => {
      if (context?.previous) {
        queryClient.setQueryData(preferencesQueryKey, context.previous);
        applyPreferences(context.previous);
      }
    },
  });

  const { mutate } = mutation;
  const update = useCallback(
    (patch: Partial<Preferences>) => {
      const current = queryClient.getQueryData<Preferences>(preferencesQueryKey);
      if (!current) return;
      mutate({ ...current, ...patch });
    },
    [mutate, queryClient],
  );

  return { update, isPending: mutation.isPending };
}
