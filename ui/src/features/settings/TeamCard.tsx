import { CloudServerOutlined, DesktopOutlined, LoginOutlined, LogoutOutlined, ReloadOutlined, SaveOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Divider, Flex, Form, Input, InputNumber, Popconfirm, Skeleton, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CodeText } from "../../components/CodeText";
import { DEFAULT_APPROVAL_THRESHOLD, toIpcError, type IpcError, type TeamLink, type TeamRole, type TeamStatus } from "../../ipc";
import { splitFieldPrefix } from "../../ipc/fieldErrors";
import { may, useJoinTeam, useLeaveTeam, useRestartApp, useSetApprovalThreshold, useTeamLink, useTeamStatus } from "./useTeam";

/** What a team's server address looks like (a format, not a text: the same in both languages). */
export const TEAM_SERVER_PLACEHOLDER = "postgres://db.example.com:5432/pushdesk";

/** The fields of the form; the core's refusals start with one of these keys ("server: …"). */
const TEAM_FIELDS = ["server", "login", "password"] as const;
type TeamField = (typeof TEAM_FIELDS)[number];
type TeamFormValues = Record<TeamField, string>;

/** What was just done here: used from the next start, after a restart. */
type Outcome = { kind: "joined"; role: TeamRole } | { kind: "left" };

/**
 * Settings card: where this desk works (its own data, or the team's shared database and the
 * person's role there), joining a team or leaving it (used from the next start), and the team's
 * approval threshold (an admin changes it; the others see it).
 */
export function TeamCard() {
  const { t } = useTranslation();
  // Read again on every visit: another admin may have changed the threshold.
  const status = useTeamStatus({ fresh: true });
  const link = useTeamLink();

  let body;
  if (status.isPending || link.isPending) {
    body = <Skeleton active title={false} paragraph={{ rows: 4 }} />;
  } else if (status.isError || link.isError) {
    const error = toIpcError(status.error ?? link.error);
    body = (
      <Alert
        type="error"
        showIcon
        data-testid="team-load-error"
        title={`${t("settings.team.loadFailed")} · ${t(`error.${error.code}`)}`}
        description={error.message}
        action={
          <Button
            size="small"
            onClick={() => {
              void status.refetch();
              void link.refetch();
            }}
          >
            {t("app.retry")}
          </Button>
        }
      />
    );
  } else {
    body = <TeamBody status={status.data} link={link.data} />;
  }

  return (
    <Card title={t("settings.team.title")} data-testid="team-card">
      {body}
    </Card>
  );
}

function TeamBody({ status, link }: { status: TeamStatus; link: TeamLink | null }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  return (
    <Flex vertical gap={16}>
      <Current status={status} link={outcome ? undefined : link} />
      <Divider className="pd-team-divider" />
      <Typography.Text type="secondary">{t("settings.team.intro")}</Typography.Text>
      <JoinForm link={link} onDone={setOutcome} />
      {outcome ? <RestartPrompt outcome={outcome} /> : null}
      {status.store !== null ? (
        <>
          <Divider className="pd-team-divider" />
          <ApprovalThreshold status={status} />
        </>
      ) : null}
    </Flex>
  );
}

/** Where this desk works now, and (when it changes at the next start) where it will. */
function Current({ status, link }: { status: TeamStatus; link: TeamLink | null | undefined }) {
  const { t } = useTranslation();
  const next =
    link === undefined
      ? null
      : status.store === null && link !== null
        ? t("settings.team.nextTeam", { server: link.server, login: link.login })
        : status.store !== null && link === null
          ? t("settings.team.nextOwn")
          : null;
  return (
    <Flex vertical gap={6}>
      <Flex
        align="center"
        gap={8}
        wrap
        data-testid="team-current"
        data-store={status.store ?? ""}
        data-role={status.role ?? ""}
      >
        <Typography.Text strong>{t("settings.team.current")}</Typography.Text>
        {status.store === null ? (
          <Tag icon={<DesktopOutlined />} color="default">
            {t("settings.team.ownData")}
          </Tag>
        ) : (
          <>
            <Tag icon={<CloudServerOutlined />} color="blue">
              {t("settings.team.teamData")}
            </Tag>
            <CodeText>{status.store}</CodeText>
            {status.role !== null ? (
              <Tag color="purple" data-testid="team-role">
                {t("settings.team.role", { role: t(`team.role.${status.role}`) })}
              </Tag>
            ) : null}
          </>
        )}
      </Flex>
      <Typography.Text type="secondary" className="pd-settings-hint">
        {status.store === null ? t("settings.team.ownDataHelp") : t("settings.team.teamDataHelp")}
      </Typography.Text>
      {next ? (
        <Typography.Text type="warning" className="pd-settings-hint" data-testid="team-next">
          {next}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** Server, login and password: signs in to check them, then keeps them for the next start. */
function JoinForm({ link, onDone }: { link: TeamLink | null; onDone: (outcome: Outcome | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TeamFormValues>();
  const join = useJoinTeam();
  const leave = useLeaveTeam();
  // The last refusal; read when shown, so its message follows a language switch.
  const [refusal, setRefusal] = useState<IpcError | null>(null);
  const onField = refusal?.code === "invalid_input" ? splitFieldPrefix(refusal.message, TEAM_FIELDS) : null;
  const [leaveError, setLeaveError] = useState<IpcError | null>(null);

  const submit = (values: TeamFormValues) => {
    if (join.isPending) return;
    setRefusal(null);
    setLeaveError(null);
    onDone(null);
    join.mutate(
      { link: { server: values.server.trim(), login: values.login.trim() }, password: values.password },
      {
        onSuccess: (role) => {
          form.setFieldValue("password", "");
          onDone({ kind: "joined", role });
        },
        onError: (error) => setRefusal(toIpcError(error)),
      },
    );
  };
  const leaveTeam = () => {
    setRefusal(null);
    setLeaveError(null);
    onDone(null);
    return leave.mutateAsync().then(
      () => onDone({ kind: "left" }),
      (error: unknown) => setLeaveError(toIpcError(error)),
    );
  };

  const item = (field: TeamField) => {
    const error = onField?.field === field ? onField.message : null;
    return {
      name: field,
      htmlFor: `team-${field}-input`,
      validateStatus: error ? ("error" as const) : undefined,
      help: error ? <span data-testid={`team-${field}-error`}>{error}</span> : undefined,
    };
  };
  const formError = refusal && !onField ? refusal : null;

  return (
    <Flex vertical gap={12}>
      <Form<TeamFormValues>
        form={form}
        name="team"
        layout="horizontal"
        labelCol={{ flex: "160px" }}
        labelWrap
        labelAlign="left"
        colon={false}
        className="pd-settings-form"
        autoComplete="off"
        initialValues={{ server: link?.server ?? "", login: link?.login ?? "", password: "" }}
        onFinish={submit}
        onValuesChange={() => setRefusal(null)}
      >
        <Form.Item {...item("server")} label={t("settings.team.server")} extra={t("settings.team.serverHelp")}>
          <Input
            id="team-server-input"
            data-testid="team-server"
            placeholder={TEAM_SERVER_PLACEHOLDER}
            spellCheck={false}
            autoComplete="off"
            className="pd-code-input"
          />
        </Form.Item>
        <Form.Item {...item("login")} label={t("settings.team.login")}>
          <Input id="team-login-input" data-testid="team-login" spellCheck={false} autoComplete="off" className="pd-team-login" />
        </Form.Item>
        <Form.Item {...item("password")} label={t("settings.team.password")} extra={t("settings.team.passwordHint")}>
          <Input.Password id="team-password-input" data-testid="team-password" autoComplete="off" spellCheck={false} className="pd-team-login" />
        </Form.Item>
        <Form.Item label={<span aria-hidden />}>
          <Flex gap={8} wrap align="center">
            <Button type="primary" htmlType="submit" icon={<LoginOutlined />} loading={join.isPending} data-testid="team-join">
              {join.isPending ? t("settings.team.joining") : t("settings.team.join")}
            </Button>
            {link ? (
              <Popconfirm
                title={t("settings.team.leaveTitle")}
                description={<div className="pd-confirm-text">{t("settings.team.leaveDescription")}</div>}
                okText={t("settings.team.leaveOk")}
                cancelText={t("settings.team.cancel")}
                okButtonProps={{ danger: true, "data-testid": "team-leave-confirm" }}
                onConfirm={leaveTeam}
              >
                <Button icon={<LogoutOutlined />} loading={leave.isPending} data-testid="team-leave">
                  {t("settings.team.leave")}
                </Button>
              </Popconfirm>
            ) : null}
          </Flex>
        </Form.Item>
      </Form>
      {formError ? (
        <Alert
          type="error"
          showIcon
          data-testid="team-join-error"
          data-code={formError.code}
          title={`${t("settings.team.joinFailed")} · ${t(`error.${formError.code}`)}`}
          description={formError.message}
        />
      ) : null}
      {leaveError ? (
        <Alert
          type="error"
          showIcon
          data-testid="team-leave-error"
          data-code={leaveError.code}
          title={`${t("settings.team.leaveFailed")} · ${t(`error.${leaveError.code}`)}`}
          description={leaveError.message}
        />
      ) : null}
    </Flex>
  );
}

/** A team joined or left is used from the next start: restart now, or later. */
function RestartPrompt({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const restart = useRestartApp();
  return (
    <Alert
      type="success"
      showIcon
      data-testid={outcome.kind === "joined" ? "team-joined" : "team-left"}
      title={
        outcome.kind === "joined" ? t("settings.team.joined", { role: t(`team.role.${outcome.role}`) }) : t("settings.team.left")
      }
      action={
        <Button type="primary" size="small" icon={<ReloadOutlined />} loading={restart.isPending} onClick={() => restart.mutate()} data-testid="team-restart">
          {t("settings.team.restart")}
        </Button>
      }
    />
  );
}

/** The number of recipients above which a campaign needs another sender's approval. */
function ApprovalThreshold({ status }: { status: TeamStatus }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSetApprovalThreshold();
  const admin = may(status.role, "admin");
  const saved = status.approvalThreshold;
  // What is typed; undefined = showing what is saved (or the default, when none is).
  const [edited, setEdited] = useState<number | null | undefined>(undefined);
  const value = edited !== undefined ? edited : (saved ?? DEFAULT_APPROVAL_THRESHOLD);
  const dirty = value !== null && value !== saved;
  const error = save.isError ? toIpcError(save.error) : null;

  const submit = () => {
    if (!admin || !dirty || save.isPending) return;
    save.mutate(value, {
      onSuccess: (next) => {
        setEdited(undefined);
        void message.success(t("settings.team.approvalSaved", { count: next.approvalThreshold ?? value }));
      },
    });
  };

  return (
    <Flex vertical gap={8}>
      <Form layout="horizontal" labelCol={{ flex: "160px" }} labelWrap labelAlign="left" colon={false} className="pd-settings-form" component="div">
        <Form.Item label={t("settings.team.approval")} htmlFor="team-approval-threshold-input" extra={t("settings.team.approvalHelp")}>
          <Flex gap={8} align="center" wrap>
            <InputNumber<number>
              id="team-approval-threshold-input"
              data-testid="team-approval-threshold"
              min={0}
              precision={0}
              value={admin ? value : saved}
              disabled={!admin}
              onChange={(next) => {
                save.reset();
                setEdited(next);
              }}
              onPressEnter={submit}
              suffix={t("settings.team.approvalUnit")}
              className="pd-team-threshold"
            />
            {admin ? (
              <Button
                type={dirty ? "primary" : "default"}
                icon={<SaveOutlined />}
                disabled={!dirty}
                loading={save.isPending}
                onClick={submit}
                data-testid="team-approval-save"
              >
                {t("settings.team.approvalSave")}
              </Button>
            ) : null}
          </Flex>
        </Form.Item>
      </Form>
      {saved === null ? (
        <Typography.Text type="secondary" className="pd-settings-hint" data-testid="team-approval-none">
          {t("settings.team.approvalNone")}
        </Typography.Text>
      ) : null}
      {!admin ? (
        <Typography.Text type="secondary" className="pd-settings-hint" data-testid="team-approval-read-only">
          {t("settings.team.approvalAdminOnly")}
        </Typography.Text>
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          data-testid="team-approval-error"
          data-code={error.code}
          title={`${t("settings.team.approvalFailed")} · ${t(`error.${error.code}`)}`}
          description={error.message}
        />
      ) : null}
    </Flex>
  );
}
