import { Form, Input } from "antd";
import { useTranslation } from "react-i18next";

type Props = {
  /** Prefix of the field's ids and test ids (`compose`, `campaign`). */
  idPrefix: string;
  value: string;
  onChange: (page: string) => void;
  /** How the page is written where the field is (placeholders from a column, or typed values). */
  hint: string;
  /** The core's refusal of the page, if it is about the page on screen. */
  refusal: string | null;
};

/** The mini program page a subscribe message's card opens, in Compose and the campaign wizard. */
export function MiniProgramPageField({ idPrefix, value, onChange, hint, refusal }: Props) {
  const { t } = useTranslation("compose");
  return (
    <Form.Item
      label={t("options.page")}
      htmlFor={`${idPrefix}-page-input`}
      extra={hint}
      validateStatus={refusal ? "error" : undefined}
      help={refusal ? <span data-testid={`${idPrefix}-page-error`}>{refusal}</span> : undefined}
    >
      <Input
        id={`${idPrefix}-page-input`}
        data-testid={`${idPrefix}-page`}
        value={value}
        placeholder="pages/order/detail?id=7"
        onChange={(event) => onChange(event.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
    </Form.Item>
  );
}
