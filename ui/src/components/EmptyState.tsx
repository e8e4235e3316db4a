import { Card, Empty, Flex, Typography } from "antd";
import type { ReactNode } from "react";

type EmptyStateProps = {
  title: ReactNode;
  description: ReactNode;
  /** Call to action (usually one primary button). */
  action?: ReactNode;
  /** A short secondary line under the action. */
  hint?: ReactNode;
};

/** A page-sized empty state: what will be here, and what to do first. */
export function EmptyState({ title, description, action, hint }: EmptyStateProps) {
  return (
    <Card className="pd-empty-card">
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <Flex vertical align="center" gap={4}>
            <Typography.Title level={5} className="pd-empty-title">
              {title}
            </Typography.Title>
            <Typography.Paragraph type="secondary" className="pd-empty-description">
              {description}
            </Typography.Paragraph>
          </Flex>
        }
      >
        {action || hint ? (
          <Flex vertical align="center" gap={8}>
            {action}
            {hint ? (
              <Typography.Text type="secondary" className="pd-empty-hint">
                {hint}
              </Typography.Text>
            ) : null}
          </Flex>
        ) : null}
      </Empty>
    </Card>
  );
}
