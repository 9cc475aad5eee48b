// <CampaignProgress>: the live progress panel of a campaign that is sending or sent, with
// the pause / resume / cancel controls. The server renders the first numbers; the client
// part polls progress-data every 2 s while the campaign is active. <SendNowButton> starts a
// draft (the checklist runs again server-side).
import Link from 'next/link';
import { getCampaignProgress } from '@rundbrief/core/sending/control';
import { ActionButton } from '@/components/ActionButton';
import { sendNowAction } from './control-actions';
import { ProgressLive } from './ProgressLive';

export async function CampaignProgress({ tenantId, campaignId, canControl = true }: { tenantId: string; campaignId: string; canControl?: boolean }) {
  const initial = await getCampaignProgress({ tenantId }, campaignId).catch(() => null);
  if (!initial) return null;
  return (
    <section className="card" aria-labelledby="progress-h">
      <h2 id="progress-h" className="card-title">Progress</h2>
      <ProgressLive campaignId={campaignId} initial={initial} canControl={canControl} />
      <Link href={`/app/campaigns/${campaignId}/report`}>Open the report</Link>
    </section>
  );
}

export function SendNowButton({ campaignId }: { campaignId: string }) {
  return (
    <ActionButton
      action={sendNowAction}
      fields={{ campaignId }}
      label="Send now"
      pendingLabel="Starting …"
      className="btn btn-primary"
      confirm={{
        title: 'Send this campaign now?',
        message: <p>It goes out to every recipient of its audience, starting within seconds. Sent mail cannot be recalled; you can pause or cancel what has not gone out yet.</p>,
        confirmLabel: 'Start sending',
        dismissLabel: 'Not yet',
        danger: false,
      }}
    />
  );
}
