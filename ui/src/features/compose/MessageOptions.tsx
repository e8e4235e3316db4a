import { Form, Segmented, Select } from "antd";
import { useTranslation } from "react-i18next";
import type { AccountSummary, Lang, MiniprogramState } from "../../ipc";
import { LANGS, MINIPROGRAM_STATES, type ComposeState } from "./composeState";
import type { JumpField, JumpForm } from "./jump";
import { MiniProgramPageField } from "./MiniProgramPageField";
import { OfficialJumpFields } from "./OfficialJumpFields";
import { pageExample } from "./text";

type OptionsState = Pick<ComposeState, "page" | "miniprogramState" | "lang" | keyof JumpForm>;

type Props = {
  account: AccountSummary;
  state: OptionsState;
  onChange: (patch: Partial<OptionsState>) => void;
  /** The core's refusal of a field of these options (`page: …`, `url: …`), shown under it. */
  refusal: { field: JumpField; message: string } | null;
  /** Whether blank jump fields say so before the user has been there (the values were restored). */
  revealMissing: boolean;
};

/**
 * Where tapping the card leads. A mini program's: page path, which build opens, the footer
 * link's language. An Official Account's: nothing, a web page or a bound mini program's page
 * (it has no build nor language to choose: the core does not send them).
 */
export function MessageOptions({ account, state, onChange, refusal, revealMissing }: Props) {
  const { t } = useTranslation("compose");
  const pageHint = t("options.pageHint", { example: pageExample(t("options.pageExampleColumn")) });

  if (account.kind === "official_account") {
    return (
      <Form layout="vertical" className="pd-compose-options">
        <OfficialJumpFields
          account={account}
          form={state}
          onChange={onChange}
          refusal={refusal}
          revealMissing={revealMissing}
          testIdPrefix="compose"
          pageHint={t("jump.pageHint", { example: pageExample(t("options.pageExampleColumn")) })}
        />
      </Form>
    );
  }

  const pageRefusal = refusal?.field === "page" ? refusal.message : null;
  return (
    <Form layout="vertical" className="pd-compose-options">
      <MiniProgramPageField idPrefix="compose" value={state.page} onChange={(page) => onChange({ page })} hint={pageHint} refusal={pageRefusal} />
      <Form.Item label={t("options.state")} htmlFor="compose-state" extra={t(`options.stateHint.${state.miniprogramState}`)}>
        <Segmented<MiniprogramState>
          id="compose-state"
          value={state.miniprogramState}
          onChange={(value) => onChange({ miniprogramState: value })}
          options={MINIPROGRAM_STATES.map((value) => ({
            value,
            label: <span data-testid={`compose-state-${value}`}>{t(`options.stateName.${value}`)}</span>,
          }))}
        />
      </Form.Item>
      <Form.Item label={t("options.lang")} htmlFor="compose-lang-select" extra={t("options.langHint")}>
        <Select<Lang>
          id="compose-lang-select"
          data-testid="compose-lang"
          value={state.lang}
          onChange={(value) => onChange({ lang: value })}
          className="pd-compose-lang"
          options={LANGS.map((value) => ({
            value,
            label: <span data-testid={`compose-lang-option-${value}`}>{t(`options.langName.${value}`)}</span>,
          }))}
        />
      </Form.Item>
    </Form>
  );
}
