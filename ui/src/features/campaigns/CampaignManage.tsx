import { CopyOutlined, InboxOutlined, UndoOutlined } from "@ant-design/icons";
import { useIsMutating } from "@tanstack/react-query";
import { App, Button, Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { Campaign } from "../../ipc";
import { canArchive, nameWithin } from "./model";
import { campaignActionKey, useArchiveCampaign } from "./useCampaigns";
import { copyOf, type NewCampaignLocationState } from "./wizard/wizardState";

/**
 * Keeping the list tidy and starting again from a campaign: archive / bring back, and copy into
 * the new-campaign wizard. Beside the lifecycle's actions, not among them: these never send.
 */

type Props = {
  campaign: Campaign;
  /** `campaign` on the detail page, `campaign-row-7` in the list: the button is `${prefix}-copy`, `-archive`, `-unarchive`. */
  testIdPrefix: string;
  size?: "small" | "middle";
};

/**
 * "Copy": the new-campaign wizard with this campaign's name ("… 副本", the name shortened so the
 * whole fits the name field), template, typed values, page, version to open, card language and
 * speed; the user reads a new list.
 */
export function CopyCampaignButton({ campaign, testIdPrefix, size }: Props) {
  const { t } = useTranslation("campaigns");
  const navigate = useNavigate();
  const copy = () => {
    const state: NewCampaignLocationState = { copy: copyOf(campaign, nameWithin(campaign.name, (name) => t("copy.name", { name }))) };
    void navigate("/campaigns/new", { state });
  };
  return (
    <Tooltip title={t("copy.hint")}>
      <Button size={size} icon={<CopyOutlined />} onClick={copy} data-testid={`${testIdPrefix}-copy`}>
        {t("copy.action")}
      </Button>
    </Tooltip>
  );
}

/**
 * "Archive" for a campaign the core allows it of (`ARCHIVABLE_STATUSES`: finished or cancelled),
 * "Unarchive" for an archived one; nothing otherwise. Nothing is lost either way: the campaign,
 * its log and its report stay.
 */
export function ArchiveCampaignButton({ campaign, testIdPrefix, size, disabled }: Props & { disabled?: boolean }) {
  const { t } = useTranslation("campaigns");
  const { message } = App.useApp();
  const mutation = useArchiveCampaign(campaign.id);
  const acting = useIsMutating({ mutationKey: campaignActionKey(campaign.id) }) > 0;
  const archived = campaign.archivedAt !== null;
  if (!archived && !canArchive(campaign.status)) return null;

  const run = () =>
    mutation.mutate(
      { campaign, archived: !archived },
      {
        onSuccess: (updated) =>
          void message.success({
            content: updated.archivedAt !== null ? t("archive.done", { name: updated.name }) : t("archive.undone", { name: updated.name }),
            key: `archive-${updated.id}`,
          }),
      },
    );

  const button = (
    <Button
      size={size}
      icon={archived ? <UndoOutlined /> : <InboxOutlined />}
      loading={mutation.isPending}
      disabled={disabled || (acting && !mutation.isPending)}
      onClick={run}
      data-testid={`${testIdPrefix}-${archived ? "unarchive" : "archive"}`}
    >
      {archived ? t("archive.unarchive") : t("archive.archive")}
    </Button>
  );
  return archived ? button : <Tooltip title={t("archive.hint")}>{button}</Tooltip>;
}

/** The "已归档" tag of an archived campaign; nothing for another. */
export function ArchivedTag({ campaign, testId }: { campaign: Pick<Campaign, "archivedAt">; testId?: string }) {
  const { t } = useTranslation("campaigns");
  if (campaign.archivedAt === null) return null;
  return (
    <Tag data-testid={testId} className="pd-campaign-status">
      {t("archive.tag")}
    </Tag>
  );
}
