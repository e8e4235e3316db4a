import { ExperimentOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";
import { useSelectedAccount } from "./SelectedAccountContext";

export function AccountsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { accounts, selectAccount } = useSelectedAccount();
  const sandbox = accounts.find((account) => account.isSandbox);

  return (
    <PageContainer testId="page-accounts" title={t("accounts.title")} subtitle={t("accounts.subtitle")}>
      <EmptyState
        title={t("accounts.emptyTitle")}
        description={t("accounts.emptyDescription")}
        action={
          sandbox ? (
            <Button
              type="primary"
              icon={<ExperimentOutlined />}
              data-testid="accounts-try-sandbox"
              onClick={() => {
                selectAccount(sandbox.id);
                void navigate("/templates");
              }}
            >
              {t("accounts.trySandbox")}
            </Button>
          ) : undefined
        }
        hint={sandbox ? t("accounts.trySandboxHint") : undefined}
      />
    </PageContainer>
  );
}
