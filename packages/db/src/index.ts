export { createDb, getDb, sqlExecute, sqlQuery, sqlTransaction, type Db, type SqlTx } from './client.ts';
export { tenantDb, tenantScope, TENANT_MODELS, TenantScopeError, type TenantDb } from './tenancy.ts';
export { dbEnvSchema, parseEnv, type DbEnv } from './env.ts';
export * from './generated/prisma/client.ts';
