import { App } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { subscribeErrors } from "../ipc";

/**
 * Shows every reported error as a notification: a title chosen by the error `code`, and the
 * backend's own `message` as the text. The same error is shown once, not stacked.
 */
export function ErrorNotifier() {
  const { notification } = App.useApp();
  const { t } = useTranslation();

  useEffect(
    () =>
      subscribeErrors((error) => {
        notification.error({
          key: `${error.code}:${error.message}`,
          title: t(`error.${error.code}`),
          description: error.message,
          placement: "bottomRight",
          duration: 8,
          props: { "data-testid": "error-notification" },
        });
      }),
    [notification, t],
  );

  return null;
}
