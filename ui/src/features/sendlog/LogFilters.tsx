import { ReloadOutlined, UndoOutlined } from "@ant-design/icons";
import { Button, Checkbox, Flex, Input, Segmented, Select, Tag, Tooltip } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AttemptStatus, Campaign, DeliveryFilter, MessageChannel } from "../../ipc";
import { ATTEMPT_STATUSES, DELIVERY_FILTERS, MESSAGE_CHANNELS, parseErrcode, statusLabelKey, type FilterState, type Scope } from "./model";
import { TimeRangeFilter, type CustomDays } from "./TimeRangeFilter";

export type { CustomDays } from "./TimeRangeFilter";

type LogFiltersProps = {
  state: FilterState;
  onChange: (next: FilterState) => void;
  /** The days picked for a custom range (kept by the page, so they are shown again on return). */
  customDays: CustomDays;
  onCustomDays: (days: CustomDays) => void;
  onReset: () => void;
  onRefresh: () => void;
  refreshing: boolean;
  /** No account is selected: only "all accounts" makes sense. */
  accountScopeDisabled: boolean;
  campaigns: readonly Campaign[];
  templates: readonly { templateId: string; title: string }[];
  /** Whether subscribe and template messages may both be in the log (an Official Account exists). */
  showChannel: boolean;
  /** The channels the log shows: what "not subscribed" is called. */
  channels: readonly MessageChannel[];
};

/** How long typing pauses before an openid or errcode filter applies. */
export const TYPING_DELAY_MS = 350;

/** The compact filter bar of the send log. */
export function LogFilters({
  state,
  onChange,
  customDays,
  onCustomDays,
  onReset,
  onRefresh,
  refreshing,
  accountScopeDisabled,
  campaigns,
  templates,
  showChannel,
  channels,
}: LogFiltersProps) {
  const { t } = useTranslation("sendlog");
  const set = (patch: Partial<FilterState>) => onChange({ ...state, ...patch });

  return (
    <div className="pd-log-filters" role="search" aria-label={t("totals.label")}>
      <Flex gap={8} wrap align="center">
        <Segmented<Scope>
          data-testid="log-scope"
          size="small"
          value={accountScopeDisabled ? "all" : state.scope}
          onChange={(scope) => set({ scope, campaignId: null, templateId: null })}
          options={[
            { value: "account", label: <span data-testid="log-scope-account">{t("scope.account")}</span>, disabled: accountScopeDisabled },
            { value: "all", label: <span data-testid="log-scope-all">{t("scope.all")}</span> },
          ]}
        />
        <TimeRangeFilter
          testIdPrefix="log"
          range={state.range}
          onRange={(range) => set({ range })}
          customDays={customDays}
          onCustomDays={onCustomDays}
        />
        <Flex gap={6} className="pd-log-filter-actions">
          <Tooltip title={t("filter.refresh")}>
            <Button size="small" icon={<ReloadOutlined />} onClick={onRefresh} loading={refreshing} aria-label={t("filter.refresh")} data-testid="log-refresh" />
          </Tooltip>
          <Button size="small" icon={<UndoOutlined />} onClick={onReset} data-testid="log-reset">
            {t("filter.reset")}
          </Button>
        </Flex>
      </Flex>
      <Flex gap={8} wrap align="center" className="pd-log-filter-row">
        <Select<number>
          data-testid="log-campaign"
          size="small"
          className="pd-log-select-campaign"
          aria-label={t("filter.campaign")}
          placeholder={t("filter.campaignAll")}
          allowClear
          showSearch={{ optionFilterProp: "title" }}
          value={state.campaignId ?? undefined}
          onChange={(campaignId) => set({ campaignId: campaignId ?? null })}
          options={campaigns.map((c) => ({
            value: c.id,
            title: c.name,
            label: (
              <span data-testid={`log-campaign-option-${c.id}`}>
                {c.kind !== "campaign" ? <Tag className="pd-log-kind-tag">{t(`kind.${c.kind}`)}</Tag> : null}
                {c.name}
              </span>
            ),
          }))}
        />
        <Select<string>
          data-testid="log-template"
          size="small"
          className="pd-log-select-template"
          aria-label={t("filter.template")}
          placeholder={t("filter.templateAll")}
          allowClear
          showSearch={{ optionFilterProp: "title" }}
          value={state.templateId ?? undefined}
          onChange={(templateId) => set({ templateId: templateId ?? null })}
          options={templates.map((tpl) => ({
            value: tpl.templateId,
            title: tpl.title,
            label: <span data-testid={`log-template-option-${tpl.templateId}`}>{tpl.title}</span>,
          }))}
        />
        {showChannel || state.channel !== null ? (
          <Select<MessageChannel>
            data-testid="log-channel"
            size="small"
            className="pd-log-select-channel"
            aria-label={t("filter.channel")}
            placeholder={t("filter.channelAll")}
            allowClear
            value={state.channel ?? undefined}
            onChange={(channel) => set({ channel: channel ?? null })}
            options={MESSAGE_CHANNELS.map((channel) => ({
              value: channel,
              label: <span data-testid={`log-channel-option-${channel}`}>{t(`channel.${channel}`)}</span>,
            }))}
          />
        ) : null}
        <Select<AttemptStatus[]>
          data-testid="log-status"
          size="small"
          mode="multiple"
          className="pd-log-select-status"
          aria-label={t("filter.status")}
          placeholder={t("filter.statusAll")}
          allowClear
          maxTagCount={2}
          value={state.status}
          onChange={(status) => set({ status })}
          options={ATTEMPT_STATUSES.map((status) => ({
            value: status,
            label: <span data-testid={`log-status-option-${status}`}>{t(statusLabelKey(status, channels))}</span>,
          }))}
        />
        <Select<DeliveryFilter>
          data-testid="log-delivery"
          size="small"
          className="pd-log-select-delivery"
          aria-label={t("filter.delivery")}
          placeholder={t("filter.deliveryAll")}
          allowClear
          value={state.delivery ?? undefined}
          onChange={(delivery) => set({ delivery: delivery ?? null })}
          options={DELIVERY_FILTERS.map((delivery) => ({
            value: delivery,
            label: <span data-testid={`log-delivery-option-${delivery}`}>{t(`delivery.${delivery}`)}</span>,
          }))}
        />
        <ErrcodeInput value={state.errcode} onApply={(errcode) => set({ errcode })} />
        <OpenidInput
          value={state.openid}
          prefix={state.openidPrefix}
          onApply={(openid) => set({ openid })}
          onPrefix={(openidPrefix) => set({ openidPrefix })}
        />
      </Flex>
    </div>
  );
}

/**
 * A text box that applies its value after typing pauses (`TYPING_DELAY_MS`), or at once on
 * Enter / blur. Also the audit trail's person filter, so both filter bars feel the same.
 */
export function useDeferredText(applied: string, apply: (text: string) => void) {
  const [text, setText] = useState(applied);
  const [lastApplied, setLastApplied] = useState(applied);
  // The filter changed from outside (reset, a click on an errcode): show it.
  if (applied !== lastApplied) {
    setLastApplied(applied);
    setText(applied);
  }
  // The timer calls the newest `apply`, so a filter changed meanwhile is not undone.
  const latest = useRef({ apply, applied });
  useEffect(() => {
    latest.current = { apply, applied };
  });
  const commit = (value: string) => {
    if (value !== applied) apply(value);
  };
  useEffect(() => {
    const timer = window.setTimeout(() => {
      if (text !== latest.current.applied) latest.current.apply(text);
    }, TYPING_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text]);
  return { text, setText, commit };
}

function ErrcodeInput({ value, onApply }: { value: number | null; onApply: (errcode: number | null) => void }) {
  const { t } = useTranslation("sendlog");
  const applied = value === null ? "" : String(value);
  const { text, setText, commit } = useDeferredText(applied, (raw) => {
    const parsed = parseErrcode(raw);
    if (parsed !== undefined) onApply(parsed);
  });
  const invalid = parseErrcode(text) === undefined;
  return (
    <Tooltip title={invalid ? t("filter.errcodeInvalid") : undefined} open={invalid ? undefined : false}>
      <Input
        data-testid="log-errcode"
        size="small"
        className="pd-log-errcode-input"
        inputMode="numeric"
        allowClear
        status={invalid ? "error" : undefined}
        aria-label={t("filter.errcode")}
        aria-invalid={invalid}
        placeholder={t("filter.errcode")}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onPressEnter={() => commit(text)}
        onBlur={() => commit(text)}
      />
    </Tooltip>
  );
}

function OpenidInput({
  value,
  prefix,
  onApply,
  onPrefix,
}: {
  value: string;
  prefix: boolean;
  onApply: (openid: string) => void;
  onPrefix: (prefix: boolean) => void;
}) {
  const { t } = useTranslation("sendlog");
  const { text, setText, commit } = useDeferredText(value, (raw) => onApply(raw.trim()));
  return (
    <Flex gap={6} align="center" className="pd-log-openid">
      <Input
        data-testid="log-openid"
        size="small"
        className="pd-log-openid-input pd-code-text"
        allowClear
        spellCheck={false}
        aria-label={t("filter.openid")}
        placeholder={t("filter.openid")}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onPressEnter={() => commit(text.trim())}
        onBlur={() => commit(text.trim())}
      />
      <Checkbox data-testid="log-openid-prefix" checked={prefix} onChange={(event) => onPrefix(event.target.checked)}>
        {t("filter.openidPrefix")}
      </Checkbox>
    </Flex>
  );
}
