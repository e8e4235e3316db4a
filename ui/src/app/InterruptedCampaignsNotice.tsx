import { Alert, Button, Flex, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useFormat } from "../i18n/useFormat";
import type { Campaign } from "../ipc";
import { useSelectedAccount } from "../features/accounts/SelectedAccountContext";
import { useAccounts } from "../features/accounts/useAccounts";
import { done } from "../features/campaigns/model";
import { useInterruptedCampaigns } from "../features/campaigns/useCampaigns";
import { awaitsUserAfterInterruption } from "./interruptedCampaigns";
import { useConfirmLeave } from "./unsavedWork/unsavedWork";
import "./interruptedCampaignsNotice.css";

/**
 * "Some campaigns did not finish last time", above whatever page the app opens on: after a
 * crash the user must learn it at once, not only if they happen to visit Campaigns.
 */
export function InterruptedCampaignsNotice() {
  const { t } = useTranslation();
  const { t: tc } = useTranslation("campaigns");
  const fmt = useFormat();
  const navigate = useNavigate();
  const confirmLeave = useConfirmLeave();
  const { accounts: selectable, selectedAccountId, selectAccount } = useSelectedAccount();
  // Every account, the hidden sandbox too: a campaign is named with its account even then.
  const allAccounts = useAccounts().data ?? [];
  const interrupted = useInterruptedCampaigns();
  // The shell stays mounted across routes, so this lasts the session: no nagging on each page.
  const [dismissed, setDismissed] = useState(false);
  const waiting = (interrupted.data ?? []).filter(awaitsUserAfterInterruption);
  if (dismissed || waiting.length === 0) return null;

  // The account is worth naming as soon as one campaign is not the selected account's: opening it switches.
  const nameAccounts = waiting.some((campaign) => campaign.accountId !== selectedAccountId);
  const accountName = (campaign: Campaign) =>
    allAccounts.find((account) => account.id === campaign.accountId)?.name ?? `#${campaign.accountId}`;

  const open = (campaign: Campaign) =>
    confirmLeave(() => {
      // Every page is scoped to the header's account: showing another account's campaign under
      // it would make "back to the list" list the wrong account's campaigns.
      if (campaign.accountId !== selectedAccountId && selectable.some((account) => account.id === campaign.accountId)) {
        selectAccount(campaign.accountId);
      }
      void navigate(`/campaigns/${campaign.id}`);
    });

  return (
    <Alert
      type="warning"
      showIcon
      className="pd-interrupted-notice"
      data-testid="interrupted-notice"
      closable={{ onClose: () => setDismissed(true), "aria-label": t("interruptedNotice.dismiss") }}
      title={tc("interrupted.title")}
      description={
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t("interruptedNotice.hint")}</Typography.Text>
          {waiting.map((campaign) => (
            <Flex
              key={campaign.id}
              align="center"
              gap={12}
              wrap
              className="pd-interrupted-notice-row"
              data-testid={`interrupted-notice-${campaign.id}`}
            >
              <Typography.Text strong>{campaign.name}</Typography.Text>
              <Typography.Text type="secondary" className="pd-num">
                {[
                  nameAccounts ? accountName(campaign) : null,
                  tc("interrupted.progress", {
                    done: fmt.number(done(campaign.counts)),
                    total: fmt.number(campaign.counts.total),
                  }),
                  campaign.counts.unknown > 0 ? tc("interrupted.unknown", { count: campaign.counts.unknown }) : null,
                ]
                  .filter((part) => part !== null)
                  .join(" · ")}
              </Typography.Text>
              <Button
                size="small"
                onClick={() => open(campaign)}
                aria-label={t("interruptedNotice.openNamed", { name: campaign.name })}
                data-testid={`interrupted-notice-open-${campaign.id}`}
              >
                {t("interruptedNotice.open")}
              </Button>
            </Flex>
          ))}
        </Flex>
      }
    />
  );
}
