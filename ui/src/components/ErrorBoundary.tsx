import { Button, Result, Typography } from "antd";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { Translation } from "react-i18next";

type Props = { children: ReactNode };
type State = { error: Error | null };

/** Last line of defence: a render error shows a calm page instead of a blank window. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Translation>
        {(t) => (
          <Result
            status="error"
            title={t("app.crashed")}
            subTitle={t("app.crashedHint")}
            extra={
              <Button type="primary" onClick={() => window.location.reload()}>
                {t("app.reload")}
              </Button>
            }
          >
            <Typography.Paragraph code copyable>
              {error.message}
            </Typography.Paragraph>
          </Result>
        )}
      </Translation>
    );
  }
}
