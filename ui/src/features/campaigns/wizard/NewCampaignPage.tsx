import { ArrowLeftOutlined, ArrowRightOutlined, SyncOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Skeleton, Steps, Typography, theme } from "antd";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { useConfirmLeave, useUnsavedWork } from "../../../app/unsavedWork/unsavedWork";
import { EmptyState } from "../../../components/EmptyState";
import { PageContainer } from "../../../components/PageContainer";
import {
  toIpcError,
  type AccountSummary,
  type AudienceOptions,
  type AudienceSource,
  type CampaignPlan,
  type Draft,
  type SyncedTemplate,
  type TextEncoding,
} from "../../../ipc";
import { useSelectedAccount } from "../../accounts/SelectedAccountContext";
import { useTemplates } from "../../templates/useTemplates";
import "../campaigns.css";
import { MappingStep } from "./MappingStep";
import { RecipientsStep, type EncodingQuestion } from "./RecipientsStep";
import { rereadableOf } from "./schedule";
import { SendStep } from "./SendStep";
import { discardDraft, useCreateDraft, useUpdateDraft } from "./useDrafts";
import {
  copyFromLocation,
  fieldsFromMapping,
  initialWizardState,
  planKeyOf,
  settingsOf,
  sourceOf,
  typedFields,
  wizardStateFromCopy,
  type CampaignCopy,
  type WizardState,
} from "./wizardState";
import type { GrantSwitch } from "./GrantCounts";
import type { RecentSwitch } from "./RepeatWarning";
import { GoToAccountsButton } from "../../accounts/GoToAccountsButton";

/** /campaigns/new: recipients → mapping and dry run → test and send. */
export function NewCampaignPage() {
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const confirmLeave = useConfirmLeave();
  const { selectedAccount, accounts, isLoading } = useSelectedAccount();
  const templates = useTemplates(selectedAccount?.id ?? null);
  // "Copy" on a campaign opens the wizard with the campaign's choices in the router state.
  const location = useLocation();
  const copy = useMemo(() => copyFromLocation(location.state), [location.state]);
  // A copy is of one account's campaign: its template and values mean nothing in another.
  const copyHere = copy && selectedAccount && copy.from.accountId === selectedAccount.id ? copy : null;
  const copyElsewhere = copy && selectedAccount && !copyHere ? copy : null;

  let body: React.ReactNode;
  if (isLoading || (selectedAccount && templates.isPending)) {
    body = <Skeleton active title={false} paragraph={{ rows: 8 }} />;
  } else if (!selectedAccount) {
    body = (
      <EmptyState
        title={t("noAccount.title")}
        description={t("noAccount.description")}
        action={<GoToAccountsButton />}
      />
    );
  } else if (templates.isError) {
    const error = toIpcError(templates.error);
    body = <Alert type="error" showIcon title={`${t("wizard.templatesFailed")} · ${tc(`error.${error.code}`)}`} description={error.message} />;
  } else if ((templates.data ?? []).length === 0) {
    body = (
      <div data-testid="campaign-no-templates">
        <EmptyState
          title={t("wizard.noTemplates.title", { name: selectedAccount.name })}
          description={t("wizard.noTemplates.description")}
          action={
            <Button type="primary" icon={<SyncOutlined />} onClick={() => void navigate("/templates")}>
              {t("wizard.noTemplates.action")}
            </Button>
          }
        />
      </div>
    );
  } else {
    body = (
      <Flex vertical gap={16}>
        {copyElsewhere ? (
          <Alert
            type="warning"
            showIcon
            data-testid="campaign-copy-other-account"
            title={t("copy.otherAccount", {
              name: copyElsewhere.from.name,
              account: accounts.find((a) => a.id === copyElsewhere.from.accountId)?.name ?? `#${copyElsewhere.from.accountId}`,
            })}
          />
        ) : null}
        <Wizard
          key={`${selectedAccount.id}:${copyHere?.from.id ?? "new"}`}
          account={selectedAccount}
          templates={templates.data ?? []}
          copy={copyHere}
        />
      </Flex>
    );
  }

  return (
    <PageContainer
      testId="campaign-wizard"
      title={t("wizard.title")}
      subtitle={selectedAccount ? `${t("wizard.subtitle")} · ${selectedAccount.name}` : t("wizard.subtitle")}
      extra={
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => confirmLeave(() => void navigate("/campaigns"))}
          data-testid="campaign-wizard-exit"
        >
          {t("wizard.backToList")}
        </Button>
      }
    >
      {body}
    </PageContainer>
  );
}

/** A draft, and the source (as typed) it was read from. */
type Read = { draft: Draft; sourceKey: string };
/** An encoding question about the source (as typed) it was asked for. */
type Asked = EncodingQuestion & { source: AudienceSource; sourceKey: string };
/** A plan, the settings it was made for, and the options among them (what its counts mean). */
type Planned = { data: CampaignPlan; key: string; seq: number; options: AudienceOptions };

const keyOf = (source: AudienceSource | null) => JSON.stringify(source);

/**
 * The wizard holds at most one draft — every row of the file, read once. It is thrown away
 * when another file is read and when the wizard is left without starting it.
 */
function useHeldDraft() {
  const held = useRef<number | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      if (held.current !== null) discardDraft(held.current);
      held.current = null;
    };
  }, []);
  return {
    /** Holds a new draft, throwing the previous one away; a draft made after the wizard was left is thrown away at once. */
    hold: (id: number) => {
      if (held.current !== null && held.current !== id) discardDraft(held.current);
      if (mounted.current) held.current = id;
      else discardDraft(id);
      return mounted.current;
    },
    release: () => {
      if (held.current !== null) discardDraft(held.current);
      held.current = null;
    },
    /** The draft became a campaign: nothing to throw away. */
    consumed: () => {
      held.current = null;
    },
  };
}

type WizardProps = {
  account: AccountSummary;
  templates: readonly SyncedTemplate[];
  /** The campaign this one starts as a copy of (of this account), if any. */
  copy: CampaignCopy | null;
};

function Wizard({ account, templates, copy }: WizardProps) {
  const { t } = useTranslation("campaigns");
  const copyTemplateKnown = copy !== null && templates.some((tpl) => tpl.templateId === copy.templateId);
  const [initial] = useState(() => (copy ? wizardStateFromCopy(copy, new Date(), copyTemplateKnown) : initialWizardState(new Date())));
  const [state, setState] = useState<WizardState>(initial);
  // The draft became a campaign: leaving loses nothing.
  const [handedOver, setHandedOver] = useState(false);
  const [step, setStep] = useState(0);
  const [read, setRead] = useState<Read | null>(null);
  const [asked, setAsked] = useState<Asked | null>(null);
  const [mappedFor, setMappedFor] = useState<string | null>(null);
  const [planned, setPlanned] = useState<Planned | null>(null);
  const held = useHeldDraft();
  const create = useCreateDraft();
  const autoPlan = useUpdateDraft();
  const validate = useUpdateDraft();
  const store = useUpdateDraft();
  const switcher = useUpdateDraft();
  const grantSwitcher = useUpdateDraft();
  // The settings the draft holds now (JSON), so unchanged settings are not stored twice.
  const stored = useRef<string | null>(null);
  const { token } = theme.useToken();

  // The draft is discarded on leaving and cannot be reopened: any change the user made would be lost.
  const touched = JSON.stringify(state) !== JSON.stringify(initial);
  useUnsavedWork(
    touched && !handedOver
      ? { title: t("wizard.leave.title"), description: t("wizard.leave.description"), discardLabel: t("wizard.leave.discard") }
      : null,
  );

  const template = templates.find((tpl) => tpl.templateId === state.templateId);
  const keywords = useMemo(() => template?.keywords ?? [], [template]);
  // A copy's typed values, while its template is the one chosen: the mapping starts from them.
  const typed = copy && template && copy.templateId === template.templateId ? copy.message.values : {};
  const update = (patch: Partial<WizardState>) => setState((current) => ({ ...current, ...patch }));

  const source = sourceOf(state);
  const sourceKey = keyOf(source);
  const current = read && read.sourceKey === sourceKey ? read : null;
  const question = asked && asked.sourceKey === sourceKey ? asked : null;
  const draft = current?.draft ?? null;
  const headers = draft?.headers ?? [];
  const mappingKey = draft && template ? `${draft.id}|${template.templateId}` : null;
  const settings = draft && template ? settingsOf(state, keywords, headers) : null;
  const settingsKey = settings ? planKeyOf(settings) : null;
  const plan = planned && mappingKey === mappedFor ? planned : null;
  const planFresh = plan !== null && plan.key === settingsKey;

  const showPlan = (data: CampaignPlan, key: string, options: AudienceOptions) =>
    setPlanned((previous) => ({ data, key, options, seq: (previous?.seq ?? 0) + 1 }));

  /** Reads the source into a new draft; with an encoding, reads the file the question was about. */
  const runRead = (encoding: TextEncoding | null) => {
    const target = encoding !== null && asked ? asked.source : source;
    // One read at a time: fetching a big account's followers takes a while, and is not started twice.
    if (!target || create.isPending) return;
    const key = keyOf(target);
    held.release();
    stored.current = null;
    setRead(null);
    setPlanned(null);
    create
      .mutateAsync({ accountId: account.id, source: target, encoding, settings: settingsOf(state, [], [], true) })
      .then((creation) => {
        if (creation.kind === "needs_encoding") {
          setAsked({ file: creation.file, candidates: creation.candidates, source: target, sourceKey: key });
          return;
        }
        if (!held.hold(creation.draft.id)) return;
        stored.current = JSON.stringify(creation.draft.settings);
        setAsked(null);
        setRead({ draft: creation.draft, sourceKey: key });
      })
      // Shown inline from the mutation's state.
      .catch(() => undefined);
  };

  /** Entering the mapping step: take the automatic mapping (and its validation) unless this draft and template were mapped already. */
  const enterMapping = () => {
    setStep(1);
    if (!draft || !template || mappingKey === mappedFor) return;
    const auto = settingsOf(state, keywords, headers, true, typed);
    autoPlan.mutate(
      { id: draft.id, settings: auto },
      {
        onSuccess: (result) => {
          stored.current = JSON.stringify(auto);
          const patch = {
            openidColumn: result.mapping.openidColumn,
            fields: fieldsFromMapping(keywords, result.mapping, typedFields(typed)),
            placeholderColumns: {},
          };
          const next: WizardState = { ...state, ...patch };
          update(patch);
          setMappedFor(mappingKey);
          const mapped = settingsOf(next, keywords, headers);
          showPlan(result, planKeyOf(mapped), mapped.options);
        },
      },
    );
  };

  const runValidate = () => {
    if (!draft || !settings || !settingsKey) return;
    validate.mutate(
      { id: draft.id, settings },
      {
        onSuccess: (result) => {
          stored.current = JSON.stringify(settings);
          showPlan(result, settingsKey, settings.options);
          // A mapping made before the auto plan answered still counts as this draft's mapping.
          setMappedFor(mappingKey);
        },
      },
    );
  };

  /** Stores the choices on screen (name and speed included) before the draft is used as it stands. */
  const save = async () => {
    if (!draft || !settings || !settingsKey) return;
    const json = JSON.stringify(settings);
    if (json === stored.current) return;
    const result = await store.mutateAsync({ id: draft.id, settings });
    stored.current = json;
    showPlan(result, settingsKey, settings.options);
  };

  /**
   * An option changed from the report itself: the draft is validated again at once, so the
   * counts on screen (and the number the start confirms) follow.
   */
  const replanWith = (mutation: typeof switcher, patch: Partial<WizardState>) => {
    if (!draft || !template) return;
    const next: WizardState = { ...state, ...patch };
    const nextSettings = settingsOf(next, keywords, headers);
    update(patch);
    mutation.mutate(
      { id: draft.id, settings: nextSettings },
      {
        onSuccess: (result) => {
          stored.current = JSON.stringify(nextSettings);
          showPlan(result, planKeyOf(nextSettings), nextSettings.options);
          setMappedFor(mappingKey);
        },
      },
    );
  };

  /** The repeat-send warning's one click: skip the people who got the template lately, or send to them anyway. */
  const recentSwitch: RecentSwitch = {
    run: (skipRecent: boolean) => replanWith(switcher, { skipRecent }),
    pending: switcher.isPending,
    error: switcher.isError ? switcher.error : null,
  };

  /** The ledger's switch: send only to the people with a grant left, or to everyone. */
  const grantSwitch: GrantSwitch = {
    run: (onlyGranted: boolean) => replanWith(grantSwitcher, { onlyGranted }),
    pending: grantSwitcher.isPending,
    error: grantSwitcher.isError ? grantSwitcher.error : null,
  };

  const step1Ready = state.name.trim() !== "" && template !== undefined && draft !== null;
  const step2Ready = planFresh;
  const blockers1 = [
    state.name.trim() === "" ? t("wizard.blocked.name") : null,
    template === undefined ? t("wizard.blocked.template") : null,
    draft === null ? (state.sourceKind === "followers" ? t("wizard.blocked.fetchFollowers") : t("wizard.blocked.inspect")) : null,
  ].filter((b): b is string => b !== null);

  const goTo = (target: number) => {
    if (target === step) return;
    if (target < step) setStep(target);
    else if (target === 1 && step1Ready) enterMapping();
    else if (target === 2 && step1Ready && step2Ready) setStep(2);
  };

  return (
    <Flex vertical gap={16} className="pd-campaign-wizard">
      <Steps
        current={step}
        onChange={goTo}
        size="small"
        className="pd-campaign-steps"
        items={[
          { title: t("wizard.step.recipients"), content: t("wizard.step.recipientsHint") },
          { title: t("wizard.step.mapping"), content: t("wizard.step.mappingHint"), disabled: !step1Ready },
          { title: t("wizard.step.send"), content: t("wizard.step.sendHint"), disabled: !step1Ready || !step2Ready },
        ]}
      />

      {step === 0 && copy ? (
        <Alert
          type={copyTemplateKnown ? "info" : "warning"}
          showIcon
          data-testid="campaign-copy-notice"
          data-from={copy.from.id}
          title={t("copy.notice.title", { name: copy.from.name })}
          description={
            copyTemplateKnown ? t("copy.notice.description") : t("copy.notice.templateMissing", { title: copy.from.templateTitle })
          }
        />
      ) : null}
      {step === 0 ? (
        <RecipientsStep
          account={account}
          state={state}
          update={update}
          templates={templates}
          draft={draft}
          question={question}
          reading={create.isPending}
          readError={create.isError ? create.error : null}
          onRead={() => runRead(null)}
          onChooseEncoding={(encoding) => runRead(encoding)}
          onDismissQuestion={() => setAsked(null)}
        />
      ) : null}
      {step === 1 && template && draft ? (
        <MappingStep
          account={account}
          state={state}
          update={update}
          template={template}
          headers={headers}
          draftId={draft.id}
          mapping={autoPlan.isPending}
          plan={plan?.data ?? null}
          planSeq={plan?.seq ?? 0}
          planOptions={plan?.options ?? null}
          recentSwitch={recentSwitch}
          grantSwitch={grantSwitch}
          planFresh={planFresh}
          planning={validate.isPending || switcher.isPending || grantSwitcher.isPending}
          planError={validate.isError ? validate.error : autoPlan.isError ? autoPlan.error : null}
          onValidate={runValidate}
        />
      ) : null}
      {step === 2 && template && plan && draft ? (
        <SendStep
          account={account}
          template={template}
          state={state}
          update={update}
          plan={plan.data}
          planOptions={plan.options}
          recentSwitch={recentSwitch}
          grantSwitch={grantSwitch}
          draftId={draft.id}
          reread={rereadableOf(draft.source)}
          save={save}
          onStarted={() => {
            held.consumed();
            setHandedOver(true);
          }}
        />
      ) : null}

      <Flex
        justify="space-between"
        align="center"
        gap={12}
        className="pd-campaign-wizard-nav"
        style={{ background: token.colorBgLayout, borderTop: `1px solid ${token.colorBorderSecondary}` }}
      >
        <Button icon={<ArrowLeftOutlined />} disabled={step === 0} onClick={() => setStep(step - 1)} data-testid="campaign-back">
          {t("wizard.back")}
        </Button>
        {step < 2 ? (
          <Flex align="center" gap={12}>
            {step === 0 && blockers1.length > 0 ? (
              <Typography.Text type="secondary" className="pd-campaign-small">
                {blockers1.join(t("wizard.blocked.separator"))}
              </Typography.Text>
            ) : null}
            {step === 1 && !step2Ready ? (
              <Typography.Text type="secondary" className="pd-campaign-small">
                {t("wizard.blocked.validate")}
              </Typography.Text>
            ) : null}
            <Button
              type="primary"
              icon={<ArrowRightOutlined />}
              iconPlacement="end"
              disabled={step === 0 ? !step1Ready : !step2Ready}
              onClick={() => goTo(step + 1)}
              data-testid="campaign-next"
            >
              {t("wizard.next")}
            </Button>
          </Flex>
        ) : null}
      </Flex>
    </Flex>
  );
}
