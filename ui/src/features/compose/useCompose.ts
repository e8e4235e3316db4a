import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import {
  call,
  commands,
  reportError,
  type ComposeDraft,
  type MessageSpec,
  type SendNowRequest,
  type TestRecipient,
} from "../../ipc";

/** How long typing must pause before the message is checked. */
export const CHECK_DEBOUNCE_MS = 150;
/** How long changes must pause before the draft is saved. */
export const DRAFT_DEBOUNCE_MS = 500;

/** `value`, once it has stopped changing for `ms`. Use with strings (or other primitives). */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export const composeDraftQueryKey = ["composeDraft"] as const;

/** The saved Compose draft (one for the whole app). Read once per visit; errors start empty. */
export function useComposeDraft() {
  return useQuery({
    queryKey: composeDraftQueryKey,
    queryFn: () => call(commands.getComposeDraft()),
    staleTime: Infinity,
    meta: { silentError: true },
  });
}

/** Saves the draft and keeps the cached copy in step, so a later visit restores it. */
export async function persistComposeDraft(queryClient: QueryClient, draft: ComposeDraft): Promise<void> {
  try {
    await call(commands.saveComposeDraft(draft));
    queryClient.setQueryData(composeDraftQueryKey, draft);
  } catch (error) {
    reportError(error);
  }
}

export type CheckInput = {
  templateId: string;
  message: MessageSpec;
  placeholders: Record<string, string>;
};

/**
 * Checks the message against its template's rules (in Rust) once typing pauses. `fresh` says
 * the answer is for exactly the current input, which is what sending requires.
 */
export function useMessageCheck(accountId: number, input: CheckInput | null) {
  const key = input ? JSON.stringify(input) : null;
  const debounced = useDebouncedValue(key, CHECK_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ["checkMessage", accountId, debounced],
    queryFn: () => {
      const parsed = JSON.parse(debounced ?? "null") as CheckInput;
      return call(commands.checkMessage(accountId, parsed.templateId, parsed.message, parsed.placeholders));
    },
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    // Shown inline under the form.
    meta: { silentError: true },
  });
  const fresh = key !== null && key === debounced && query.isSuccess && !query.isPlaceholderData;
  return { ...query, fresh };
}

export const testRecipientsQueryKey = (accountId: number) => ["testRecipients", accountId] as const;

/** The account's test openids. */
export function useTestRecipients(accountId: number | null) {
  return useQuery({
    queryKey: testRecipientsQueryKey(accountId ?? -1),
    queryFn: () => call(commands.listTestRecipients(accountId ?? -1)),
    enabled: accountId !== null,
  });
}

/** Replaces the account's test openids. Errors (e.g. a bad openid) are shown by the card. */
export function useSetTestRecipients(accountId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (recipients: TestRecipient[]) => call(commands.setTestRecipients(accountId, recipients)),
    onSuccess: (_data, recipients) => queryClient.setQueryData(testRecipientsQueryKey(accountId), recipients),
    meta: { silentError: true },
  });
}

/** Sends now to one openid or to the test list. Errors are shown under the send button. */
export function useSendNow() {
  return useMutation({
    mutationFn: (request: SendNowRequest) => call(commands.sendNow(request)),
    meta: { silentError: true },
  });
}
