export { commands } from "../bindings";
export type * from "../bindings";
export { ERROR_CODES, IpcError, call, toIpcError, unwrap } from "./errors";
export { reportError, subscribeErrors } from "./errorBus";
export { createQueryClient } from "./queryClient";
