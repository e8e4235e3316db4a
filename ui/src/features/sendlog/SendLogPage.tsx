import { DownloadOutlined, ImportOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Tooltip } from "antd";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate, useSearchParams } from "react-router";
import { PageContainer } from "../../components/PageContainer";
import { toIpcError } from "../../ipc";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";
import { channelOf } from "../compose/jump";
import { EventImportModal } from "../ledger/EventImportModal";
import { ExportModal } from "./ExportModal";
import { InterceptedCheckButton, InterceptedResult, useCheckIntercepted } from "./InterceptedCheck";
import { LogDetailDrawer } from "./LogDetailDrawer";
import { LogFilters, type CustomDays } from "./LogFilters";
import { LogEmpty, LogTable } from "./LogTable";
import { LogTotalsPanel } from "./LogTotalsPanel";
import { viewFromLink } from "./logLink";
import { useLogViewMemory, type LogView } from "./logViewMemory";
import { EMPTY_FILTER, isNarrowed, toLogFilter, type FilterState } from "./model";
import "./sendlog.css";
import { useLogCampaigns, useLogPages, useLogTemplates, useLogTotals } from "./useSendLog";

/**
 * What the page opens with: a link's own filter when it is a new navigation carrying one (not
 * a return to the same history entry), otherwise the log as the user left it, otherwise nothing.
 */
function openingView(
  remembered: LogView | null,
  params: URLSearchParams,
  locationKey: string,
  selectedAccountId: number | null,
): LogView {
  // The filter a link carries (`?campaign=…`, `?status=…&from=…&to=…`: see `logLink`).
  const linked = viewFromLink(params, selectedAccountId);
  if (linked && remembered?.linkKey !== locationKey) {
    return { filter: linked.filter, customDays: linked.customDays, accountId: selectedAccountId, linkKey: locationKey, pages: null };
  }
  return remembered ?? { filter: EMPTY_FILTER, customDays: null, accountId: selectedAccountId, linkKey: null, pages: null };
}

/** /log: every attempt ever made, filtered, totalled, inspected and exported. */
export function SendLogPage() {
  const { t } = useTranslation("sendlog");
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const { selectedAccountId, selectedAccount, accounts } = useSelectedAccount();
  const memory = useLogViewMemory();
  const [opening] = useState(() => openingView(memory.read(), params, location.key, selectedAccountId));
  const [state, setState] = useState<FilterState>(opening.filter);
  const [customDays, setCustomDays] = useState<CustomDays>(opening.customDays);
  const [openId, setOpenId] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  // Receipts are taken in for one account: the one selected in the header.
  const [importingEvents, setImportingEvents] = useState(false);
  // Another account chosen in the header (here or while away): its campaigns and templates are not the old ones.
  const [filterAccount, setFilterAccount] = useState(opening.accountId);
  if (filterAccount !== selectedAccountId) {
    setFilterAccount(selectedAccountId);
    if (state.scope === "account") setState({ ...state, campaignId: null, templateId: null });
  }
  useEffect(() => {
    memory.remember({ filter: state, customDays, accountId: filterAccount, linkKey: opening.linkKey });
  }, [memory, state, customDays, filterAccount, opening.linkKey]);

  const scope = selectedAccountId === null ? "all" : state.scope;
  const effective: FilterState = { ...state, scope };
  const filter = useMemo(() => toLogFilter({ ...state, scope }, selectedAccountId), [state, scope, selectedAccountId]);
  const pages = useLogPages(filter);
  useRestoredPages(pages, filter, opening.pages, memory.rememberPages);
  const totals = useLogTotals(filter);
  const campaigns = useLogCampaigns(filter.accountId ?? null);
  const accountIds = useMemo(
    () => (filter.accountId !== null && filter.accountId !== undefined ? [filter.accountId] : accounts.map((a) => a.id)),
    [filter.accountId, accounts],
  );
  const templates = useLogTemplates(accountIds);
  const checkIntercepted = useCheckIntercepted();
  // Template messages (and so the channel column and filter) come only from an Official Account.
  const showChannel = accounts.some((account) => account.kind === "official_account");
  const channels = useMemo(
    () =>
      state.channel !== null
        ? [state.channel]
        : [...new Set(accounts.filter((account) => accountIds.includes(account.id)).map((account) => channelOf(account.kind)))],
    [state.channel, accounts, accountIds],
  );

  const entries = useMemo(() => pages.data?.pages.flatMap((page) => page.entries) ?? [], [pages.data]);
  const narrowed = isNarrowed(effective);
  const nothingYet = !narrowed && pages.isSuccess && entries.length === 0;
  const reset = () => {
    setState({ ...EMPTY_FILTER, scope: state.scope });
    setCustomDays(null);
  };
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
        showChannel={showChannel || state.channel !== null}
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
        <Flex gap={8} wrap>
          {selectedAccount ? <InterceptedCheckButton account={selectedAccount} check={checkIntercepted} /> : null}
          <Tooltip title={selectedAccount ? undefined : t("importEvents.noAccount")}>
            <Button icon={<ImportOutlined />} onClick={() => setImportingEvents(true)} disabled={!selectedAccount} data-testid="log-import-events">
              {t("importEvents.button")}
            </Button>
          </Tooltip>
          <Button icon={<DownloadOutlined />} onClick={() => setExporting(true)} data-testid="log-export" disabled={nothingYet}>
            {t("export.button")}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <LogFilters
          state={effective}
          onChange={setState}
          customDays={customDays}
          onCustomDays={setCustomDays}
          onReset={reset}
          onRefresh={refresh}
          refreshing={pages.isRefetching && !pages.isFetchingNextPage}
          accountScopeDisabled={selectedAccountId === null}
          campaigns={campaigns.data ?? []}
          templates={templates}
          showChannel={showChannel}
          channels={channels}
        />
        <InterceptedResult accountId={selectedAccountId} check={checkIntercepted} />
        {nothingYet || pages.isError ? null : (
          <LogTotalsPanel
            totals={totals.data}
            loading={totals.isFetching}
            channels={channels}
            onErrcode={(errcode) => setState({ ...state, errcode, status: [] })}
          />
        )}
        {content}
      </Flex>
      <LogDetailDrawer id={openId} onClose={() => setOpenId(null)} onOpen={setOpenId} />
      {selectedAccount ? (
        <EventImportModal account={selectedAccount} open={importingEvents} onClose={() => setImportingEvents(false)} />
      ) : null}
      <ExportModal open={exporting} onClose={() => setExporting(false)} filter={filter} expectedRows={totals.data?.total} />
    </PageContainer>
  );
}

/**
 * Loads again as many rows as were shown when the user left (the query cache may have let them
 * go meanwhile), then keeps remembering how many are shown. Only for the filter they belong to.
 */
function useRestoredPages(
  pages: ReturnType<typeof useLogPages>,
  filter: ReturnType<typeof toLogFilter>,
  remembered: LogView["pages"],
  rememberPages: (pages: LogView["pages"]) => void,
) {
  const filterKey = JSON.stringify(filter);
  const restoring = useRef(remembered);
  const loaded = pages.data?.pages.length ?? 0;
  const { isSuccess, isFetching, hasNextPage, fetchNextPage } = pages;
  useEffect(() => {
    const target = restoring.current;
    if (target && target.filter !== filterKey) restoring.current = null;
    else if (target) {
      if (!isSuccess || isFetching) return;
      if (loaded < target.count && hasNextPage) {
        void fetchNextPage({ cancelRefetch: false });
        return;
      }
      restoring.current = null;
    }
    if (isSuccess) rememberPages({ filter: filterKey, count: loaded });
  }, [filterKey, loaded, isSuccess, isFetching, hasNextPage, fetchNextPage, rememberPages]);
}
