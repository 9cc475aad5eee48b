// <CampaignProgress>: the live progress panel of a campaign that is sending or sent, with
// the pause / resume / cancel controls. The server renders the first numbers; the client
// part polls progress-data every 2 s while the campaign is active. <SendNowButton> starts a
// draft (the checklist runs again server-side).
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import { getCampaignProgress } from '@rundbrief/core/sending/control';
import { ActionButton } from '@/components/ActionButton';
import { sendNowAction } from './control-actions';
import { ProgressLive } from './ProgressLive';

export async function CampaignProgress({ tenantId, campaignId, canControl = true }: { tenantId: string; campaignId: string; canControl?: boolean }) {
  const initial = await getCampaignProgress({ tenantId }, campaignId).catch(() => null);
  if (!initial) return null;
  const t = await getTranslations('campaigns.progress');
  return (
    <section className="card" aria-labelledby="progress-h">
      <h2 id="progress-h" className="card-title">{t('title')}</h2>
      <ProgressLive campaignId={campaignId} initial={initial} canControl={canControl} />
      <Link href={`/app/campaigns/${campaignId}/report`}>{t('openReport')}</Link>
    </section>
  );
}

export function SendNowButton({ campaignId }: { campaignId: string }) {
  const t = useTranslations('campaigns.progress');
  return (
    <ActionButton
      action={sendNowAction}
      fields={{ campaignId }}
      label={t('sendNow')}
      pendingLabel={t('starting')}
      className="btn btn-primary"
      confirm={{
        title: t('sendTitle'),
        message: <p>{t('sendBody')}</p>,
        confirmLabel: t('startSending'),
        dismissLabel: t('notYet'),
        danger: false,
      }}
    />
  );
}
