import { Form, Input, Segmented, Select } from "antd";
import { useTranslation } from "react-i18next";
import type { Lang, MiniprogramState } from "../../ipc";
import { LANGS, MINIPROGRAM_STATES, type ComposeState } from "./composeState";
import { pageExample } from "./text";

type Props = {
  page: string;
  miniprogramState: MiniprogramState;
  lang: Lang;
  onChange: (patch: Partial<Pick<ComposeState, "page" | "miniprogramState" | "lang">>) => void;
};

/** Where tapping the card leads: page path, which build opens, the footer link's language. */
export function MessageOptions({ page, miniprogramState, lang, onChange }: Props) {
  const { t } = useTranslation("compose");
  return (
    <Form layout="vertical" className="pd-compose-options">
      <Form.Item label={t("options.page")} htmlFor="compose-page-input" extra={t("options.pageHint", { example: pageExample(t("options.pageExampleColumn")) })}>
        <Input
          id="compose-page-input"
          data-testid="compose-page"
          value={page}
          placeholder="pages/order/detail?id=7"
          onChange={(event) => onChange({ page: event.target.value })}
          autoComplete="off"
          spellCheck={false}
        />
      </Form.Item>
      <Form.Item label={t("options.state")} htmlFor="compose-state" extra={t(`options.stateHint.${miniprogramState}`)}>
        <Segmented<MiniprogramState>
          id="compose-state"
          value={miniprogramState}
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
          value={lang}
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
