import { AppstoreOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input, Radio, Select } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { CodeText } from "../../components/CodeText";
import type { AccountSummary } from "../../ipc";
import { useAccounts } from "../accounts/useAccounts";
import { JUMP_KINDS, switchJump, type JumpField, type JumpForm, type JumpKind } from "./jump";
import { hasPlaceholder } from "./text";
import { useJumpProblems } from "./useJumpProblems";
import "./compose.css";

type Props = {
  /** The Official Account: its name and the mini programs bound to it. */
  account: AccountSummary;
  form: JumpForm;
  onChange: (form: JumpForm) => void;
  /** The core's refusal of the jump (`jumpFieldError`), shown under the field it names. */
  refusal: { field: JumpField; message: string } | null;
  /**
   * Whether a field left blank says so before the user has been there: when the values were
   * restored (a draft, a copy) or a check was asked for. Wrong values always say so.
   */
  revealMissing: boolean;
  /** `compose` or `campaign`: the test ids and input ids (`compose-url`, `campaign-mp-appid`, …). */
  testIdPrefix: string;
  /** What a page may hold where these fields are used (placeholders filled per send or per row). */
  pageHint: string;
};

/** How each field is named in test ids and input ids. */
const SLUG: Record<JumpField, string> = { url: "url", miniprogramAppid: "mp-appid", page: "page" };

/**
 * What tapping an Official Account's template message opens: nothing, a web page ("详情"), or a
 * page of a mini program bound to the account ("进入小程序查看"), with an optional web page for
 * WeChat versions that cannot open mini programs. Fields a choice does not use are emptied (so
 * they are not sent) and come back when the choice does.
 */
export function OfficialJumpFields({ account, form, onChange, refusal, revealMissing, testIdPrefix, pageHint }: Props) {
  const { t } = useTranslation("compose");
  const navigate = useNavigate();
  const accounts = useAccounts();
  const { problems, text } = useJumpProblems(account, form);
  const [touched, setTouched] = useState<ReadonlySet<JumpField>>(() => new Set());
  const [remembered, setRemembered] = useState<Omit<JumpForm, "jump">>({ url: "", miniprogramAppid: "", page: "" });
  const bound = account.miniPrograms;
  const id = (field: JumpField) => `${testIdPrefix}-${SLUG[field]}-input`;
  const testId = (field: JumpField) => `${testIdPrefix}-${SLUG[field]}`;

  const touch = (field: JumpField) => setTouched((current) => (current.has(field) ? current : new Set(current).add(field)));
  const set = (patch: Partial<JumpForm>) => onChange({ ...form, ...patch });
  const choose = (jump: JumpKind) => {
    const memory = {
      url: form.url || remembered.url,
      miniprogramAppid: form.miniprogramAppid || remembered.miniprogramAppid,
      page: form.page || remembered.page,
    };
    setRemembered(memory);
    onChange(switchJump(form, jump, memory, bound));
  };

  /** The core's refusal of the field, else what the checks find; a blank field only once it matters. */
  const feedback = (field: JumpField): { validateStatus?: "error" | "warning"; help?: ReactNode } => {
    const error = (message: string) => ({
      validateStatus: "error" as const,
      help: <span data-testid={`${testId(field)}-error`}>{message}</span>,
    });
    if (refusal?.field === field) return error(refusal.message);
    const problem = problems.find((p) => p.field === field);
    const blank = problem?.kind === "urlMissing" || problem?.kind === "appidMissing" || problem?.kind === "pageMissing";
    if (problem && (!blank || revealMissing || touched.has(field))) return error(text(problem));
    // The core sends a web address as typed: a placeholder in it would reach people as {{name}}.
    if (field === "url" && hasPlaceholder(form.url)) {
      return { validateStatus: "warning", help: <span data-testid={`${testId(field)}-warning`}>{t("jump.urlPlaceholder")}</span> };
    }
    return {};
  };

  const urlInput = (
    <Input
      id={id("url")}
      data-testid={testId("url")}
      value={form.url}
      placeholder="https://example.com/orders/7"
      onChange={(event) => set({ url: event.target.value })}
      onBlur={() => touch("url")}
      inputMode="url"
      autoComplete="off"
      spellCheck={false}
    />
  );

  const nameOf = (appid: string) => accounts.data?.find((known) => known.appid === appid && known.kind === "mini_program")?.name;

  return (
    <div className="pd-jump-fields" data-testid={`${testIdPrefix}-jump-fields`}>
      <Form.Item label={t("jump.label")} extra={t(`jump.hint.${form.jump}`)}>
        <Radio.Group
          value={form.jump}
          onChange={(event) => choose(event.target.value as JumpKind)}
          aria-label={t("jump.label")}
          data-testid={`${testIdPrefix}-jump`}
        >
          {JUMP_KINDS.map((kind) => (
            <Radio key={kind} value={kind}>
              <span data-testid={`${testIdPrefix}-jump-${kind}`}>{t(`jump.kind.${kind}`)}</span>
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>

      {form.jump === "web" ? (
        <Form.Item label={t("jump.url")} htmlFor={id("url")} extra={t("jump.urlHint")} {...feedback("url")}>
          {urlInput}
        </Form.Item>
      ) : null}

      {form.jump === "mini_program" ? (
        <>
          <Form.Item label={t("jump.miniProgram")} htmlFor={id("miniprogramAppid")} {...feedback("miniprogramAppid")}>
            {bound.length === 0 ? (
              <Alert
                type="warning"
                showIcon
                data-testid={`${testIdPrefix}-mp-none`}
                title={t("jump.noMiniPrograms", { name: account.name })}
                action={
                  <Button
                    size="small"
                    icon={<AppstoreOutlined />}
                    onClick={() => void navigate("/accounts")}
                    data-testid={`${testIdPrefix}-mp-accounts`}
                  >
                    {t("jump.goToAccounts")}
                  </Button>
                }
              />
            ) : (
              <Select<string>
                id={id("miniprogramAppid")}
                data-testid={testId("miniprogramAppid")}
                value={form.miniprogramAppid || undefined}
                placeholder={t("jump.miniProgramPlaceholder")}
                onChange={(miniprogramAppid) => set({ miniprogramAppid })}
                onBlur={() => touch("miniprogramAppid")}
                options={bound.map((appid) => ({
                  value: appid,
                  label: (
                    <span data-testid={`${testId("miniprogramAppid")}-option-${appid}`} className="pd-jump-mp-option">
                      {nameOf(appid) ? <span>{nameOf(appid)}</span> : null}
                      <CodeText type={nameOf(appid) ? "secondary" : undefined}>{appid}</CodeText>
                    </span>
                  ),
                }))}
              />
            )}
          </Form.Item>
          <Form.Item label={t("jump.page")} htmlFor={id("page")} extra={pageHint} {...feedback("page")}>
            <Input
              id={id("page")}
              data-testid={testId("page")}
              value={form.page}
              placeholder="pages/order/detail?id=7"
              onChange={(event) => set({ page: event.target.value })}
              onBlur={() => touch("page")}
              autoComplete="off"
              spellCheck={false}
            />
          </Form.Item>
          <Form.Item label={t("jump.fallbackUrl")} htmlFor={id("url")} extra={t("jump.fallbackUrlHint")} {...feedback("url")}>
            {urlInput}
          </Form.Item>
        </>
      ) : null}
    </div>
  );
}
