export {
  ARCHIVABLE_STATUSES,
  CAMPAIGN_RULES,
  CONCURRENCY_LIMITS,
  DEFAULT_APPROVAL_THRESHOLD,
  DEFAULT_GRACE_MINUTES,
  DEFAULT_WINDOW,
  KEYWORD_BUDGETS,
  MAX_GRACE_MINUTES,
  RATE_LIMITS,
  commands,
} from "../bindings";
export type * from "../bindings";
export { ERROR_CODES, IpcError, call, toIpcError, unwrap, type Result } from "./errors";
export { reportError, subscribeErrors } from "./errorBus";
export { createQueryClient } from "./queryClient";
