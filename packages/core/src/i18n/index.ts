export * from './locales.ts';
export * from './user-locale.ts';
export * from './translate.ts';
export * from './mail-date.ts';
