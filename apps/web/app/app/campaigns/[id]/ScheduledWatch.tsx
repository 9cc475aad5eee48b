'use client';
// A scheduled campaign (also "Send now", which schedules for this moment) starts when the
// worker picks it up. From its start time on, this polls the status every 2 s and refreshes
// the page once it has moved on, so the progress panel appears without a reload.
import { useEffect } from 'react';
import { useRouter } from 'next/navigation';
import type { CampaignProgress } from '@rundbrief/core/sending/control';

const POLL_MS = 2000;

export function ScheduledWatch({ campaignId, scheduledAt }: { campaignId: string; scheduledAt: string }) {
  const router = useRouter();
  useEffect(() => {
    const startsAt = new Date(scheduledAt).getTime();
    let stopped = false;
    const timer = setInterval(async () => {
      // A send days ahead costs nothing until its time: no request before it is due.
      if (stopped || Date.now() < startsAt - POLL_MS) return;
      try {
        const res = await fetch(`/app/campaigns/${campaignId}/progress-data`, { cache: 'no-store' });
        if (!res.ok) return;
        const p = (await res.json()) as CampaignProgress;
        if (p.status !== 'SCHEDULED' && !stopped) {
          stopped = true;
          router.refresh();
        }
      } catch {
        // Offline for a moment: the next tick tries again.
      }
    }, POLL_MS);
    return () => { stopped = true; clearInterval(timer); };
  }, [campaignId, scheduledAt, router]);
  return null;
}
