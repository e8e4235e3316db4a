import { FileTextOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";

export function ComposePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <PageContainer testId="page-compose" title={t("compose.title")} subtitle={t("compose.subtitle")}>
      <EmptyState
        title={t("compose.emptyTitle")}
        description={t("compose.emptyDescription")}
        action={
          <Button type="primary" icon={<FileTextOutlined />} onClick={() => void navigate("/templates")}>
            {t("compose.goToTemplates")}
          </Button>
        }
      />
    </PageContainer>
  );
}
