import { useTranslation } from "react-i18next";
import type { AccountSummary } from "../../ipc";
import { jumpProblems, type JumpForm, type JumpProblem } from "./jump";

/**
 * What is wrong with an Official Account's jump, and each problem in the UI language: shown
 * under its field and in the list of what keeps a message from being sent. A mini program's
 * message has no jump to check (`form` null).
 */
export function useJumpProblems(account: AccountSummary, form: JumpForm | null) {
  const { t } = useTranslation("compose");
  const problems = form && account.kind === "official_account" ? jumpProblems(form, account.miniPrograms) : [];
  const text = (problem: JumpProblem): string => {
    switch (problem.kind) {
      case "urlMissing":
        return t("jump.problem.urlMissing");
      case "urlInvalid":
        return t("jump.problem.urlInvalid", { url: problem.url });
      case "appidMissing":
        return t("jump.problem.appidMissing");
      case "notBound":
        return t("jump.problem.notBound", { appid: problem.appid, name: account.name });
      case "pageMissing":
        return t("jump.problem.pageMissing");
    }
  };
  return { problems, text };
}
