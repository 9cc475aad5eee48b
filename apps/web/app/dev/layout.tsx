import type { ReactNode } from 'react';
import { OperatorShell } from '@/components/OperatorShell';

export default function DevLayout({ children }: { children: ReactNode }) {
  return <OperatorShell>{children}</OperatorShell>;
}
