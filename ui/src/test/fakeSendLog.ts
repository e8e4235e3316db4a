/** The send log's commands of the fake backend, answered as the store's queries would. */
import type { DeliveryFilter, ErrcodeTotal, LogCursor, LogDetail, LogEntry, LogFilter, LogPage, LogTotals } from "../bindings";
import type { FakeBackend } from "./fakeBackend";

/** The receipt fields of an attempt no delivery receipt has reached yet (every attempt until an intake). */
export const NO_RECEIPT: Pick<LogEntry, "delivery" | "deliveryCode" | "deliveryStatus" | "deliveryAt" | "confirmedByReceipt"> = {
  delivery: null,
  deliveryCode: null,
  deliveryStatus: null,
  deliveryAt: null,
  confirmedByReceipt: false,
};

/** `store/sendlog/sql.rs` `where_of`: the delivery filter ("no receipt" is a sent attempt without one). */
function matchesDelivery(entry: LogEntry, delivery: DeliveryFilter | null | undefined): boolean {
  if (delivery == null) return true;
  if (delivery === "no_receipt") return entry.status === "sent" && entry.delivery === null;
  return entry.delivery === delivery;
}

/** Whether a log entry passes a filter, as the store's query would decide. */
export function matchesLogFilter(entry: LogEntry, filter: LogFilter): boolean {
  const openid = filter.openid ?? null;
  return (
    (filter.accountId == null || entry.accountId === filter.accountId) &&
    (filter.campaignId == null || entry.campaignId === filter.campaignId) &&
    (filter.templateId == null || entry.templateId === filter.templateId) &&
    (filter.status == null || filter.status.length === 0 || filter.status.includes(entry.status)) &&
    (filter.errcode == null || entry.errcode === filter.errcode) &&
    (openid === null || (filter.openidPrefix ? entry.openid.startsWith(openid) : entry.openid === openid)) &&
    (filter.fromMs == null || entry.startedAt >= filter.fromMs) &&
    (filter.toMs == null || entry.startedAt < filter.toMs) &&
    matchesDelivery(entry, filter.delivery) &&
    (filter.channel == null || entry.channel === filter.channel)
  );
}

const newestFirst = (a: LogEntry, b: LogEntry) => b.startedAt - a.startedAt || b.id - a.id;

/** `log_page`: newest first, keyset pagination on (startedAt, id). */
export function fakeLogPage(entries: readonly LogEntry[], filter: LogFilter, cursor: LogCursor | null, limit: number): LogPage {
  const rows = entries
    .filter((e) => matchesLogFilter(e, filter))
    .sort(newestFirst)
    .filter((e) => !cursor || e.startedAt < cursor.startedAt || (e.startedAt === cursor.startedAt && e.id < cursor.id));
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { entries: page, nextCursor: rows.length > limit && last ? { startedAt: last.startedAt, id: last.id } : null };
}

/**
 * `log_totals`: by status and (for attempts not sent) by errcode, most frequent first; and what
 * the receipts say of the sent ones (every attempt with a receipt is a sent one).
 */
export function fakeLogTotals(entries: readonly LogEntry[], filter: LogFilter): LogTotals {
  const rows = entries.filter((e) => matchesLogFilter(e, filter));
  const byStatus = new Map<LogEntry["status"], number>();
  const byErrcode = new Map<number | null, ErrcodeTotal>();
  for (const row of rows) {
    byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + 1);
    if (row.status === "sent") continue;
    const group = byErrcode.get(row.errcode) ?? { errcode: row.errcode, count: 0, explanation: row.explanation };
    group.count += 1;
    byErrcode.set(row.errcode, group);
  }
  const delivered = rows.filter((row) => row.delivery === "delivered").length;
  const deliveryFailed = rows.filter((row) => row.delivery === "delivery_failed").length;
  return {
    total: rows.length,
    byStatus: [...byStatus].map(([status, count]) => ({ status, count })).sort((a, b) => b.count - a.count),
    byErrcode: [...byErrcode.values()].sort((a, b) => b.count - a.count),
    delivery: { delivered, deliveryFailed, noReceipt: Math.max(0, (byStatus.get("sent") ?? 0) - delivered - deliveryFailed) },
  };
}

export function fakeLogDetail(backend: FakeBackend, entry: LogEntry): LogDetail {
  const data = Object.fromEntries(entry.values.map(({ key, value }) => [key, { value }]));
  const body = backend.logBodies[entry.id] ?? {
    request: JSON.stringify({ touser: entry.openid, template_id: entry.templateId, page: entry.page ?? undefined, data }),
    response:
      entry.status === "sent"
        ? `{"errcode":0,"errmsg":"ok","msgid":${entry.msgid ?? "0"}}`
        : entry.errcode !== null
          ? JSON.stringify({ errcode: entry.errcode, errmsg: entry.errmsg ?? "" })
          : null,
  };
  const history = backend.logEntries
    .filter((e) => e.campaignId === entry.campaignId && e.openid === entry.openid)
    .sort((a, b) => a.attemptNo - b.attemptNo || a.id - b.id);
  return { entry, request: body.request, response: body.response, history };
}
