export * from './errors.ts';
export * from './env.ts';
export * from './crypto.ts';
export * from './redis.ts';
export * from './jobs/index.ts';
export * from './links.ts';
export * from './deliverability/verp.ts';
export * from './accounts/index.ts';
