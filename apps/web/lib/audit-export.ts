// Exports of personal data are audited (who, what, when, from where): issue "audit log".
import { recordAudit } from '@rundbrief/core';
import { clientIp } from '@/lib/client-ip';

export async function auditExport(
  member: { tenantId: string; userId: string; email: string },
  req: Request,
  target: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  return recordAudit(member.tenantId, {
    userId: member.userId, actor: member.email,
    action: 'export', target, ip: await clientIp(req.headers), details,
  });
}
