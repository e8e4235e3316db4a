import { SendOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";

export function SendLogPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <PageContainer testId="page-log" title={t("log.title")} subtitle={t("log.subtitle")}>
      <EmptyState
        title={t("log.emptyTitle")}
        description={t("log.emptyDescription")}
        action={
          <Button icon={<SendOutlined />} onClick={() => void navigate("/compose")}>
            {t("log.goToCompose")}
          </Button>
        }
      />
    </PageContainer>
  );
}
