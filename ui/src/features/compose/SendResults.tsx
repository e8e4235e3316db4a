import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, QuestionCircleFilled } from "@ant-design/icons";
import { Flex, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../components/CodeText";
import { inLanguage } from "../../i18n/bilingual";
import type { RecipientResult, RecipientState, SendNowResult, TestRecipient } from "../../ipc";

type Props = {
  result: SendNowResult;
  /** Notes of the test openids, to name who each result is for. */
  notes: readonly TestRecipient[];
};

const STATE_COLOR: Partial<Record<RecipientState, string>> = {
  sent: "success",
  not_subscribed: "warning",
  failed: "error",
  unknown: "gold",
};

/** What happened to each recipient of a direct send, in plain words, with the technical bits small. */
export function SendResults({ result, notes }: Props) {
  const { t } = useTranslation("compose");
  const sent = result.results.filter((row) => row.state === "sent").length;
  return (
    <section className="pd-compose-results" data-testid="compose-result" aria-live="polite" aria-label={t("result.title")}>
      <Typography.Text strong className="pd-compose-results-title">
        {t("result.summary", { sent, total: result.results.length })}
      </Typography.Text>
      <ul className="pd-compose-result-list">
        {result.results.map((row) => (
          <ResultRow key={row.openid} row={row} note={notes.find((n) => n.openid === row.openid)?.note ?? ""} />
        ))}
      </ul>
    </section>
  );
}

function StateIcon({ state }: { state: RecipientState }) {
  if (state === "sent") return <CheckCircleFilled className="pd-compose-result-icon pd-ok" />;
  if (state === "not_subscribed") return <ExclamationCircleFilled className="pd-compose-result-icon pd-warn" />;
  if (state === "unknown") return <QuestionCircleFilled className="pd-compose-result-icon pd-unknown" />;
  return <CloseCircleFilled className="pd-compose-result-icon pd-bad" />;
}

function ResultRow({ row, note }: { row: RecipientResult; note: string }) {
  const { t, i18n } = useTranslation("compose");
  const english = i18n.language === "en";
  const explanation = row.explanation;
  return (
    <li className="pd-compose-result" data-testid={`compose-result-${row.openid}`} data-state={row.state}>
      <Flex gap={10} align="flex-start">
        <StateIcon state={row.state} />
        <Flex vertical gap={2} className="pd-compose-result-body">
          <Flex gap={8} align="center" wrap>
            <Tag color={STATE_COLOR[row.state] ?? "default"} variant="filled" className="pd-kind-tag">
              {t(`result.state.${row.state}`)}
            </Tag>
            {note ? <Typography.Text>{note}</Typography.Text> : null}
            <CodeText type="secondary" className="pd-compose-result-openid">
              {row.openid}
            </CodeText>
          </Flex>
          {row.state === "sent" && row.msgid !== null ? (
            <Typography.Text type="secondary" className="pd-compose-small">
              {t("result.msgid")}{" "}
              <CodeText copyable={{ text: row.msgid }} data-testid={`compose-result-msgid-${row.openid}`}>
                {row.msgid}
              </CodeText>
            </Typography.Text>
          ) : null}
          {explanation ? (
            <>
              <Typography.Text strong data-testid={`compose-result-title-${row.openid}`}>
                {english ? explanation.title_en : explanation.title_zh}
              </Typography.Text>
              <Typography.Text className="pd-compose-result-action">
                {english ? explanation.action_en : explanation.action_zh}
              </Typography.Text>
            </>
          ) : null}
          {row.state === "skipped" && row.detail ? (
            // Why the core did not send it (the frequency cap, the do-not-contact list): its own
            // words in both languages, "{zh} / {en}"; the UI's half is shown.
            <Typography.Text type="secondary" data-testid={`compose-result-reason-${row.openid}`}>
              {inLanguage(row.detail, i18n.language)}
            </Typography.Text>
          ) : null}
          {row.state !== "sent" && row.state !== "skipped" && (row.errcode !== null || row.detail) ? (
            <Typography.Text type="secondary" className="pd-compose-small">
              {row.errcode !== null ? t("result.errcode", { code: row.errcode }) : null}
              {row.errcode !== null && row.detail ? " · " : null}
              {row.detail ? <CodeText type="secondary">{row.detail}</CodeText> : null}
            </Typography.Text>
          ) : null}
        </Flex>
      </Flex>
    </li>
  );
}
