import { Card, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Campaign, CampaignAction, Counts } from "../../ipc";
import { CampaignActionButton } from "./CampaignActions";

type Props = { campaign: Campaign; counts: Counts; disabled: boolean };

/** The resends the campaign offers now, each beside what it means for the people it reaches. */
export function ResendCard({ campaign, counts, disabled }: Props) {
  const { t } = useTranslation("campaigns");
  const offered = (action: CampaignAction) => campaign.actions.includes(action);
  if (!offered("resend_unknown") && !offered("resend_failed")) return null;
  const row = (action: CampaignAction, title: string, hint: string) => (
    <Flex justify="space-between" align="center" gap={12} wrap>
      <Flex vertical gap={2} className="pd-campaign-resend-text">
        <Typography.Text strong>{title}</Typography.Text>
        <Typography.Text type="secondary" className="pd-campaign-small">
          {hint}
        </Typography.Text>
      </Flex>
      <CampaignActionButton campaign={campaign} action={action} counts={counts} testIdPrefix="campaign" disabled={disabled} />
    </Flex>
  );
  return (
    <Card size="small" className="pd-campaign-card" title={t("resend.title")} data-testid="campaign-resend">
      <Flex vertical gap={12}>
        {offered("resend_unknown") ? row("resend_unknown", t("resend.unknownTitle", { count: counts.unknown }), t("resend.unknownHint")) : null}
        {offered("resend_failed") ? row("resend_failed", t("resend.failedTitle", { count: counts.failed }), t("resend.failedHint")) : null}
      </Flex>
    </Card>
  );
}
