import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { call, commands, type TeamLink, type TeamRole, type TeamStatus } from "../../ipc";

export const teamStatusQueryKey = ["teamStatus"] as const;
export const teamLinkQueryKey = ["teamLink"] as const;

/** The roles, lowest first: each may do everything the ones before it may (as the core's `TeamRole`). */
export const TEAM_ROLES = ["viewer", "author", "sender", "admin"] as const satisfies readonly TeamRole[];

/**
 * Whether `role` may do what `needed` may. `null` is the desk's own file (or a shared store
 * without a team), where the person may do everything; the database refuses the rest anyway.
 */
export function may(role: TeamRole | null | undefined, needed: TeamRole): boolean {
  return role == null || TEAM_ROLES.indexOf(role) >= TEAM_ROLES.indexOf(needed);
}

/**
 * Where this desk works and as whom. The store is chosen at start, so the answer holds for the
 * whole run (the app waits for it before it shows the pages); `fresh` reads it again, for the
 * Settings card (another admin may have changed the approval threshold).
 */
export function useTeamStatus({ enabled = true, fresh = false }: { enabled?: boolean; fresh?: boolean } = {}) {
  return useQuery({
    queryKey: teamStatusQueryKey,
    queryFn: () => call(commands.teamStatus()),
    staleTime: fresh ? 0 : Infinity,
    enabled,
  });
}

/**
 * The person's role in the team; `null` on the desk's own file, where they may do everything.
 * Also `null` while unknown: the pages wait for it at start, and the database refuses whatever
 * a role does not allow in any case.
 */
export function useTeamRole(): TeamRole | null {
  return useTeamStatus().data?.role ?? null;
}

/** The team's store this desk signs in to at start, if any (also when it could not). */
export function useTeamLink({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: teamLinkQueryKey,
    queryFn: () => call(commands.teamLink()),
    staleTime: 0,
    enabled,
    // Shown where it is used (the Settings card, the start-up error screen).
    meta: { silentError: true },
  });
}

/** Signs in to a team's store; kept for the next start when it works. Refusals are shown on the card. */
export function useJoinTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ link, password }: { link: TeamLink; password: string }) => call(commands.joinTeam(link, password)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: teamLinkQueryKey }),
    meta: { silentError: true },
  });
}

/** Goes back to this computer's own data at the next start. */
export function useLeaveTeam({ silentError = true }: { silentError?: boolean } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(commands.leaveTeam()),
    onSuccess: () => queryClient.setQueryData<TeamLink | null>(teamLinkQueryKey, null),
    meta: { silentError },
  });
}

/** Sets the recipient count above which a campaign needs another sender's approval (an admin's). */
export function useSetApprovalThreshold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (recipients: number) => call(commands.setApprovalThreshold(recipients)),
    onSuccess: (status) => queryClient.setQueryData<TeamStatus>(teamStatusQueryKey, status),
    meta: { silentError: true },
  });
}

/** Starts Pushdesk again, so that a team joined or left is used. A failure is shown by the error notifier. */
export function useRestartApp() {
  return useMutation({ mutationFn: () => commands.restartApp() });
}

/** What the new-campaign wizard says on its start button and in its confirmation. */
type StartWords = { start: string; title: string; hint: string; ok: (count: number) => string };

/**
 * The wizard's words for sending now, as a person below sender says them: the campaign is made
 * and waits, ready, for a sender of the team to start it (the core's `send_draft` does so).
 * Other words (a schedule, a sender's) are left as they are.
 */
export function useForSenderWords() {
  const { t } = useTranslation();
  const role = useTeamRole();
  return <W extends StartWords>(words: W, when: string): W =>
    may(role, "sender") || when !== "now"
      ? words
      : { ...words, start: t("team.wizardStart"), title: t("team.wizardTitle"), hint: t("team.wizardHint"), ok: () => t("team.wizardStart") };
}
