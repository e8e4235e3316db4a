import type { Instant } from "../../i18n/format";
import type { Lang, MessageChannel } from "../../ipc";
import { jumpKindOf } from "./jump";
import { OfficialTemplateCard } from "./OfficialTemplateCard";
import { ServiceNotificationCard, type CardRow } from "./ServiceNotificationCard";
import { formatCardDate } from "./text";

/** What of a message decides how its card looks (a `MessageSpec`, or a send log entry's part of one). */
export type CardMessage = {
  page?: string | null;
  /** A subscribe message's footer language; an Official Account's card has none to choose. */
  lang?: Lang | null;
  url?: string | null;
  miniprogramAppid?: string | null;
};

export type MessageCardProps = {
  /** Which card: a mini program's subscribe message or an Official Account's template message. */
  channel: MessageChannel;
  title: string;
  /** The account's name: the mini program's, or the Official Account's chat. */
  appName: string;
  /** When it is (or was) sent: the card prints the day. */
  sentAt: Instant;
  rows: CardRow[];
  message: CardMessage;
};

/**
 * The card a message shows on the recipient's phone, by the kind of message: a subscribe
 * message in 服务通知, or a template message in the Official Account's chat. For an Official
 * Account, a page without a mini program (a send log entry records only the page) still opens
 * a mini program page: it is never sent otherwise.
 */
export function MessageCard({ channel, title, appName, sentAt, rows, message }: MessageCardProps) {
  if (channel === "template_message") {
    return (
      <OfficialTemplateCard
        title={title}
        accountName={appName}
        date={formatCardDate(sentAt, "zh_CN")}
        rows={rows}
        jump={jumpKindOf(message)}
      />
    );
  }
  const lang = message.lang ?? "zh_CN";
  return (
    <ServiceNotificationCard
      title={title}
      appName={appName}
      date={formatCardDate(sentAt, lang)}
      rows={rows}
      lang={lang}
      hasPage={(message.page ?? "").trim() !== ""}
    />
  );
}
