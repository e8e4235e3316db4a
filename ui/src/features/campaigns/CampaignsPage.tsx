import { SendOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";

export function CampaignsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <PageContainer testId="page-campaigns" title={t("campaigns.title")} subtitle={t("campaigns.subtitle")}>
      <EmptyState
        title={t("campaigns.emptyTitle")}
        description={t("campaigns.emptyDescription")}
        action={
          <Button type="primary" icon={<SendOutlined />} onClick={() => void navigate("/compose")}>
            {t("campaigns.goToCompose")}
          </Button>
        }
      />
    </PageContainer>
  );
}
