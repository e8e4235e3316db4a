import { CheckCircleOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Segmented, Select, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../../components/CodeText";
import {
  toIpcError,
  type AccountSummary,
  type AudienceOptions,
  type CampaignPlan,
  type Keyword,
  type Lang,
  type MiniprogramState,
  type SyncedTemplate,
} from "../../../ipc";
import { jumpFieldError, type JumpForm } from "../../compose/jump";
import { LANGS, MINIPROGRAM_STATES } from "../../compose/composeState";
import { MiniProgramPageField } from "../../compose/MiniProgramPageField";
import { OfficialJumpFields } from "../../compose/OfficialJumpFields";
import { pageExample } from "../../compose/text";
import type { GrantSwitch } from "./GrantCounts";
import type { RecentSwitch } from "./RepeatWarning";
import { ReportView } from "./ReportView";
import { MAX_RECENT_DAYS, findHeader, usedPlaceholders, type FieldSource, type WizardState } from "./wizardState";

type Props = {
  account: AccountSummary;
  state: WizardState;
  update: (patch: Partial<WizardState>) => void;
  template: SyncedTemplate;
  headers: readonly string[];
  /** The auto mapping is being computed. */
  mapping: boolean;
  plan: CampaignPlan | null;
  /** The options the plan was made with. */
  planOptions: AudienceOptions | null;
  recentSwitch: RecentSwitch;
  grantSwitch: GrantSwitch;
  planFresh: boolean;
  planning: boolean;
  planError: unknown;
  onValidate: () => void;
  /** The draft the plan validated. */
  draftId: number;
  /** Changes with every new plan (resets the preview). */
  planSeq: number;
};

/** Step 2: which column (or fixed value) fills each keyword, the card's options, then the dry run of every row. */
export function MappingStep(props: Props) {
  const { account, state, update, template, headers, mapping, plan, planOptions, recentSwitch, grantSwitch, planFresh, planning, planError, onValidate, draftId, planSeq } =
    props;
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const keywords = template.keywords;
  const placeholders = usedPlaceholders(keywords, state.fields, state.page);
  const error = planError ? toIpcError(planError) : null;
  const official = account.kind === "official_account";
  // The core's refusal of the page, web address or mini program goes under its field, while
  // they are what was validated (the jump as it stood at the last click on validate).
  const jumpKey = JSON.stringify([state.jump, state.url, state.miniprogramAppid, state.page]);
  const [validatedJump, setValidatedJump] = useState(jumpKey);
  const [validated, setValidated] = useState(false);
  const onField = validatedJump === jumpKey ? jumpFieldError(error) : null;
  const validateAll = () => {
    setValidatedJump(jumpKey);
    setValidated(true);
    onValidate();
  };
  const pageHint = t(official ? "options.pageHintOfficial" : "options.pageHint", { example: pageExample(t("options.pageExampleColumn")) });

  const headerOptions = (testPrefix: string) =>
    headers.map((header, index) => ({
      value: index,
      title: header,
      label: (
        <span data-testid={`${testPrefix}-option-${index}`}>
          {header || t("inspection.unnamed", { n: index + 1 })}
        </span>
      ),
    }));

  const setField = (key: string, field: FieldSource) => update({ fields: { ...state.fields, [key]: field } });

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t("wizard.section.mapping")} className="pd-campaign-card" loading={mapping}>
        <Typography.Paragraph type="secondary" className="pd-campaign-small">
          {t("mapping.hint", { example: "{{列名}}" })}
        </Typography.Paragraph>
        <div className="pd-campaign-map-grid" role="group" aria-label={t("wizard.section.mapping")}>
          <div className="pd-campaign-map-label">
            <Typography.Text strong>{t("mapping.openid")}</Typography.Text>
            <Typography.Text type="secondary" className="pd-campaign-small">
              {official ? t("mapping.openidHintOfficial") : t("mapping.openidHint")}
            </Typography.Text>
          </div>
          <Select<number>
            aria-label={t("mapping.openid")}
            data-testid="campaign-map-openid"
            value={state.openidColumn}
            onChange={(openidColumn) => update({ openidColumn })}
            options={headerOptions("campaign-map-openid")}
            showSearch={{ optionFilterProp: "title" }}
          />
          <span />
          {keywords.map((keyword) => (
            <KeywordMapping
              key={keyword.key}
              keyword={keyword}
              field={state.fields[keyword.key] ?? { column: null, value: "" }}
              options={headerOptions(`campaign-map-${keyword.key}`)}
              onChange={(field) => setField(keyword.key, field)}
            />
          ))}
        </div>
        {placeholders.length > 0 ? (
          <div className="pd-campaign-placeholders" data-testid="campaign-placeholders">
            <Typography.Text strong>{t("mapping.placeholders")}</Typography.Text>
            <div className="pd-campaign-map-grid">
              {placeholders.map((name) => {
                const column = state.placeholderColumns[name] ?? findHeader(headers, name);
                return (
                  <PlaceholderRow
                    key={name}
                    name={name}
                    column={column}
                    options={headerOptions(`campaign-map-ph-${name}`)}
                    onChange={(col) => update({ placeholderColumns: { ...state.placeholderColumns, [name]: col } })}
                  />
                );
              })}
            </div>
          </div>
        ) : null}
      </Card>

      <Card size="small" title={t("wizard.section.options")} className="pd-campaign-card">
        <Form layout="vertical" className="pd-campaign-form-grid">
          {official ? (
            <OfficialJumpFields
              account={account}
              form={state}
              onChange={(jump: JumpForm) => update(jump)}
              refusal={onField}
              revealMissing={validated}
              testIdPrefix="campaign"
              pageHint={pageHint}
            />
          ) : (
            <MiniProgramOptions state={state} update={update} pageHint={pageHint} pageRefusal={onField?.field === "page" ? onField.message : null} />
          )}
          <Form.Item label={t("options.rows")}>
            <Flex vertical gap={4}>
              <Checkbox
                checked={state.skipDuplicates}
                onChange={(event) => update({ skipDuplicates: event.target.checked })}
                data-testid="campaign-skip-duplicates"
              >
                {t("options.skipDuplicates")}
              </Checkbox>
              <Checkbox
                checked={state.skipUnsubscribed}
                onChange={(event) => update({ skipUnsubscribed: event.target.checked })}
                data-testid="campaign-skip-unsubscribed"
              >
                {t(official ? "options.skipNotFollowing" : "options.skipUnsubscribed")}
              </Checkbox>
              <RecentOption state={state} update={update} />
              <Typography.Text type="secondary" className="pd-campaign-small pd-campaign-recent-hint">
                {t("options.suppressedHint")}
              </Typography.Text>
            </Flex>
          </Form.Item>
        </Form>
      </Card>

      <Card
        size="small"
        title={t("wizard.section.report")}
        className="pd-campaign-card"
        extra={
          <Button
            type={planFresh ? "default" : "primary"}
            icon={<CheckCircleOutlined />}
            onClick={validateAll}
            loading={planning}
            disabled={mapping}
            data-testid="campaign-validate"
          >
            {t("report.validate")}
          </Button>
        }
      >
        <Flex vertical gap={12}>
          {error ? (
            <Alert
              type="error"
              showIcon
              data-testid="campaign-plan-error"
              title={`${t("report.failed")} · ${tc(`error.${error.code}`)}`}
              // Said under its field above: here only where to look.
              description={onField ? t("report.fixOptions") : error.message}
            />
          ) : null}
          {plan && !planFresh && !planning ? (
            <Alert type="info" showIcon data-testid="campaign-report-stale" title={t("report.stale")} />
          ) : null}
          {plan && planOptions ? (
            <ReportView
              key={planSeq}
              account={account}
              template={template}
              plan={plan}
              draftId={draftId}
              state={state}
              options={planOptions}
              recentSwitch={recentSwitch}
              grantSwitch={grantSwitch}
            />
          ) : (
            <Typography.Text type="secondary">{t("report.none")}</Typography.Text>
          )}
        </Flex>
      </Card>
    </Flex>
  );
}

type MiniProgramOptionsProps = Pick<Props, "state" | "update"> & {
  pageHint: string;
  /** The core's refusal of the page, if it is about the page on screen. */
  pageRefusal: string | null;
};

/** A mini program's card: the page it opens, the footer link's language, the build it opens. */
function MiniProgramOptions({ state, update, pageHint, pageRefusal }: MiniProgramOptionsProps) {
  const { t } = useTranslation("campaigns");
  return (
    <>
      <MiniProgramPageField idPrefix="campaign" value={state.page} onChange={(page) => update({ page })} hint={pageHint} refusal={pageRefusal} />
      <Form.Item label={t("options.lang")} htmlFor="campaign-lang-select" extra={t("options.langHint")}>
        <Select<Lang>
          id="campaign-lang-select"
          data-testid="campaign-lang"
          value={state.lang}
          onChange={(lang) => update({ lang })}
          options={LANGS.map((value) => ({
            value,
            label: <span data-testid={`campaign-lang-option-${value}`}>{t(`options.langName.${value}`)}</span>,
          }))}
        />
      </Form.Item>
      <Form.Item label={t("options.state")} extra={t(`options.stateHint.${state.miniprogramState}`)}>
        <Segmented<MiniprogramState>
          value={state.miniprogramState}
          onChange={(miniprogramState) => update({ miniprogramState })}
          options={MINIPROGRAM_STATES.map((value) => ({
            value,
            label: <span data-testid={`campaign-state-${value}`}>{t(`options.stateName.${value}`)}</span>,
          }))}
        />
      </Form.Item>
    </>
  );
}

/**
 * "Skip people who got this template in the last [N] days": the checkbox, the number inside
 * the sentence (0–365, arrow keys step it; a cleared box keeps the last number), and what 0 means.
 */
function RecentOption({ state, update }: Pick<Props, "state" | "update">) {
  const { t } = useTranslation("campaigns");
  return (
    <div>
      <div className="pd-campaign-recent">
        <Checkbox
          id="campaign-skip-recent-input"
          checked={state.skipRecent}
          onChange={(event) => update({ skipRecent: event.target.checked })}
          data-testid="campaign-skip-recent"
        >
          {t("options.recentBefore")}
        </Checkbox>
        <InputNumber<number>
          id="campaign-recent-days-input"
          data-testid="campaign-recent-days"
          aria-label={t("options.recentDays", { max: MAX_RECENT_DAYS })}
          size="small"
          min={0}
          max={MAX_RECENT_DAYS}
          precision={0}
          value={state.recentDays}
          onChange={(days) => {
            if (days !== null) update({ recentDays: days });
          }}
          className="pd-campaign-recent-days"
        />
        <label htmlFor="campaign-skip-recent-input">{t("options.recentAfter")}</label>
      </div>
      <Typography.Text
        type={state.recentDays === 0 ? "warning" : "secondary"}
        className="pd-campaign-small pd-campaign-recent-hint"
        data-testid="campaign-recent-hint"
      >
        {state.recentDays === 0 ? t("options.recentOff") : t("options.recentHint")}
      </Typography.Text>
    </div>
  );
}

type KeywordMappingProps = {
  keyword: Keyword;
  field: FieldSource;
  options: { value: number; title: string; label: React.ReactNode }[];
  onChange: (field: FieldSource) => void;
};

/** One keyword: its label, key and rule; a column, or a fixed value (typing one clears the column). */
function KeywordMapping({ keyword, field, options, onChange }: KeywordMappingProps) {
  const { t } = useTranslation("campaigns");
  // The template's own example fits the field ("顺丰速运" for 快递公司), as Compose shows it.
  const example = keyword.example?.trim();
  return (
    <>
      <div className="pd-campaign-map-label" data-testid={`campaign-map-item-${keyword.key}`}>
        <Flex gap={6} align="center" wrap>
          <Typography.Text strong>{keyword.label}</Typography.Text>
          <CodeText type="secondary" className="pd-campaign-small">
            {keyword.key}
          </CodeText>
          <Tag className="pd-campaign-kind">{t(`kind.${keyword.kind}`)}</Tag>
        </Flex>
        <Typography.Text type="secondary" className="pd-campaign-small">
          {keyword.kind === "enum" && keyword.enumValues.length > 0
            ? t("rule.enumValues", { values: keyword.enumValues.join(t("rule.separator")) })
            : t(`rule.${keyword.kind}`)}
        </Typography.Text>
      </div>
      <Select<number>
        aria-label={t("mapping.columnFor", { label: keyword.label })}
        data-testid={`campaign-map-${keyword.key}`}
        value={field.column ?? undefined}
        placeholder={t("mapping.chooseColumn")}
        allowClear
        onChange={(column) => onChange({ column: column ?? null, value: column === undefined ? field.value : "" })}
        onClear={() => onChange({ column: null, value: field.value })}
        options={options}
        showSearch={{ optionFilterProp: "title" }}
      />
      <Input
        aria-label={t("mapping.valueFor", { label: keyword.label })}
        data-testid={`campaign-value-${keyword.key}`}
        value={field.value}
        placeholder={
          field.column !== null
            ? t("mapping.valueFromColumn")
            : example
              ? t("mapping.valuePlaceholderExample", { example })
              : t("mapping.valuePlaceholder")
        }
        onChange={(event) => onChange({ column: event.target.value === "" ? field.column : null, value: event.target.value })}
        autoComplete="off"
      />
    </>
  );
}

type PlaceholderRowProps = {
  name: string;
  column: number | undefined;
  options: { value: number; title: string; label: React.ReactNode }[];
  onChange: (column: number) => void;
};

function PlaceholderRow({ name, column, options, onChange }: PlaceholderRowProps) {
  const { t } = useTranslation("campaigns");
  return (
    <>
      <div className="pd-campaign-map-label">
        <CodeText>{`{{${name}}}`}</CodeText>
        {column === undefined ? (
          <Typography.Text type="danger" className="pd-campaign-small">
            {t("mapping.placeholderMissing")}
          </Typography.Text>
        ) : null}
      </div>
      <Select<number>
        aria-label={t("mapping.columnFor", { label: name })}
        data-testid={`campaign-map-ph-${name}`}
        value={column}
        placeholder={t("mapping.chooseColumn")}
        onChange={onChange}
        options={options}
        showSearch={{ optionFilterProp: "title" }}
      />
      <span />
    </>
  );
}
