import { ExperimentOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Flex } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";
import type { AccountSummary } from "../../ipc";
import { may, useTeamRole } from "../settings/useTeam";
import { AccountCard } from "./AccountCard";
import { AccountFormModal } from "./AccountFormModal";
import "./accounts.css";
import { useSelectedAccount } from "./SelectedAccountContext";
import { useRemoveAccount } from "./useAccounts";
import { accountAfterAddTest } from "./selection";
import { connectionFailed, useConnectionTests } from "./useConnectionTests";

type FormState = { open: false } | { open: true; account?: AccountSummary };

export function AccountsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { accounts, selectedAccount, selectedAccountId, selectAccount, rememberSelection } = useSelectedAccount();
  const [form, setForm] = useState<FormState>({ open: false });
  // On a team's store only an admin changes accounts; the others see them and test them.
  const role = useTeamRole();
  const admin = may(role, "admin");
  const tests = useConnectionTests();
  const remove = useRemoveAccount();
  const sandbox = accounts.find((account) => account.isSandbox);
  const hasRealAccount = accounts.some((account) => !account.isSandbox);
  // Real accounts first; the sandbox last, it is there to practise.
  const ordered = [...accounts].sort((a, b) => Number(a.isSandbox) - Number(b.isSandbox));

  const openAdd = () => setForm({ open: true });

  return (
    <PageContainer
      testId="page-accounts"
      title={t("accounts.title")}
      subtitle={t("accounts.subtitle")}
      extra={
        admin ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={openAdd} data-testid="account-add">
            {t("accounts.add")}
          </Button>
        ) : null
      }
    >
      <Flex vertical gap={16}>
        {role !== null && !admin ? (
          <Alert
            type="info"
            showIcon
            data-testid="accounts-read-only"
            title={t("team.accountsReadOnly")}
            description={t("team.accountsReadOnlyHint", { role: t(`team.role.${role}`) })}
          />
        ) : null}
        {!hasRealAccount ? (
          <EmptyState
            title={t("accounts.emptyTitle")}
            description={t("accounts.emptyDescription")}
            action={
              <Flex gap={8} wrap justify="center">
                {admin ? (
                  <Button type="primary" icon={<PlusOutlined />} onClick={openAdd} data-testid="accounts-add-first">
                    {t("accounts.add")}
                  </Button>
                ) : null}
                {sandbox ? (
                  <Button
                    icon={<ExperimentOutlined />}
                    data-testid="accounts-try-sandbox"
                    onClick={() => {
                      selectAccount(sandbox.id);
                      void navigate("/templates");
                    }}
                  >
                    {t("accounts.trySandbox")}
                  </Button>
                ) : null}
              </Flex>
            }
            hint={sandbox ? t("accounts.trySandboxHint") : undefined}
          />
        ) : null}

        <ul className="pd-account-list" aria-label={t("accounts.listLabel")}>
          {ordered.map((account) => (
            <li key={account.id}>
              <AccountCard
                account={account}
                selected={account.id === selectedAccountId}
                test={tests.results[account.id]}
                onTest={() => tests.run(account.id)}
                onDismissTest={() => tests.dismiss(account.id)}
                readOnly={!admin}
                onEdit={() => setForm({ open: true, account })}
                onRemove={() =>
                  remove.mutateAsync(account.id).then(() => {
                    tests.dismiss(account.id);
                    void message.success(t("accounts.remove.done", { name: account.name }));
                  })
                }
              />
            </li>
          ))}
        </ul>
      </Flex>

      <AccountFormModal
        open={form.open}
        account={form.open ? form.account : undefined}
        onClose={() => setForm({ open: false })}
        onSaved={(saved, added) => {
          setForm({ open: false });
          if (added) {
            void message.success(t("accounts.added", { name: saved.name }));
            const previous = selectedAccount;
            rememberSelection();
            tests.run(saved.id, (result) => {
              const connected = !connectionFailed(result);
              const next = accountAfterAddTest(previous?.id ?? null, saved.id, connected);
              if (next !== null) selectAccount(next);
              else if (previous) void message.warning(t("accounts.keptSelection", { name: saved.name, current: previous.name }));
            });
          } else {
            void message.success(t("accounts.saved", { name: saved.name }));
            tests.dismiss(saved.id);
          }
        }}
      />
    </PageContainer>
  );
}
