import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { call, commands, type NoticeSettingsInput } from "../../ipc";

export const noticeSettingsQueryKey = ["noticeSettings"] as const;
export const backgroundSettingsQueryKey = ["backgroundSettings"] as const;

/** The notice settings: desktop notifications, the group robot, whether its address is saved (never the address). */
export function useNoticeSettings() {
  return useQuery({
    queryKey: noticeSettingsQueryKey,
    queryFn: () => call(commands.noticeSettings()),
    staleTime: 0,
    meta: { silentError: true },
  });
}

/** Saves them; a new webhook address goes to the OS keyring. Refusals are shown on the card. */
export function useSaveNoticeSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NoticeSettingsInput) => call(commands.saveNoticeSettings(input)),
    onSuccess: (settings) => queryClient.setQueryData(noticeSettingsQueryKey, settings),
    meta: { silentError: true },
  });
}

/** Posts a test notice to the saved robot; the answer is also the settings' last delivery. */
export function useTestRobot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(commands.testRobot()),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: noticeSettingsQueryKey }),
    meta: { silentError: true },
  });
}

/** Whether the app starts at login, and whether anything is scheduled or sending now. */
export function useBackgroundSettings() {
  return useQuery({
    queryKey: backgroundSettingsQueryKey,
    queryFn: () => call(commands.backgroundSettings()),
    staleTime: 0,
    meta: { silentError: true },
  });
}

/** Starts the app at login (in the tray), or stops doing so. A failure is shown by the error notifier. */
export function useSetStartAtLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) => call(commands.setStartAtLogin(enabled)),
    onSuccess: (settings) => queryClient.setQueryData(backgroundSettingsQueryKey, settings),
  });
}
