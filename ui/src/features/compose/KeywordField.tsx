import { CalendarOutlined } from "@ant-design/icons";
import { DatePicker, Flex, Form, Input, Select, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../components/CodeText";
import type { FieldCheck, Keyword } from "../../ipc";
import { budgetFor, charCount, fillPlaceholders, hasPlaceholder, insertDateText, type Budget } from "./text";
import { hasEmoji } from "./wechatDisplay";

type Props = {
  keyword: Keyword;
  value: string;
  onChange: (value: string) => void;
  /** The backend's verdict on this field (possibly for a slightly older value while typing). */
  check: FieldCheck | undefined;
  /** Whether to show an "empty" problem (only after the user has touched the field). */
  showEmpty: boolean;
  /** Placeholder values, to count characters of the value as it will be sent. */
  placeholders: Record<string, string>;
  /** An Official Account's template message: its card drops emoji, which the field warns about. */
  official: boolean;
};

/**
 * How much of what the card shows a value uses: a keyword with a display limit (a legacy Official
 * Account template's, whose card cuts the rest without an error) counts against that limit;
 * others against their type's budget.
 */
function budgetOf(keyword: Keyword, filled: string): Budget | null {
  if (keyword.displayLimit) return { limit: keyword.displayLimit, used: charCount(filled), unit: "chars" };
  return budgetFor(keyword.kind, filled);
}

/** One keyword of the template: its label and type, the input, the rule, problems and budget. */
export function KeywordField({ keyword, value, onChange, check, showEmpty, placeholders, official }: Props) {
  const { t, i18n } = useTranslation("compose");
  const english = i18n.language === "en";
  const id = `compose-field-input-${keyword.key}`;
  const testId = `compose-field-${keyword.key}`;

  // The template's own example fits the field ("顺丰速运" for 快递公司); the type's is generic.
  const example = keyword.example?.trim();
  const placeholder = example ? t("field.example", { example }) : t(`placeholder.${keyword.kind}`);

  const filled = fillPlaceholders(value, placeholders);
  const budget = hasPlaceholder(filled) ? null : budgetOf(keyword, filled);
  const left = budget ? budget.limit - budget.used : 0;
  const displayLimit = keyword.displayLimit ?? null;
  // WeChat would fold it silently: said at once, in words that say why, before the core's check.
  const overDisplay = displayLimit !== null && left < 0;

  const problem = check?.problem ?? null;
  // While a new check is on its way, an "empty" verdict for a field that has text is stale; so
  // is a length verdict the display limit's counter (which counts as the core does) contradicts.
  const stale =
    (problem?.kind === "empty" && !(showEmpty && value.trim() === "")) ||
    (problem?.kind === "too_long" && displayLimit !== null && charCount(filled) <= displayLimit);
  const shownProblem = stale ? null : problem;
  const missing = check?.missing ?? [];

  const label = (
    <Flex align="center" gap={6} wrap className="pd-compose-field-label">
      <span className="pd-compose-field-name">{keyword.label}</span>
      <Tag variant="outlined" className="pd-kind-tag" data-kind={keyword.kind}>
        {displayLimit !== null ? t("kind.legacy") : t(`kind.${keyword.kind}`)}
      </Tag>
      <CodeText type="secondary" className="pd-compose-field-key">
        {keyword.key}
      </CodeText>
    </Flex>
  );

  let help: React.ReactNode = null;
  let status: "error" | "warning" | "" = "";
  if (overDisplay) {
    status = "error";
    help = <span data-testid={`compose-field-${keyword.key}-problem`}>{t("field.displayLimitOver", { limit: displayLimit })}</span>;
  } else if (shownProblem) {
    status = "error";
    help = (
      <span data-testid={`compose-field-${keyword.key}-problem`}>
        {english ? shownProblem.messageEn : shownProblem.messageZh}
      </span>
    );
  } else if (missing.length > 0) {
    status = "warning";
    help = (
      <span data-testid={`compose-field-${keyword.key}-missing`}>
        {t("field.missingPlaceholders", { names: missing.map((name) => `{{${name}}}`).join(english ? ", " : "、") })}
      </span>
    );
  }

  const extra = (
    <Flex vertical gap={2}>
      <Flex justify="space-between" align="flex-start" gap={12}>
        <span className="pd-compose-rule">
          {displayLimit !== null ? t("field.displayLimitRule", { limit: displayLimit }) : t(`rule.${keyword.kind}`)}
        </span>
        {budget ? (
          <span
            className={left < 0 ? "pd-compose-budget pd-compose-budget-over" : "pd-compose-budget"}
            data-testid={`compose-field-${keyword.key}-left`}
            aria-live="polite"
          >
            {displayLimit !== null ? (
              `${budget.used} / ${budget.limit}`
            ) : left >= 0 ? (
              t(budget.unit === "digits" ? "field.digitsLeft" : "field.charsLeft", { count: left })
            ) : (
              t(budget.unit === "digits" ? "field.digitsOver" : "field.charsOver", { count: -left })
            )}
          </span>
        ) : null}
      </Flex>
      {official && hasEmoji(filled) ? (
        // Not a problem: the message is sent, the card just shows it without them.
        <Typography.Text type="warning" className="pd-compose-emoji" data-testid={`compose-field-${keyword.key}-emoji`}>
          {t("field.emoji")}
        </Typography.Text>
      ) : null}
    </Flex>
  );

  let input: React.ReactNode;
  if (keyword.kind === "enum" && keyword.enumValues.length > 0) {
    input = (
      <Select<string>
        id={id}
        data-testid={testId}
        value={value === "" ? undefined : value}
        placeholder={t("field.enumPlaceholder")}
        onChange={(next) => onChange(next ?? "")}
        allowClear
        status={status}
        options={keyword.enumValues.map((option) => ({ value: option, label: option }))}
        optionRender={(option) => <span data-testid={`${testId}-option-${String(option.value)}`}>{option.label}</span>}
      />
    );
  } else {
    const dateHelper = keyword.kind === "time" || keyword.kind === "date" ? <DateHelper kind={keyword.kind} value={value} onChange={onChange} /> : null;
    input = (
      <Flex gap={8} align="center">
        <Input
          id={id}
          data-testid={testId}
          value={value}
          status={status}
          placeholder={placeholder}
          onChange={(event) => onChange(event.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        {dateHelper}
      </Flex>
    );
  }

  return (
    <Form.Item
      label={label}
      htmlFor={id}
      validateStatus={status}
      help={help}
      extra={extra}
      className="pd-compose-field"
      data-testid={`compose-field-item-${keyword.key}`}
    >
      {input}
    </Form.Item>
  );
}

/**
 * A date (and time) picker beside a time/date field: picking inserts an accepted format, the
 * text stays editable (a range is typed as `start ~` then picked again).
 */
function DateHelper({ kind, value, onChange }: { kind: "time" | "date"; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation("compose");
  const format = kind === "time" ? "YYYY-MM-DD HH:mm" : "YYYY年M月D日";
  return (
    <Tooltip title={t(kind === "time" ? "field.pickTimeHelp" : "field.pickDateHelp")}>
      <DatePicker
        className="pd-compose-date-helper"
        value={null}
        showTime={kind === "time" ? { format: "HH:mm" } : false}
        format={format}
        needConfirm={kind === "time"}
        allowClear={false}
        placeholder={t(kind === "time" ? "field.pickTime" : "field.pickDate")}
        suffixIcon={<CalendarOutlined />}
        aria-label={t(kind === "time" ? "field.pickTime" : "field.pickDate")}
        onChange={(_date, text) => {
          if (typeof text === "string" && text !== "") onChange(insertDateText(value, text));
        }}
      />
    </Tooltip>
  );
}
