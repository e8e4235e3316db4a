import { InfoCircleOutlined, LeftOutlined, RightOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { JumpKind } from "./jump";
import type { CardRow } from "./ServiceNotificationCard";
import { hasPlaceholder, segments } from "./text";
import { isFolded, shownValue, withoutEmoji } from "./wechatDisplay";

export type OfficialTemplateCardProps = {
  /** The template title. */
  title: string;
  /** The Official Account's name: the chat the message arrives in. */
  accountName: string;
  /** When it arrives, as the chat prints it (`11月24日`). */
  date: string;
  /** One row per keyword the card shows, in template order (no first line, no remark). */
  rows: CardRow[];
  /** What tapping the card opens: it decides the footer link. */
  jump: JumpKind;
};

/**
 * The footer link WeChat prints for each jump. WeChat's text on the recipient's phone, not
 * Pushdesk's interface, so it does not follow the UI language; "none" has no footer at all.
 */
export const OFFICIAL_FOOTER_TEXT: Record<Exclude<JumpKind, "none">, string> = {
  mini_program: "进入小程序查看",
  web: "详情",
};

/**
 * A faithful picture of a template message in the Official Account's chat, as WeChat shows it
 * since May 2023: the account's chat with its name on top, the card with the title and one
 * "label value" row per keyword (no first line, no remark, colours ignored), each value on one
 * line without emoji and, for a legacy template, folded after 20 characters; a footer link only
 * when the card opens something. Pure: it shows exactly what its props say.
 */
export function OfficialTemplateCard({ title, accountName, date, rows, jump }: OfficialTemplateCardProps) {
  const { t } = useTranslation("compose");
  const initial = [...accountName.trim()][0] ?? "";

  return (
    <div className="pd-wx-chat pd-wx-oa-chat" data-testid="wx-chat" data-channel="template_message">
      <div className="pd-wx-oa-bar">
        <LeftOutlined aria-hidden className="pd-wx-oa-back" />
        <span className="pd-wx-oa-name" data-testid="wx-card-app">
          {accountName}
        </span>
      </div>
      <div className="pd-wx-oa-time" data-testid="wx-card-date">
        {date}
      </div>
      <div className="pd-wx-oa-message">
        <span className="pd-wx-app-icon pd-wx-oa-avatar" aria-hidden>
          {initial}
        </span>
        <article className="pd-wx-card pd-wx-oa-card" lang="zh-CN" aria-label={t("preview.cardLabelOfficial")} data-testid="wx-card">
          <h4 className="pd-wx-title" data-testid="wx-card-title">
            {title}
          </h4>
          <dl className="pd-wx-rows pd-wx-oa-rows">
            {rows.map((row) => (
              <OfficialRow key={row.key} row={row} />
            ))}
          </dl>
          {jump === "none" ? null : (
            <footer className="pd-wx-footer" data-testid="wx-card-footer" data-jump={jump}>
              <span>{OFFICIAL_FOOTER_TEXT[jump]}</span>
              <RightOutlined className="pd-wx-chevron" aria-hidden />
            </footer>
          )}
        </article>
      </div>
      <p className="pd-wx-note" data-testid="wx-card-kind">
        {t("preview.kindOfficial")}
      </p>
      {jump === "none" ? (
        <p className="pd-wx-note" data-testid="wx-card-no-jump">
          <InfoCircleOutlined aria-hidden /> {t("preview.noJump")}
        </p>
      ) : null}
    </div>
  );
}

function OfficialRow({ row }: { row: CardRow }) {
  const shown = shownValue(row.value, row.displayLimit);
  const folded = !hasPlaceholder(row.value) && isFolded(row.value, row.displayLimit);
  return (
    <div className="pd-wx-row" data-testid={`wx-card-row-${row.key}`} data-folded={folded ? "true" : undefined}>
      <dt className="pd-wx-label">{row.label}</dt>
      <dd className="pd-wx-value pd-wx-oa-value" title={row.value || undefined}>
        <OfficialValue value={row.value} shown={shown} />
      </dd>
    </div>
  );
}

/**
 * The value as shown. Unresolved `{{name}}` placeholders stay highlighted and the value is not
 * folded: its length is only known once they are filled.
 */
function OfficialValue({ value, shown }: { value: string; shown: string }) {
  if (value.trim() === "") {
    return (
      <span className="pd-wx-empty" data-empty="true">
        —
      </span>
    );
  }
  const parts = segments(value);
  if (!parts.some((part) => part.kind === "placeholder")) return <span className="pd-wx-value-text">{shown}</span>;
  return (
    <span className="pd-wx-value-text">
      {parts.map((part, index) =>
        part.kind === "text" ? (
          <span key={index}>{withoutEmoji(part.text)}</span>
        ) : (
          <mark key={index} className="pd-wx-placeholder" data-placeholder={part.name}>
            {part.raw}
          </mark>
        ),
      )}
    </span>
  );
}
