import { FolderOpenOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Button, type ButtonProps } from "antd";
import type { ReactNode } from "react";
import { call, commands } from "../ipc";

type ShowInFolderButtonProps = {
  /** The file just saved; its folder opens in the system's file manager. */
  path: string;
  /** The label, in the words of the feature (e.g. 打开所在文件夹). */
  children: ReactNode;
  testId?: string;
  size?: ButtonProps["size"];
  type?: ButtonProps["type"];
};

/**
 * "Show in folder" for a file the app has just saved for the user. A failure (the folder is
 * gone, no file manager) is reported as a notification like any other backend error.
 */
export function ShowInFolderButton({ path, children, testId, size, type }: ShowInFolderButtonProps) {
  const show = useMutation({ mutationFn: (target: string) => call(commands.showInFolder(target)) });
  return (
    <Button icon={<FolderOpenOutlined />} size={size} type={type} loading={show.isPending} onClick={() => show.mutate(path)} data-testid={testId}>
      {children}
    </Button>
  );
}
