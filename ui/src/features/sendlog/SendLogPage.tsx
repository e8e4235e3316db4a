import { DownloadOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, Button, Flex } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { PageContainer } from "../../components/PageContainer";
import { toIpcError } from "../../ipc";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";
import { ExportModal } from "./ExportModal";
import { LogDetailDrawer } from "./LogDetailDrawer";
import { LogFilters } from "./LogFilters";
import { LogEmpty, LogTable } from "./LogTable";
import { LogTotalsPanel } from "./LogTotalsPanel";
import { EMPTY_FILTER, isNarrowed, toLogFilter, type FilterState } from "./model";
import "./sendlog.css";
import { useLogCampaigns, useLogPages, useLogTemplates, useLogTotals } from "./useSendLog";

/**
 * The filter a link opens the log with: `?campaign=ID` (and `&account=ID`, the campaign's
 * account: the scope stays on the current account when it is that one).
 */
function filterFromLink(params: URLSearchParams, selectedAccountId: number | null): FilterState {
  const campaignId = Number(params.get("campaign"));
  if (!Number.isInteger(campaignId) || campaignId <= 0) return EMPTY_FILTER;
  const accountId = Number(params.get("account"));
  const sameAccount = selectedAccountId !== null && accountId === selectedAccountId;
  return { ...EMPTY_FILTER, campaignId, scope: sameAccount ? "account" : "all" };
}

/** /log: every attempt ever made, filtered, totalled, inspected and exported. */
export function SendLogPage() {
  const { t } = useTranslation("sendlog");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { selectedAccountId, accounts } = useSelectedAccount();
  const [state, setState] = useState<FilterState>(() => filterFromLink(params, selectedAccountId));
  const [openId, setOpenId] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  // Another account chosen in the header: its campaigns and templates are not the old ones.
  const [filterAccount, setFilterAccount] = useState(selectedAccountId);
  if (filterAccount !== selectedAccountId) {
    setFilterAccount(selectedAccountId);
    if (state.scope === "account") setState({ ...state, campaignId: null, templateId: null });
  }

  const scope = selectedAccountId === null ? "all" : state.scope;
  const effective: FilterState = { ...state, scope };
  const filter = useMemo(() => toLogFilter({ ...state, scope }, selectedAccountId), [state, scope, selectedAccountId]);
  const pages = useLogPages(filter);
  const totals = useLogTotals(filter);
  const campaigns = useLogCampaigns(filter.accountId ?? null);
  const accountIds = useMemo(
    () => (filter.accountId !== null && filter.accountId !== undefined ? [filter.accountId] : accounts.map((a) => a.id)),
    [filter.accountId, accounts],
  );
  const templates = useLogTemplates(accountIds);

  const entries = useMemo(() => pages.data?.pages.flatMap((page) => page.entries) ?? [], [pages.data]);
  const narrowed = isNarrowed(effective);
  const nothingYet = !narrowed && pages.isSuccess && entries.length === 0;
  const reset = () => setState({ ...EMPTY_FILTER, scope: state.scope });
  const refresh = () => {
    void pages.refetch();
    void totals.refetch();
  };

  let content;
  if (pages.isError) {
    content = (
      <Alert
        type="error"
        showIcon
        data-testid="log-error"
        title={t("table.loadFailed")}
        description={toIpcError(pages.error).message}
        action={
          <Button size="small" onClick={refresh}>
            {t("table.retry")}
          </Button>
        }
      />
    );
  } else {
    content = (
      <LogTable
        entries={entries}
        showAccount={scope === "all"}
        loading={pages.isPending || (pages.isFetching && !pages.isFetchingNextPage && entries.length === 0)}
        hasMore={pages.hasNextPage}
        loadingMore={pages.isFetchingNextPage}
        onMore={() => void pages.fetchNextPage()}
        onOpen={(entry) => setOpenId(entry.id)}
        total={totals.data?.total}
        selectedId={openId}
        empty={
          narrowed ? (
            <LogEmpty
              title={t("empty.noMatchTitle")}
              description={t("empty.noMatchDescription")}
              action={
                <Button onClick={reset} data-testid="log-empty-reset">
                  {t("empty.reset")}
                </Button>
              }
            />
          ) : (
            <LogEmpty
              title={t("empty.title")}
              description={t("empty.description")}
              action={
                <Button icon={<SendOutlined />} onClick={() => void navigate("/compose")}>
                  {t("empty.action")}
                </Button>
              }
            />
          )
        }
      />
    );
  }

  return (
    <PageContainer
      testId="page-log"
      title={t("title")}
      subtitle={t("subtitle")}
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => setExporting(true)} data-testid="log-export" disabled={nothingYet}>
          {t("export.button")}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <LogFilters
          state={effective}
          onChange={setState}
          onReset={reset}
          onRefresh={refresh}
          refreshing={pages.isRefetching && !pages.isFetchingNextPage}
          accountScopeDisabled={selectedAccountId === null}
          campaigns={campaigns.data ?? []}
          templates={templates}
        />
        {nothingYet || pages.isError ? null : (
          <LogTotalsPanel
            totals={totals.data}
            loading={totals.isFetching}
            onErrcode={(errcode) => setState({ ...state, errcode, status: [] })}
          />
        )}
        {content}
      </Flex>
      <LogDetailDrawer id={openId} onClose={() => setOpenId(null)} onOpen={setOpenId} />
      <ExportModal open={exporting} onClose={() => setExporting(false)} filter={filter} expectedRows={totals.data?.total} />
    </PageContainer>
  );
}
