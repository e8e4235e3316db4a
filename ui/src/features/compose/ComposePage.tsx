import { FileTextOutlined, SyncOutlined } from "@ant-design/icons";
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Empty, Flex, Form, Input, Select, Skeleton, Typography } from "antd";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { EmptyState } from "../../components/EmptyState";
import { PageContainer } from "../../components/PageContainer";
import { toIpcError, type AccountSummary, type ComposeDraft, type MessageSpec, type SyncedTemplate } from "../../ipc";
import { useSelectedAccount } from "../accounts/SelectedAccountContext";
import { useTemplates } from "../templates/useTemplates";
import "./compose.css";
import {
  draftOf,
  initialComposeState,
  messageOf,
  placeholdersOf,
  type ComposeState,
  type StartedFrom,
} from "./composeState";
import { channelOf, jumpFieldError } from "./jump";
import { KeywordField } from "./KeywordField";
import { MessageCard } from "./MessageCard";
import { MessageOptions } from "./MessageOptions";
import { SendPanel, useSender, type TargetKind } from "./SendPanel";
import { fillPlaceholders, placeholdersInAll } from "./text";
import { DRAFT_DEBOUNCE_MS, persistComposeDraft, useComposeDraft, useMessageCheck } from "./useCompose";
import { useJumpProblems } from "./useJumpProblems";
import { GoToAccountsButton } from "../accounts/GoToAccountsButton";
import { may, useTeamRole } from "../settings/useTeam";

/** Compose: pick a template, fill it in with live checks, preview the card, send to one or the test list. */
export function ComposePage() {
  const { t } = useTranslation("compose");
  const { selectedAccount, isLoading } = useSelectedAccount();
  const [searchParams] = useSearchParams();

  if (isLoading) return <LoadingFrame />;
  if (!selectedAccount) {
    return (
      <Frame>
        <div data-testid="compose-no-account">
          <EmptyState
            title={t("noAccount.title")}
            description={t("noAccount.description")}
            action={<GoToAccountsButton />}
          />
        </div>
      </Frame>
    );
  }
  // A new account, or a new "send again" link, starts a fresh form (the draft is flushed first).
  const link = searchParams.has("template") ? searchParams.toString() : "";
  return <AccountCompose key={`${selectedAccount.id}|${link}`} account={selectedAccount} />;
}

function Frame({ children, subtitle }: { children: React.ReactNode; subtitle?: React.ReactNode }) {
  const { t } = useTranslation("compose");
  return (
    <PageContainer testId="page-compose" title={t("title")} subtitle={subtitle ?? t("subtitle")}>
      {children}
    </PageContainer>
  );
}

function LoadingFrame() {
  return (
    <Frame>
      <Skeleton active title={false} paragraph={{ rows: 8 }} />
    </Frame>
  );
}

function AccountCompose({ account }: { account: AccountSummary }) {
  const { t } = useTranslation("compose");
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const templates = useTemplates(account.id);
  const draft = useComposeDraft();

  if (templates.isPending || draft.isPending) return <LoadingFrame />;
  if (templates.isError) {
    const error = toIpcError(templates.error);
    return (
      <Frame>
        <Alert
          type="error"
          showIcon
          data-testid="compose-templates-error"
          title={`${t("templatesLoadFailed")} · ${tc(`error.${error.code}`)}`}
          description={error.message}
        />
      </Frame>
    );
  }
  if (templates.data.length === 0) {
    return (
      <Frame>
        <div data-testid="compose-no-templates">
          <EmptyState
            title={t("noTemplates.title", { name: account.name })}
            description={account.kind === "official_account" ? t("noTemplates.descriptionOfficial") : t("noTemplates.description")}
            action={
              <Button
                type="primary"
                icon={<SyncOutlined />}
                onClick={() => void navigate("/templates")}
                data-testid="compose-go-templates"
              >
                {t("noTemplates.action")}
              </Button>
            }
          />
        </div>
      </Frame>
    );
  }
  return <ComposeEditor account={account} templates={templates.data} draft={draft.data ?? null} />;
}

/** Keeps only the values a new template can reuse: same key and same label. */
function carryValues(from: SyncedTemplate | undefined, to: SyncedTemplate | undefined, values: Record<string, string>) {
  const out: Record<string, string> = {};
  if (!from || !to) return out;
  for (const keyword of to.keywords) {
    const before = from.keywords.find((k) => k.key === keyword.key && k.label === keyword.label);
    const value = values[keyword.key];
    if (before && value !== undefined) out[keyword.key] = value;
  }
  return out;
}

/** Where a message's card leads, to tell whether a refusal is about what is on screen now. */
function jumpKey(message: MessageSpec): string {
  return JSON.stringify([message.page, message.url ?? null, message.miniprogramAppid ?? null]);
}

function flushDraft(queryClient: QueryClient, pending: RefObject<string | null>) {
  if (pending.current === null) return;
  const json = pending.current;
  pending.current = null;
  void persistComposeDraft(queryClient, JSON.parse(json) as ComposeDraft);
}

type EditorProps = { account: AccountSummary; templates: SyncedTemplate[]; draft: ComposeDraft | null };

function ComposeEditor({ account, templates, draft }: EditorProps) {
  const { t } = useTranslation("compose");
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [searchParams] = useSearchParams();
  const [start] = useState(() => initialComposeState(account.id, templates, draft, searchParams));
  const [state, setState] = useState<ComposeState>(start.state);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [chosenTarget, setTarget] = useState<TargetKind>("single");
  // On a team's store a real send is a sender's (and up); an author sends to the test list only,
  // a viewer sends nothing.
  const role = useTeamRole();
  const mayTest = may(role, "author");
  const maySend = may(role, "sender");
  const target: TargetKind = maySend ? chosenTarget : "test";
  const [today] = useState(() => new Date());
  const [startedFrom, setStartedFrom] = useState<StartedFrom>(start.from);
  const official = account.kind === "official_account";

  const template = templates.find((tpl) => tpl.templateId === state.templateId);
  const keywords = useMemo(() => template?.keywords ?? [], [template]);
  const usedPlaceholders = useMemo(
    () => placeholdersInAll([...keywords.map((keyword) => state.values[keyword.key] ?? ""), state.page]),
    [keywords, state.values, state.page],
  );
  const message = messageOf(state, template);
  const placeholders = placeholdersOf(state, usedPlaceholders);
  const check = useMessageCheck(
    account.id,
    template ? { templateId: template.templateId, message, placeholders } : null,
  );
  const fieldChecks = new Map((check.data?.fields ?? []).map((field) => [field.key, field]));

  // Save the draft a moment after every change, and at once when leaving the page.
  const draftJson = JSON.stringify(draftOf(account.id, state, template));
  const saved = useRef<string | null>(start.from.kind === "link" ? null : draftJson);
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (draftJson === saved.current) {
      pending.current = null;
      return;
    }
    pending.current = draftJson;
    const timer = window.setTimeout(() => {
      saved.current = draftJson;
      flushDraft(queryClient, pending);
    }, DRAFT_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [draftJson, queryClient]);
  useEffect(() => () => flushDraft(queryClient, pending), [queryClient]);

  const update = (patch: Partial<ComposeState>) => setState((current) => ({ ...current, ...patch }));
  const setValue = (key: string, value: string) => {
    setState((current) => ({ ...current, values: { ...current.values, [key]: value } }));
    setTouched((current) => (current.has(key) ? current : new Set(current).add(key)));
  };
  const chooseTemplate = (templateId: string) => {
    const next = templates.find((tpl) => tpl.templateId === templateId);
    setState((current) => ({ ...current, templateId, values: carryValues(template, next, current.values) }));
    setTouched(new Set());
    if (startedFrom.kind === "link" && startedFrom.missingTemplate) setStartedFrom({ kind: "empty" });
  };

  const rows = keywords.map((keyword) => ({
    key: keyword.key,
    label: keyword.label,
    value: fillPlaceholders(state.values[keyword.key] ?? "", state.placeholders),
    displayLimit: keyword.displayLimit,
  }));

  const jump = useJumpProblems(account, official ? state : null);
  const jumpBlockers = jump.problems.map(jump.text);
  const sender = useSender({ account, template, message, placeholders, check, openid: state.openid, target, jumpBlockers });
  // The core's refusal of the page, web address or mini program, while they are what it refused.
  const sent = sender.send.variables?.message;
  const refusal =
    sender.send.isError && sent && jumpKey(sent) === jumpKey(message) ? jumpFieldError(toIpcError(sender.send.error)) : null;
  // Ctrl+Enter (⌘+Enter on macOS) anywhere on the form sends, when sending is allowed.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (mayTest) sender.trigger();
    }
  };

  const previewTitle = official ? t("preview.titleOfficial") : t("preview.title");

  return (
    <Frame subtitle={`${t("subtitle")} · ${account.name}`}>
      <div className="pd-compose" onKeyDown={onKeyDown}>
        <Flex vertical gap={16} className="pd-compose-form">
          {startedFrom.kind === "link" ? (
            <Alert
              type={startedFrom.missingTemplate ? "warning" : "info"}
              showIcon
              closable={{ onClose: () => setStartedFrom({ kind: "empty" }) }}
              data-testid="compose-prefilled"
              title={
                startedFrom.missingTemplate
                  ? t("prefilled.missingTemplate", { id: startedFrom.missingTemplate })
                  : t("prefilled.title")
              }
            />
          ) : startedFrom.kind === "draft" ? (
            <Typography.Text type="secondary" className="pd-compose-small" data-testid="compose-draft-restored">
              {t("draftRestored")}
            </Typography.Text>
          ) : null}

          <Card size="small" title={t("section.template")} className="pd-compose-card">
            <Form layout="vertical" className="pd-compose-template-form">
              <Form.Item
                label={official ? t("template.labelOfficial") : t("template.label")}
                htmlFor="compose-template-select"
                extra={
                  <span>
                    {t("template.hint")}{" "}
                    <Typography.Link onClick={() => void navigate("/templates")}>
                      <FileTextOutlined /> {t("template.manage")}
                    </Typography.Link>
                  </span>
                }
              >
                <Select<string>
                  id="compose-template-select"
                  data-testid="compose-template"
                  value={template?.templateId}
                  placeholder={t("template.placeholder")}
                  onChange={chooseTemplate}
                  showSearch={{ optionFilterProp: "label" }}
                  options={templates.map((tpl) => ({ value: tpl.templateId, label: tpl.title }))}
                  optionRender={(option) => (
                    <Flex justify="space-between" gap={8} data-testid={`compose-template-option-${String(option.value)}`}>
                      <span className="pd-ellipsis">{option.label}</span>
                      <Typography.Text type="secondary" className="pd-compose-small">
                        {t("template.keywordCount", {
                          count: templates.find((tpl) => tpl.templateId === option.value)?.keywords.length ?? 0,
                        })}
                      </Typography.Text>
                    </Flex>
                  )}
                />
              </Form.Item>
            </Form>
          </Card>

          {template ? (
            <>
              <Card size="small" title={t("section.content")} className="pd-compose-card">
                {keywords.length === 0 ? (
                  <Alert type="info" showIcon title={t("noKeywords")} />
                ) : (
                  <Form layout="vertical" className="pd-compose-fields">
                    {keywords.map((keyword) => {
                      const value = state.values[keyword.key] ?? "";
                      return (
                        <KeywordField
                          key={keyword.key}
                          keyword={keyword}
                          value={value}
                          onChange={(next) => setValue(keyword.key, next)}
                          check={fieldChecks.get(keyword.key)}
                          showEmpty={touched.has(keyword.key) || value !== ""}
                          placeholders={state.placeholders}
                          official={official}
                        />
                      );
                    })}
                  </Form>
                )}
              </Card>

              {usedPlaceholders.length > 0 ? (
                <Card size="small" title={t("section.placeholders")} className="pd-compose-card" data-testid="compose-placeholders">
                  <Typography.Paragraph type="secondary" className="pd-compose-small">
                    {t("placeholders.hint")}
                  </Typography.Paragraph>
                  <Form layout="vertical">
                    {usedPlaceholders.map((name) => (
                      <Form.Item key={name} label={`{{${name}}}`} htmlFor={`compose-placeholder-input-${name}`}>
                        <Input
                          id={`compose-placeholder-input-${name}`}
                          data-testid={`compose-placeholder-${name}`}
                          value={state.placeholders[name] ?? ""}
                          placeholder={t("placeholders.valuePlaceholder")}
                          onChange={(event) =>
                            update({ placeholders: { ...state.placeholders, [name]: event.target.value } })
                          }
                        />
                      </Form.Item>
                    ))}
                  </Form>
                </Card>
              ) : null}

              <Card size="small" title={t("section.options")} className="pd-compose-card">
                <MessageOptions
                  account={account}
                  state={state}
                  onChange={update}
                  refusal={refusal}
                  // A restored jump that is not complete says what it lacks; a newly chosen one, once left.
                  revealMissing={startedFrom.kind !== "empty" && start.state.jump !== "none" && state.jump === start.state.jump}
                />
              </Card>

              <Card size="small" title={t("section.send")} className="pd-compose-card">
                {mayTest ? (
                  <SendPanel
                    account={account}
                    sender={sender}
                    openid={state.openid}
                    onOpenidChange={(openid) => update({ openid })}
                    target={target}
                    onTargetChange={setTarget}
                    testOnly={!maySend}
                  />
                ) : (
                  <Alert type="info" showIcon data-testid="compose-read-only" title={tc("team.composeReadOnly")} />
                )}
              </Card>
            </>
          ) : (
            <Card size="small" className="pd-compose-card">
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t("template.choose")}
                data-testid="compose-choose-template"
              />
            </Card>
          )}
        </Flex>

        <aside className="pd-compose-preview" data-testid="compose-preview" aria-label={previewTitle}>
          <div className="pd-compose-preview-inner">
            <Typography.Text type="secondary" className="pd-compose-preview-title">
              {previewTitle}
            </Typography.Text>
            <MessageCard
              channel={channelOf(account.kind)}
              title={template?.title ?? t("preview.noTemplate")}
              appName={account.name}
              sentAt={today}
              rows={rows}
              message={message}
            />
            <Typography.Text type="secondary" className="pd-compose-preview-foot">
              {t("preview.approx")}
            </Typography.Text>
          </div>
        </aside>
      </div>
    </Frame>
  );
}
