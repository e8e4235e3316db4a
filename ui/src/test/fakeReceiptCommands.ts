import type { AppError } from "../bindings";
import { importLedger, ledgerEntries, ledgerTemplates, type LedgerCount, type LedgerState } from "./fakeLedger";
import { importEvents, importSandboxEvents, type FakePushFile, type IntakeState, type StoredPush } from "./fakePushIntake";
import { pushKeysStatus, setPushKeys, type PushKeysState } from "./fakePushKeys";

/** The fake backend's event pushes, push keys and ledger. */
export type ReceiptFields = {
  /** What the native dialog of `pick_event_files` returns. */
  pickedEventFiles: string[] | null;
  /** What `import_events` reads at a path (see `fakePushIntake`); a path not listed does not exist. */
  pushFiles: Record<string, FakePushFile>;
  /** Every push taken in, by account id: receipts (matched to `logEntries`) and subscription events. */
  pushEvents: Record<number, StoredPush[]>;
  /** The fake keyring's message-push keys by account id (`push_keys_status`, `set_push_keys`). */
  pushKeys: Record<number, { token: string; aesKey: string }>;
  /** Balances imported from the company's own count, by account id (`import_ledger`). */
  ledgerCounts: Record<number, LedgerCount[]>;
  /** What `import_ledger` reads at a path (a CSV's text); a path not listed does not exist. */
  ledgerFiles: Record<string, string>;
};

/** Nothing imported, no push keys, no dialog answer. */
export function noReceipts(): ReceiptFields {
  return { pickedEventFiles: null, pushFiles: {}, pushEvents: {}, pushKeys: {}, ledgerCounts: {}, ledgerFiles: {} };
}

/** What the receipt and ledger commands need of the fake backend. */
type ReceiptState = IntakeState & LedgerState & PushKeysState & ReceiptFields;

/**
 * The commands of `src-tauri/src/commands/events.rs` (event pushes, push keys, the ledger):
 * the answer, which may be an error, or `undefined` for a command that is not one of them.
 */
export function receiptCommand(state: ReceiptState, cmd: string, args: unknown): { result: unknown } | undefined {
  const { accountId } = args as { accountId: number };
  switch (cmd) {
    case "pick_event_files":
      return { result: state.pickedEventFiles };
    case "import_events":
      return { result: importEvents(state, accountId, (args as { files: string[] }).files) };
    case "import_sandbox_events":
      return { result: importSandboxEvents(state, accountId) };
    case "push_keys_status":
      return { result: pushKeysStatus(state, accountId) };
    case "set_push_keys": {
      const { token, aesKey } = args as { token: string | null; aesKey: string | null };
      return { result: setPushKeys(state, accountId, token, aesKey) };
    }
    case "ledger_templates":
      return { result: ledgerTemplates(state, accountId) };
    case "ledger_entries": {
      const { templateId, openid, limit } = args as { templateId: string | null; openid: string | null; limit: number };
      return { result: ledgerEntries(state, accountId, templateId, openid, limit) };
    }
    case "import_ledger":
      return { result: importLedger(state, accountId, (args as { path: string }).path) satisfies number | AppError };
    default:
      return undefined;
  }
}
