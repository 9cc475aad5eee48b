export { recordOpen, resolveClick, closeTrackingRedis, trackingBufferKey, type RequestInfo } from './record.ts';
export { flushTrackingEvents, trackingBufferLength, type FlushResult } from './flush.ts';
export { machineReason, SCANNER_CLICK_WINDOW_MS, type MachineReason } from './machine.ts';
