import { Flex, Spin } from "antd";

type FullPageSpinProps = { label: string };

/** Covers the window while the app starts; no visible text so the language never flashes. */
export function FullPageSpin({ label }: FullPageSpinProps) {
  return (
    <Flex className="pd-fullpage" align="center" justify="center" role="status" aria-live="polite">
      <Spin size="large" aria-label={label} />
    </Flex>
  );
}
