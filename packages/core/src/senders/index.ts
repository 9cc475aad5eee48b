export * from './dns.ts';
export * from './records.ts';
export * from './domains.ts';
export * from './verify.ts';
export * from './identities.ts';
export * from './jobs.ts';
export * from './state.ts';
