import { ArrowLeftOutlined, ArrowRightOutlined, SyncOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Skeleton, Steps, Typography, theme } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { EmptyState } from "../../../components/EmptyState";
import { PageContainer } from "../../../components/PageContainer";
import { toIpcError, type AccountSummary, type AudienceInspection, type AudienceSource, type CampaignPlan, type SyncedTemplate } from "../../../ipc";
import { useSelectedAccount } from "../../accounts/SelectedAccountContext";
import { useTemplates } from "../../templates/useTemplates";
import "../campaigns.css";
import { useInspectAudience, usePlanCampaign } from "../useCampaigns";
import { MappingStep } from "./MappingStep";
import { RecipientsStep } from "./RecipientsStep";
import { SendStep } from "./SendStep";
import { draftOf, fieldsFromMapping, initialWizardState, planKeyOf, sourceOf, type WizardState } from "./wizardState";
import { GoToAccountsButton } from "../../accounts/GoToAccountsButton";

/** /campaigns/new: recipients → mapping and dry run → test and send. */
export function NewCampaignPage() {
  const { t } = useTranslation("campaigns");
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const { selectedAccount, isLoading } = useSelectedAccount();
  const templates = useTemplates(selectedAccount?.id ?? null);

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
    body = <Wizard key={selectedAccount.id} account={selectedAccount} templates={templates.data ?? []} />;
  }

  return (
    <PageContainer
      testId="campaign-wizard"
      title={t("wizard.title")}
      subtitle={selectedAccount ? `${t("wizard.subtitle")} · ${selectedAccount.name}` : t("wizard.subtitle")}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate("/campaigns")} data-testid="campaign-wizard-exit">
          {t("wizard.backToList")}
        </Button>
      }
    >
      {body}
    </PageContainer>
  );
}

type Inspected = { data: AudienceInspection; source: AudienceSource; seq: number };
type Planned = { data: CampaignPlan; key: string; seq: number };

function Wizard({ account, templates }: { account: AccountSummary; templates: readonly SyncedTemplate[] }) {
  const { t } = useTranslation("campaigns");
  const [state, setState] = useState<WizardState>(() => initialWizardState(new Date()));
  const [step, setStep] = useState(0);
  const [inspected, setInspected] = useState<Inspected | null>(null);
  const [mappedFor, setMappedFor] = useState<string | null>(null);
  const [planned, setPlanned] = useState<Planned | null>(null);
  const inspect = useInspectAudience();
  const autoPlan = usePlanCampaign();
  const validate = usePlanCampaign();
  const { token } = theme.useToken();

  const template = templates.find((tpl) => tpl.templateId === state.templateId);
  const keywords = useMemo(() => template?.keywords ?? [], [template]);
  const update = (patch: Partial<WizardState>) => setState((current) => ({ ...current, ...patch }));

  const source = sourceOf(state);
  const inspection = inspected && JSON.stringify(inspected.source) === JSON.stringify(source) ? inspected : null;
  const mappingKey = inspection && template ? `${inspection.seq}|${template.templateId}` : null;
  const draft = inspection && template ? draftOf(state, account.id, keywords, inspection.data, inspection.source) : null;
  const draftKey = draft ? planKeyOf(draft) : null;
  const plan = planned && mappingKey === mappedFor ? planned : null;
  const planFresh = plan !== null && plan.key === draftKey;

  const runInspect = () => {
    if (!source) return;
    inspect.mutate(source, {
      onSuccess: (data) => {
        setInspected((current) => ({ data, source, seq: (current?.seq ?? 0) + 1 }));
        setPlanned(null);
      },
    });
  };

  /** Entering the mapping step: take the automatic mapping (and its dry run) unless this file and template were mapped already. */
  const enterMapping = () => {
    setStep(1);
    if (!inspection || !template || mappingKey === mappedFor) return;
    const autoDraft = draftOf(state, account.id, keywords, inspection.data, inspection.source, true);
    autoPlan.mutate(autoDraft, {
      onSuccess: (result) => {
        const patch = {
          openidColumn: result.mapping.openidColumn,
          fields: fieldsFromMapping(keywords, result.mapping, {}),
          placeholderColumns: {},
        };
        const next: WizardState = { ...state, ...patch };
        update(patch);
        setMappedFor(mappingKey);
        const key = planKeyOf(draftOf(next, account.id, keywords, inspection.data, inspection.source));
        setPlanned((current) => ({ data: result, key, seq: (current?.seq ?? 0) + 1 }));
      },
    });
  };

  const runValidate = () => {
    if (!draft || !draftKey) return;
    validate.mutate(draft, {
      onSuccess: (result) => {
        setPlanned((current) => ({ data: result, key: draftKey, seq: (current?.seq ?? 0) + 1 }));
        // A mapping made before the auto plan answered still counts as this file's mapping.
        setMappedFor(mappingKey);
      },
    });
  };

  const step1Ready = state.name.trim() !== "" && template !== undefined && inspection !== null;
  const step2Ready = planFresh;
  const blockers1 = [
    state.name.trim() === "" ? t("wizard.blocked.name") : null,
    template === undefined ? t("wizard.blocked.template") : null,
    inspection === null ? t("wizard.blocked.inspect") : null,
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

      {step === 0 ? (
        <RecipientsStep
          state={state}
          update={update}
          templates={templates}
          inspection={inspection?.data ?? null}
          inspecting={inspect.isPending}
          inspectError={inspect.isError ? inspect.error : null}
          onInspect={runInspect}
        />
      ) : null}
      {step === 1 && template && inspection && draft ? (
        <MappingStep
          account={account}
          state={state}
          update={update}
          template={template}
          headers={inspection.data.headers}
          mapping={autoPlan.isPending}
          plan={plan?.data ?? null}
          planSeq={plan?.seq ?? 0}
          planFresh={planFresh}
          planning={validate.isPending}
          planError={validate.isError ? validate.error : autoPlan.isError ? autoPlan.error : null}
          onValidate={runValidate}
          draft={draft}
        />
      ) : null}
      {step === 2 && template && plan && draft ? (
        <SendStep account={account} template={template} state={state} update={update} plan={plan.data} draft={draft} />
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
