import type { CampaignStatus } from '@rundbrief/db';
import { useTranslations } from 'next-intl';

const TONE: Record<CampaignStatus, string> = {
  DRAFT: 'badge-neutral',
  SCHEDULED: 'badge-info',
  SENDING: 'badge-info',
  PAUSED: 'badge-warning',
  AUTO_PAUSED: 'badge-danger',
  SENT: 'badge-success',
  CANCELLED: 'badge-neutral',
};

/** "AUTO_PAUSED" -> "auto paused", as badges and filters show a status. */
export const campaignStatusLabel = (status: CampaignStatus) => status.replace('_', ' ').toLowerCase();

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const t = useTranslations('common');
  return <span className={`badge ${TONE[status]}`}>{t('campaignStatus', { status })}</span>;
}
