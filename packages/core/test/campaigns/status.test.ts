import { describe, expect, it } from 'vitest';
import { allowedFrom, CAMPAIGN_TRANSITIONS, canTransition } from '../../src/campaigns/status.ts';

describe('campaign status transitions', () => {
  it('follows the send lifecycle and nothing else', () => {
    const allowed = Object.entries(CAMPAIGN_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}->${to}`)).sort();
    expect(allowed).toEqual([
      'AUTO_PAUSED->CANCELLED', 'AUTO_PAUSED->SENDING',
      'DRAFT->SCHEDULED',
      'PAUSED->CANCELLED', 'PAUSED->SENDING',
      'SCHEDULED->CANCELLED', 'SCHEDULED->DRAFT', 'SCHEDULED->SCHEDULED', 'SCHEDULED->SENDING',
      'SENDING->AUTO_PAUSED', 'SENDING->CANCELLED', 'SENDING->PAUSED', 'SENDING->SENT',
    ]);
  });

  it('never leaves a final status and never skips the schedule', () => {
    for (const to of Object.keys(CAMPAIGN_TRANSITIONS) as (keyof typeof CAMPAIGN_TRANSITIONS)[]) {
      expect(canTransition('SENT', to)).toBe(false);
      expect(canTransition('CANCELLED', to)).toBe(false);
    }
    expect(canTransition('DRAFT', 'SENDING')).toBe(false);
    expect(canTransition('DRAFT', 'SENT')).toBe(false);
    expect(canTransition('PAUSED', 'SENT')).toBe(false);
    expect(canTransition('AUTO_PAUSED', 'PAUSED')).toBe(false);
  });

  it('lists the allowed "from" statuses of a target', () => {
    expect(allowedFrom('SENDING')).toEqual(['SCHEDULED', 'PAUSED', 'AUTO_PAUSED']);
    expect(allowedFrom('SENT')).toEqual(['SENDING']);
    expect(allowedFrom('CANCELLED')).toEqual(['SCHEDULED', 'SENDING', 'PAUSED', 'AUTO_PAUSED']);
    expect(allowedFrom('DRAFT')).toEqual(['SCHEDULED']);
  });
});
