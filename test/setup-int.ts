// Runs before each integration test file: a queue prefix of its own, so worker processes
// and jobs of one file can never pick up another file's jobs in the shared Redis.
import { randomBytes } from 'node:crypto';

process.env.QUEUE_PREFIX = `rbt${randomBytes(4).toString('hex')}`;
