import type { CampaignStatus } from '@rundbrief/db';

const TONE: Record<CampaignStatus, string> = {
  DRAFT: 'badge-neutral',
  SCHEDULED: 'badge-info',
  SENDING: 'badge-info',
  PAUSED: 'badge-warning',
  AUTO_PAUSED: 'badge-danger',
  SENT: 'badge-success',
  CANCELLED: 'badge-neutral',
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return <span className={`badge ${TONE[status]}`}>{status.replace('_', ' ').toLowerCase()}</span>;
}
