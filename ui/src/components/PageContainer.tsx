import { Flex, Typography } from "antd";
import type { ReactNode } from "react";

type PageContainerProps = {
  title: ReactNode;
  subtitle?: ReactNode;
  /** Actions shown at the right of the title (buttons, filters). */
  extra?: ReactNode;
  /** `data-testid` of the page root, used by the end-to-end tests. */
  testId: string;
  children: ReactNode;
};

/** The frame of every page: a title row, then the page's content. */
export function PageContainer({ title, subtitle, extra, testId, children }: PageContainerProps) {
  return (
    <section className="pd-page" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <Flex className="pd-page-header" justify="space-between" align="flex-end" gap={16} wrap>
        <div>
          <Typography.Title id={`${testId}-title`} level={3} className="pd-page-title">
            {title}
          </Typography.Title>
          {subtitle ? (
            <Typography.Text type="secondary" className="pd-page-subtitle">
              {subtitle}
            </Typography.Text>
          ) : null}
        </div>
        {extra ? <div>{extra}</div> : null}
      </Flex>
      <div className="pd-page-body">{children}</div>
    </section>
  );
}
