// Hook run after a bounce or complaint changed a campaign's counters: the campaign may have
// crossed its auto-pause threshold (engagement's rule in auto-pause.ts).
import { checkAutoPause } from './auto-pause.ts';

export async function afterFeedback(campaignId: string): Promise<void> {
  try {
    await checkAutoPause(campaignId);
  } catch (err) {
    // A deleted campaign has nothing left to pause; anything else is worth a retry.
    if ((err as { code?: string }).code !== 'NOT_FOUND') throw err;
  }
}
