import { UnorderedListOutlined } from "@ant-design/icons";
import { Button } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { EmptyState } from "../components/EmptyState";
import { PageContainer } from "../components/PageContainer";
import { may, useTeamRole } from "../features/settings/useTeam";

/**
 * The new-campaign wizard, for an author and up. A viewer who reaches it (a copied link, a
 * "copy" button) is told why not, and led back to the campaigns.
 */
export function AuthorsOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (may(useTeamRole(), "author")) return children;
  return (
    <PageContainer testId="page-new-campaign-not-permitted" title={t("nav.campaigns")}>
      <EmptyState
        title={t("team.newCampaignNotPermitted")}
        description={t("team.newCampaignNotPermittedHint")}
        action={
          <Button icon={<UnorderedListOutlined />} onClick={() => void navigate("/campaigns")} data-testid="new-campaign-back">
            {t("campaigns.title")}
          </Button>
        }
      />
    </PageContainer>
  );
}
