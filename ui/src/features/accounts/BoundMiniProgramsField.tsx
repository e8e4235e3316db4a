import { Form, Select, Tag, type SelectProps } from "antd";
import { useTranslation } from "react-i18next";
import { boundMiniProgramsProblem, isRefusedMiniProgram, tidyMiniPrograms, type BoundMiniProgramsProblem } from "./boundMiniPrograms";

type TagProps = Parameters<NonNullable<SelectProps["tagRender"]>>[0];

/**
 * What ends a typed or pasted AppID: people paste lists from chats and spreadsheets, separated
 * by commas or semicolons (ASCII or Chinese, and 、), spaces, tabs or new lines.
 */
const SEPARATORS = [",", "，", "、", ";", "；", " ", "\t", "\n"];

/** An AppID's start, the same in every language. */
const PLACEHOLDER = "wx…";

/**
 * For an Official Account: the mini programs bound to it, whose pages its template message
 * card may open. Checked as the backend checks them (AppID shape, not the account's own, at
 * most 20), so the problem shows under the field before anything is saved.
 */
export function BoundMiniProgramsField() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const ownAppid = (Form.useWatch("appid", form) as string | undefined) ?? "";

  const problemText = (problem: BoundMiniProgramsProblem) => {
    switch (problem.kind) {
      case "notAppid":
        return t("accounts.form.miniProgramNotAppid", { appid: problem.appid });
      case "ownAppid":
        return t("accounts.form.miniProgramOwn", { appid: problem.appid });
      case "tooMany":
        return t("accounts.form.miniProgramsTooMany", { max: problem.max });
    }
  };

  // A refused AppID is marked red among the others, so a long pasted list shows which one.
  const tagRender = ({ value, label, closable, onClose }: TagProps) => (
    <Tag
      color={isRefusedMiniProgram(String(value), ownAppid) ? "error" : undefined}
      // Each remove button names its AppID: "remove" alone, said twenty times, tells nothing.
      closable={closable ? { "aria-label": t("accounts.form.removeMiniProgram", { appid: String(value) }) } : false}
      onClose={onClose}
      // Keeps a click on the tag from opening the (empty) list.
      onMouseDown={(event) => {
        event.preventDefault();
        event.stopPropagation();
      }}
      className="pd-bound-mini-program"
    >
      {label}
    </Tag>
  );

  return (
    <Form.Item
      name="miniPrograms"
      label={t("accounts.field.miniPrograms")}
      extra={t("accounts.form.miniProgramsHelp")}
      // The account's own AppID is refused here, so a change to it checks the list again.
      dependencies={["appid"]}
      normalize={(value: string[] | undefined) => tidyMiniPrograms(value ?? [])}
      rules={[
        ({ getFieldValue }) => ({
          validator: (_rule, value: string[] | undefined) => {
            const problem = boundMiniProgramsProblem(value ?? [], String(getFieldValue("appid") ?? ""));
            return problem ? Promise.reject(new Error(problemText(problem))) : Promise.resolve();
          },
        }),
      ]}
    >
      <Select
        mode="tags"
        tokenSeparators={SEPARATORS}
        placeholder={PLACEHOLDER}
        // There is no list to choose from: AppIDs are typed or pasted. With the list kept shut,
        // Enter adds what was typed (an open list would have Enter pick its echo of the text).
        open={false}
        suffixIcon={null}
        tagRender={tagRender}
        className="pd-code-input"
        data-testid="account-form-mini-programs"
      />
    </Form.Item>
  );
}
