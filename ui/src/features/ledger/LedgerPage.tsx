import { Card, Flex, Skeleton, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";
import type { AccountSummary } from "../../ipc";
import { GoToAccountsButton } from "../accounts/GoToAccountsButton";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";
import { EventImport } from "./EventImport";
import "./ledger.css";
import { LedgerImport } from "./LedgerImport";
import { LedgerTemplates } from "./LedgerTemplates";
import { PushKeysCard } from "./PushKeysCard";

/**
 * /ledger: WeChat's event pushes for the selected account: importing them (delivery receipts,
 * subscription answers), the keys that open encrypted ones, and the subscription ledger they build.
 */
export function LedgerPage() {
  const { t } = useTranslation("ledger");
  const { selectedAccount, isLoading } = useSelectedAccount();

  if (isLoading) {
    return (
      <PageContainer testId="page-ledger-loading" title={t("title")} subtitle={t("subtitle")}>
        <Skeleton active paragraph={{ rows: 6 }} />
      </PageContainer>
    );
  }
  if (!selectedAccount) {
    return (
      <PageContainer testId="page-ledger" title={t("title")} subtitle={t("subtitle")}>
        <div data-testid="ledger-no-account">
          <EmptyState title={t("noAccount.title")} description={t("noAccount.description")} action={<GoToAccountsButton />} />
        </div>
      </PageContainer>
    );
  }
  // Keyed by account: another account starts with a clean import, form and search.
  return <AccountLedger key={selectedAccount.id} account={selectedAccount} />;
}

function AccountLedger({ account }: { account: AccountSummary }) {
  const { t } = useTranslation("ledger");
  return (
    <PageContainer testId="page-ledger" title={t("title")} subtitle={`${t("subtitle")} · ${account.name}`}>
      <Flex vertical gap={16}>
        <div className="pd-ledger-top">
          <Card size="small" title={t("import.title")}>
            <EventImport account={account} />
          </Card>
          <PushKeysCard account={account} />
        </div>
        <Card size="small" title={t("ledger.title")}>
          <Flex vertical gap={12}>
            <Typography.Text type="secondary" className="pd-ledger-small">
              {t("ledger.what")}
            </Typography.Text>
            <LedgerTemplates account={account} />
          </Flex>
        </Card>
        <Card size="small" title={t("grantsImport.title")}>
          <LedgerImport account={account} />
        </Card>
      </Flex>
    </PageContainer>
  );
}
