import { AuditOutlined, CheckCircleOutlined } from "@ant-design/icons";
import { Alert, Card, Descriptions, Flex, Tag, Tooltip, Typography, type DescriptionsProps } from "antd";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/DateTime";
import { useFormat } from "../../i18n/useFormat";
import type { AccountSummary, Campaign } from "../../ipc";
import { MessageCard } from "../compose/MessageCard";
import "../compose/compose.css";
import { useAccountTemplates } from "../sendlog/useSendLog";
import { ApproveButton, useApprovalWhen } from "./ApproveButton";
import { Duration } from "./Duration";
import { estimateSeconds } from "./model";
import { useWindowLabel } from "./useScheduleText";

type PanelProps = {
  campaign: Campaign;
  /** The campaign's account, when this desk has it. */
  account: AccountSummary | undefined;
  /** While the campaign shown is out of date (a run's events came first): nothing is approved. */
  disabled?: boolean;
};

/**
 * A campaign waiting for another sender's approval (`approval === "waiting"`): the wizard's
 * confirm page again — account, template, the card as the recipients see it, how many, when,
 * how fast, who made it — and the approval, where the campaign's `actions` offer it (never to
 * its author, nor below sender). Nothing for another campaign.
 */
export function ApprovalPanel({ campaign, account, disabled }: PanelProps) {
  const { t } = useTranslation("campaigns");
  const fmt = useFormat();
  const when = useApprovalWhen();
  const windowLabel = useWindowLabel();
  const templates = useAccountTemplates(campaign.approval === "waiting" ? campaign.accountId : null);
  if (campaign.approval !== "waiting") return null;

  const { counts, message } = campaign;
  const template = templates.data?.find((tpl) => tpl.templateId === campaign.templateId);
  // A keyword without a typed value takes each person's value from the list: marked as a placeholder.
  const rows = template
    ? template.keywords.map((keyword) => ({
        key: keyword.key,
        label: keyword.label,
        value: message.values[keyword.key] ?? `{{${keyword.label}}}`,
        displayLimit: keyword.displayLimit,
      }))
    : Object.entries(message.values).map(([key, value]) => ({ key, label: key, value }));
  const canApprove = campaign.actions.includes("approve");

  const items: NonNullable<DescriptionsProps["items"]> = [
    { key: "account", label: t("approval.panel.account"), children: <span data-testid="approval-account">{account?.name ?? `#${campaign.accountId}`}</span> },
    { key: "template", label: t("approval.panel.template"), children: <span data-testid="approval-template">{campaign.templateTitle}</span> },
    {
      key: "recipients",
      label: t("approval.panel.recipients"),
      children: (
        <Typography.Text strong className="pd-num" data-testid="approval-recipients" data-total={counts.total} data-pending={counts.pending}>
          {t("approval.panel.recipientsValue", { total: fmt.number(counts.total), pending: fmt.number(counts.pending) })}
        </Typography.Text>
      ),
    },
    { key: "when", label: t("approval.panel.when"), children: <span data-testid="approval-when">{when(campaign)}</span> },
    { key: "window", label: t("approval.panel.window"), children: <span data-testid="approval-window">{windowLabel(campaign.window)}</span> },
    {
      key: "speed",
      label: t("approval.panel.speed"),
      children: <span data-testid="approval-rate">{t("confirm.speedValue", { rate: campaign.rate, concurrency: campaign.concurrency })}</span>,
    },
    { key: "duration", label: t("approval.panel.duration"), children: <Duration seconds={estimateSeconds(counts.pending, campaign.rate)} /> },
    ...(campaign.channel === "subscribe_message" || message.page
      ? [
          {
            key: "state",
            label: t("approval.panel.state"),
            children: <span data-testid="approval-state">{t(`options.stateName.${message.miniprogramState}`)}</span>,
          },
        ]
      : []),
    {
      key: "createdBy",
      label: t("approval.panel.createdBy"),
      children: (
        <span data-testid="approval-created-by" className="pd-num">
          {campaign.createdBy} · <DateTime value={campaign.createdAt} />
        </span>
      ),
    },
  ];

  return (
    <Card
      size="small"
      className="pd-campaign-card pd-campaign-approval"
      data-testid="approval-panel"
      title={
        <Flex align="center" gap={8}>
          <AuditOutlined aria-hidden />
          {t("approval.panel.title")}
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t("approval.panel.intro")}</Typography.Text>
        <div className="pd-campaign-report-grid">
          <Descriptions size="small" column={1} bordered items={items} />
          <Flex vertical gap={6} className="pd-campaign-preview" data-testid="approval-card">
            <Typography.Text strong>{t("approval.panel.card")}</Typography.Text>
            <MessageCard
              channel={campaign.channel}
              title={campaign.templateTitle}
              appName={account?.name ?? ""}
              sentAt={campaign.scheduledAt ?? new Date()}
              rows={rows}
              message={message}
            />
            <Typography.Text type="secondary" className="pd-campaign-small">
              {t("approval.panel.cardHint")}
            </Typography.Text>
          </Flex>
        </div>
        {canApprove ? (
          <Flex justify="flex-end">
            <ApproveButton campaign={campaign} testId="approve-campaign" icon={<CheckCircleOutlined />} size="large" disabled={disabled} />
          </Flex>
        ) : (
          <Alert type="info" showIcon title={t("approval.panel.waitingOther")} data-testid="approval-waiting-other" />
        )}
      </Flex>
    </Card>
  );
}

/** "待批准" beside a campaign's status while it waits for another sender's approval; nothing otherwise. */
export function ApprovalWaitingTag({ campaign, testId = "approval-waiting-tag" }: { campaign: Pick<Campaign, "approval">; testId?: string }) {
  const { t } = useTranslation("campaigns");
  if (campaign.approval !== "waiting") return null;
  return (
    <Tooltip title={t("approval.waitingTagHint")}>
      <Tag color="orange" icon={<AuditOutlined />} className="pd-campaign-status" data-testid={testId}>
        {t("approval.waitingTag")}
      </Tag>
    </Tooltip>
  );
}

/** "已由 … 批准 · time" for an approved campaign; nothing otherwise. */
export function ApprovedTag({ campaign, testId }: { campaign: Pick<Campaign, "approval" | "approvedBy" | "approvedAt">; testId?: string }) {
  const { t } = useTranslation("campaigns");
  if (campaign.approval !== "approved" || campaign.approvedBy === null) return null;
  return (
    <Tag color="green" icon={<CheckCircleOutlined />} className="pd-campaign-status pd-num" data-testid={testId}>
      {t("approval.approvedBy", { by: campaign.approvedBy })}
      {campaign.approvedAt !== null ? (
        <>
          {" · "}
          <DateTime value={campaign.approvedAt} />
        </>
      ) : null}
    </Tag>
  );
}
