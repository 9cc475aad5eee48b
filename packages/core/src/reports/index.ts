export * from './campaign-report.ts';
export * from './message-log.ts';
export * from './dashboard.ts';
export * from './authentication.ts';
