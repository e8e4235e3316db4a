import { Typography } from "antd";
import type { ComponentProps } from "react";
import "./codeText.css";

type CodeTextProps = ComponentProps<typeof Typography.Text>;

/**
 * Machine text (ids, keys, URLs) in a monospace face that wraps anywhere, so a long id never
 * widens the layout. Accepts every `Typography.Text` prop (`copyable`, `type`, …).
 */
export function CodeText({ className, ...props }: CodeTextProps) {
  return <Typography.Text {...props} className={className ? `pd-code-text ${className}` : "pd-code-text"} />;
}
