// Work-around for prisma/orm#27403: Prisma's JS schema engine cannot deserialise the
// Postgres `name` (19) and `"char"` (18) column types that its introspection queries
// return. Reporting them as `text` (25) is lossless for those queries. Must be imported
// before Prisma's migrate engine loads (prisma.config.ts does so).
import pg from 'pg';

type Field = { dataTypeID: number };
const proto = (pg as unknown as { Result: { prototype: { addFields(fields: Field[]): void } } })
  .Result.prototype;
const original = proto.addFields;
if (!(original as { patched?: boolean }).patched) {
  const patched = function (this: unknown, fields: Field[]) {
    for (const f of fields) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25;
    return original.call(this, fields);
  };
  (patched as { patched?: boolean }).patched = true;
  proto.addFields = patched;
}
