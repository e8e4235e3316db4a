import { SearchOutlined, SyncOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Input, Skeleton, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../i18n/format";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";
import { toIpcError, type AccountSummary, type SyncSummary } from "../../ipc";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";
import { may, useTeamRole } from "../settings/useTeam";
import { TemplateCard } from "./TemplateCard";
import "./templates.css";
import { matchesSearch, useSyncTemplates, useTemplates } from "./useTemplates";
import { GoToAccountsButton } from "../accounts/GoToAccountsButton";

export function TemplatesPage() {
  const { t } = useTranslation();
  const { selectedAccount, isLoading } = useSelectedAccount();

  if (isLoading) return <LoadingPage />;
  if (!selectedAccount) {
    return (
      <PageContainer testId="page-templates" title={t("templates.title")} subtitle={t("templates.subtitle")}>
        <NoAccount />
      </PageContainer>
    );
  }
  // Keyed by account: switching accounts starts with a clean search and no stale sync result.
  return <AccountTemplates key={selectedAccount.id} account={selectedAccount} />;
}

/**
 * Shown for the few milliseconds the local cache takes to load. `page-templates` appears only
 * once the page knows what it shows, so tests (and people) never see a state that is about to change.
 */
function LoadingPage() {
  const { t } = useTranslation();
  return (
    <PageContainer testId="page-templates-loading" title={t("templates.title")} subtitle={t("templates.subtitle")}>
      <Skeleton active paragraph={{ rows: 6 }} />
    </PageContainer>
  );
}

function NoAccount() {
  const { t } = useTranslation();
  return (
    <div data-testid="templates-no-account">
      <EmptyState
        title={t("templates.noAccountTitle")}
        description={t("templates.noAccountDescription")}
        action={<GoToAccountsButton />}
      />
    </div>
  );
}

function AccountTemplates({ account }: { account: AccountSummary }) {
  const { t, i18n } = useTranslation();
  const templates = useTemplates(account.id);
  const sync = useSyncTemplates();
  // Syncing writes the team's template cache: an author's and up.
  const maySync = may(useTeamRole(), "author");
  const [search, setSearch] = useState("");
  const [summary, setSummary] = useState<SyncSummary | null>(null);

  const runSync = () => {
    setSummary(null);
    sync.mutate(account.id, { onSuccess: setSummary });
  };

  const all = templates.data ?? [];
  const syncButton = maySync ? (
    <Button
      // The empty state has its own primary sync button; one primary action per screen.
      type={all.length > 0 ? "primary" : "default"}
      icon={<SyncOutlined spin={sync.isPending} />}
      onClick={runSync}
      disabled={sync.isPending}
      data-testid="templates-sync"
    >
      {sync.isPending ? t("templates.syncing") : t("templates.sync")}
    </Button>
  ) : null;

  const shown = all.filter((template) => matchesSearch(template.title, search));
  // An Official Account's templates are template messages: nothing about subscriptions.
  const official = account.kind === "official_account";
  const lastSynced =
    account.templatesSyncedAt ??
    all.reduce<string | null>((latest, template) => (latest === null || template.syncedAt > latest ? template.syncedAt : latest), null);

  if (templates.isPending) return <LoadingPage />;

  let body: React.ReactNode;
  if (templates.isError) {
    const error = toIpcError(templates.error);
    body = (
      <Alert
        type="error"
        showIcon
        data-testid="templates-load-error"
        title={`${t("templates.loadFailed")} · ${t(`error.${error.code}`)}`}
        description={error.message}
      />
    );
  } else if (all.length === 0) {
    body = (
      <div data-testid={lastSynced ? "templates-none" : "templates-never-synced"}>
        <EmptyState
          title={lastSynced ? t("templates.noneTitle", { name: account.name }) : t("templates.neverSyncedTitle", { name: account.name })}
          description={
            lastSynced
              ? t(official ? "templates.official.noneDescription" : "templates.noneDescription", {
                  time: formatDateTime(lastSynced, i18n.language),
                })
              : official
                ? t("templates.official.neverSyncedDescription")
                : t("templates.neverSyncedDescription")
          }
          action={
            <Flex gap={8} wrap justify="center">
              {maySync ? (
                <Button
                  type="primary"
                  icon={<SyncOutlined spin={sync.isPending} />}
                  loading={sync.isPending}
                  onClick={runSync}
                  data-testid="templates-sync-empty"
                >
                  {t("templates.sync")}
                </Button>
              ) : (
                <Typography.Text type="secondary" data-testid="templates-sync-not-permitted">
                  {t("team.templatesSyncNotPermitted")}
                </Typography.Text>
              )}
              <GoToAccountsButton primary={false} />
            </Flex>
          }
        />
      </div>
    );
  } else {
    body = (
      <Flex vertical gap={12}>
        <Flex align="center" justify="space-between" gap={12} wrap className="pd-templates-toolbar">
          <Input
            allowClear
            className="pd-templates-search"
            prefix={<SearchOutlined aria-hidden />}
            placeholder={t("templates.searchPlaceholder")}
            aria-label={t("templates.searchPlaceholder")}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            data-testid="templates-search"
          />
          <Flex gap={12} align="center" wrap className="pd-templates-meta">
            <Typography.Text type="secondary" data-testid="templates-count">
              {search.trim()
                ? t("templates.shown", { shown: shown.length, count: all.length })
                : t("templates.count", { count: all.length })}
            </Typography.Text>
            {lastSynced ? (
              <Typography.Text type="secondary" data-testid="templates-last-synced">
                {t("templates.lastSynced", { time: formatDateTime(lastSynced, i18n.language) })}
              </Typography.Text>
            ) : null}
          </Flex>
        </Flex>
        {shown.length === 0 ? (
          <div data-testid="templates-no-result">
            <EmptyState
              title={t("templates.noResultTitle", { search: search.trim() })}
              description={t("templates.noResultDescription")}
              action={<Button onClick={() => setSearch("")}>{t("templates.clearSearch")}</Button>}
            />
          </div>
        ) : (
          <ul className="pd-template-list" aria-label={t("templates.title")}>
            {shown.map((template) => (
              <li key={template.templateId}>
                <TemplateCard template={template} />
              </li>
            ))}
          </ul>
        )}
      </Flex>
    );
  }

  const syncError = sync.isError ? toIpcError(sync.error) : null;

  return (
    <PageContainer
      testId="page-templates"
      title={t("templates.title")}
      subtitle={
        <>
          {official ? t("templates.official.subtitle") : t("templates.subtitle")} · {account.name}
          {all.length > 0 ? ` · ${t("templates.offlineHint")}` : null}
        </>
      }
      extra={syncButton}
    >
      <Flex vertical gap={12}>
        {summary ? (
          <Alert
            type="success"
            showIcon
            closable={{ onClose: () => setSummary(null) }}
            data-testid="templates-sync-summary"
            title={t("templates.syncSummary", { ...summary })}
          />
        ) : null}
        {syncError ? (
          <Alert
            type="error"
            showIcon
            closable={{ onClose: () => sync.reset() }}
            data-testid="templates-sync-error"
            title={`${t("templates.syncFailed")} · ${t(`error.${syncError.code}`)}`}
            description={syncError.message}
          />
        ) : null}
        {body}
      </Flex>
    </PageContainer>
  );
}
