// Scheduled: delete unconfirmed double opt-in subscriptions past their expiry.
import { pruneExpiredOptIns } from '@rundbrief/core';
import { catalogueJob } from '../registry.ts';

export const pruneOptInsJob = catalogueJob('pruneOptIns', () => pruneExpiredOptIns());
