// One labelled fact in a drawer or detail card: a small dimmed label over its value.
import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={500}>{label}</Text>
      <div>{children}</div>
    </div>
  );
}
