import { ReloadOutlined, UndoOutlined } from "@ant-design/icons";
import { Button, Flex, Input, Select, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import type { AuditAction } from "../../ipc";
import { useDeferredText, type CustomDays } from "../sendlog/LogFilters";
import { TimeRangeFilter } from "../sendlog/TimeRangeFilter";
import { AUDIT_ACTIONS, type AuditFilterState } from "./model";

type AuditFiltersProps = {
  state: AuditFilterState;
  onChange: (next: AuditFilterState) => void;
  /** The days picked for a custom range (kept by the page, so "custom" shows them again). */
  customDays: CustomDays;
  onCustomDays: (days: CustomDays) => void;
  onReset: () => void;
  onRefresh: () => void;
  refreshing: boolean;
};

/** The audit trail's filter bar: when, which actions, who. Dates work as in the send log. */
export function AuditFilters({ state, onChange, customDays, onCustomDays, onReset, onRefresh, refreshing }: AuditFiltersProps) {
  const { t } = useTranslation("audit");
  const set = (patch: Partial<AuditFilterState>) => onChange({ ...state, ...patch });

  return (
    <Flex gap={8} wrap align="center" className="pd-audit-filters" role="search" aria-label={t("filter.label")}>
      <TimeRangeFilter
        testIdPrefix="audit"
        ariaLabel={t("filter.range")}
        range={state.range}
        onRange={(range) => set({ range })}
        customDays={customDays}
        onCustomDays={onCustomDays}
      />
      <Select<AuditAction[]>
        data-testid="audit-actions"
        size="small"
        mode="multiple"
        className="pd-audit-select-actions"
        aria-label={t("filter.actions")}
        placeholder={t("filter.actionsAll")}
        // Few options (one per action): all of them in the page, for the keyboard and screen readers too.
        virtual={false}
        allowClear
        maxTagCount="responsive"
        value={state.actions}
        onChange={(actions) => set({ actions })}
        options={AUDIT_ACTIONS.map((action) => ({
          value: action,
          label: <span data-testid={`audit-action-option-${action}`}>{t(`action.${action}`)}</span>,
        }))}
      />
      <ActorInput value={state.actor} onApply={(actor) => set({ actor })} />
      <Flex gap={6} className="pd-audit-filter-actions">
        <Tooltip title={t("filter.refresh")}>
          <Button size="small" icon={<ReloadOutlined />} onClick={onRefresh} loading={refreshing} aria-label={t("filter.refresh")} data-testid="audit-refresh" />
        </Tooltip>
        <Button size="small" icon={<UndoOutlined />} onClick={onReset} data-testid="audit-reset">
          {t("filter.reset")}
        </Button>
      </Flex>
    </Flex>
  );
}

/** The person: the core matches the whole name, so it applies once typing pauses rather than on every key. */
function ActorInput({ value, onApply }: { value: string; onApply: (actor: string) => void }) {
  const { t } = useTranslation("audit");
  const { text, setText, commit } = useDeferredText(value, (raw) => onApply(raw.trim()));
  return (
    <Input
      data-testid="audit-actor"
      size="small"
      className="pd-audit-actor-input"
      allowClear
      spellCheck={false}
      autoComplete="off"
      aria-label={t("filter.actor")}
      // A native hint, not an antd Tooltip: inside one, the pause in typing did not apply the
      // name until something else re-rendered (seen in the tests).
      title={t("filter.actorHint")}
      placeholder={t("filter.actorPlaceholder")}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onPressEnter={() => commit(text.trim())}
      onBlur={() => commit(text.trim())}
    />
  );
}
