import type { Campaign } from "../ipc";

/**
 * Whether a campaign the core reports as interrupted at start-up still waits for the user.
 *
 * The core's list is fixed for the whole run of the app, so the UI must tell when it is
 * settled: starting any run clears the `interrupted` reason (a resume, a resend), and what
 * the interruption left behind is only pending rows to resume or unknown rows to decide on;
 * which of those exist is what the core's `actions` say (the UI never decides the lifecycle).
 */
export function awaitsUserAfterInterruption(campaign: Campaign): boolean {
  return (
    campaign.statusReason?.kind === "interrupted" &&
    campaign.actions.some((action) => action === "resume" || action === "resend_unknown")
  );
}
