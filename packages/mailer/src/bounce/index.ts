export { classifyBounce, type BounceResult, type BounceRecipient, type BounceCategory } from './classify.ts';
export { categorise, categoryFromStatus } from './rules.ts';
