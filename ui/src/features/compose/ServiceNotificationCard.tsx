import { InfoCircleOutlined, RightOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { Lang } from "../../ipc";
import { segments } from "./text";

export type CardRow = {
  /** Keyword key (`thing1`), used as the row's identity. */
  key: string;
  /** The template's label (`商品名称`). */
  label: string;
  /** The value as the recipient will see it; unresolved `{{name}}` placeholders are highlighted. */
  value: string;
  /**
   * The most characters the card shows (`Keyword.displayLimit`, a legacy Official Account
   * template's keys): an Official Account's card folds the rest.
   */
  displayLimit?: number | null;
};

export type ServiceNotificationCardProps = {
  /** The template title. */
  title: string;
  /** The mini program's name (the account name). */
  appName: string;
  /** The send date as WeChat prints it (`11月24日`). */
  date: string;
  /** One row per keyword, in template order. */
  rows: CardRow[];
  /** The message's `lang`: language of the footer link. */
  lang: Lang;
  /** Whether the message has a page; without one the card opens nothing. */
  hasPage: boolean;
};

/**
 * The footer link as WeChat prints it for each `lang`. This is WeChat's text on the recipient's
 * phone, not Pushdesk's interface, so it does not follow the UI language.
 */
export const FOOTER_TEXT: Record<Lang, string> = {
  zh_CN: "进入小程序查看",
  zh_HK: "進入小程式查看",
  zh_TW: "進入小程式查看",
  en_US: "View in Mini Program",
};

/**
 * A faithful picture of a subscribe message in WeChat's 服务通知 (Service Notifications): a
 * white card on the light grey chat background, with the mini program's icon and name, the
 * template title, the date, one grey-label row per keyword, and the footer link. Pure: it shows
 * exactly what its props say.
 */
export function ServiceNotificationCard({ title, appName, date, rows, lang, hasPage }: ServiceNotificationCardProps) {
  const { t } = useTranslation("compose");
  const initial = [...appName.trim()][0] ?? "";
  const wechatLang = lang === "en_US" ? "en" : lang === "zh_CN" ? "zh-CN" : lang === "zh_HK" ? "zh-HK" : "zh-TW";

  return (
    <div className="pd-wx-chat" data-testid="wx-chat">
      <article className="pd-wx-card" lang={wechatLang} aria-label={t("preview.cardLabel")} data-testid="wx-card">
        <header className="pd-wx-app">
          <span className="pd-wx-app-icon" aria-hidden>
            {initial}
          </span>
          <span className="pd-wx-app-name" data-testid="wx-card-app">
            {appName}
          </span>
        </header>
        <h4 className="pd-wx-title" data-testid="wx-card-title">
          {title}
        </h4>
        <div className="pd-wx-date" data-testid="wx-card-date">
          {date}
        </div>
        <dl className="pd-wx-rows">
          {rows.map((row) => (
            <div className="pd-wx-row" key={row.key} data-testid={`wx-card-row-${row.key}`}>
              <dt className="pd-wx-label">{row.label}</dt>
              <dd className="pd-wx-value" title={row.value || undefined}>
                <CardValue value={row.value} />
              </dd>
            </div>
          ))}
        </dl>
        <footer
          className={hasPage ? "pd-wx-footer" : "pd-wx-footer pd-wx-footer-off"}
          data-testid="wx-card-footer"
          aria-disabled={!hasPage}
        >
          <span>{FOOTER_TEXT[lang]}</span>
          <RightOutlined className="pd-wx-chevron" aria-hidden />
        </footer>
      </article>
      {hasPage ? null : (
        <p className="pd-wx-note" data-testid="wx-card-no-page">
          <InfoCircleOutlined aria-hidden /> {t("preview.noPage")}
        </p>
      )}
    </div>
  );
}

function CardValue({ value }: { value: string }) {
  if (value.trim() === "") {
    return (
      <span className="pd-wx-empty" data-empty="true">
        —
      </span>
    );
  }
  return (
    <span className="pd-wx-value-text">
      {segments(value).map((segment, index) =>
        segment.kind === "text" ? (
          <span key={index}>{segment.text}</span>
        ) : (
          <mark key={index} className="pd-wx-placeholder" data-placeholder={segment.name}>
            {segment.raw}
          </mark>
        ),
      )}
    </span>
  );
}
