import { AppstoreOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";

export function TemplatesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <PageContainer testId="page-templates" title={t("templates.title")} subtitle={t("templates.subtitle")}>
      <EmptyState
        title={t("templates.emptyTitle")}
        description={t("templates.emptyDescription")}
        action={
          <Button type="primary" icon={<AppstoreOutlined />} onClick={() => void navigate("/accounts")}>
            {t("templates.goToAccounts")}
          </Button>
        }
      />
    </PageContainer>
  );
}
