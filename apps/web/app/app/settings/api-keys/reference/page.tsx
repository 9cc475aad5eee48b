// The API reference: server-rendered from the same OpenAPI document /api/v1/openapi.json
// serves (lib/openapi.ts), so it cannot drift from the routes either.
import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requireCtx } from '@/lib/session';
import { openApiDocument } from '@/lib/openapi';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings.reference'))('title') };
}

type Schema = Record<string, unknown> & { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; required?: string[]; enum?: unknown[]; anyOf?: Schema[]; oneOf?: Schema[] };
type Param = { name: string; in: string; required: boolean; description?: string; schema: Schema };
type Operation = {
  operationId: string; summary: string; description?: string; 'x-scope'?: string; security?: unknown[];
  parameters?: Param[]; requestBody?: { content: { 'application/json': { schema: Schema } } };
  responses: Record<string, { description: string; content?: { 'application/json': { schema: Schema } } }>;
};

/** "string (uuid) | null", "integer 1–500", "DOUBLE | CONFIRMED | SINGLE" … */
function typeOf(s: Schema | undefined): string {
  if (!s) return 'any';
  if (s.enum) return s.enum.map(String).join(' | ');
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return alt.map(typeOf).join(' | ');
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : ['any'];
  const base = types.map((t) => (t === 'array' ? `array of ${typeOf(s.items)}` : t === 'string' && s.format ? `string (${String(s.format)})` : t)).join(' | ');
  const range = [s.minimum ?? s.minLength ?? s.minItems, s.maximum ?? s.maxLength ?? s.maxItems];
  const limits = range[0] !== undefined || range[1] !== undefined ? ` ${range[0] ?? ''}–${range[1] ?? ''}` : '';
  return base + limits + (s.default !== undefined ? `, default ${JSON.stringify(s.default)}` : '');
}

function Fields({ schema, depth = 0 }: { schema: Schema; depth?: number }) {
  const object = schema.properties ? schema : schema.items?.properties ? schema.items : (schema.anyOf ?? []).find((x) => x.properties);
  if (!object?.properties || depth > 3) return null;
  return (
    <ul className="api-fields" style={{ margin: 0, paddingLeft: depth ? 20 : 16 }}>
      {Object.entries(object.properties).map(([name, s]) => (
        <li key={name}>
          <code>{name}</code>{object.required?.includes(name) ? '' : '?'} <span className="muted">{typeOf(s)}</span>
          {typeof s.description === 'string' ? <> — {s.description}</> : null}
          <Fields schema={s} depth={depth + 1} />
        </li>
      ))}
    </ul>
  );
}

export default async function ApiReferencePage() {
  await requireCtx();
  const doc = openApiDocument();
  const t = await getTranslations('settings.reference');
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op: op as Operation })));
  return (
    <div className="stack" style={{ gap: 16 }}>
      <section className="card">
        <h2 className="card-title">{doc.info.title}</h2>
        <p>{doc.info.description}</p>
        <p>
          {t.rich('document', { link: (c) => <a href="/api/v1/openapi.json"><code>{c}</code></a> })}{' '}
          <Link href="/app/settings/api-keys">{t('back')}</Link>
        </p>
        <nav aria-label={t('operations')}>
          <ul>
            {ops.map(({ path, method, op }) => (
              <li key={op.operationId}><a href={`#${op.operationId}`}><code>{method} {path}</code></a> — {op.summary}</li>
            ))}
          </ul>
        </nav>
      </section>
      {ops.map(({ path, method, op }) => (
        <section key={op.operationId} id={op.operationId} className="card" data-operation={`${method} ${path}`} aria-labelledby={`${op.operationId}-h`}>
          <h3 id={`${op.operationId}-h`} className="card-title"><code>{method} {path}</code></h3>
          <p>{op.summary}{op.description ? `. ${op.description}` : ''}</p>
          <p className="muted">{op['x-scope'] ? t.rich('scope', { scope: op['x-scope'], code: (c) => <code>{c}</code> }) : t('public')}</p>
          {op.parameters?.length ? (
            <>
              <h4>{t('parameters')}</h4>
              <ul>
                {op.parameters.map((p) => (
                  <li key={`${p.in}-${p.name}`}><code>{p.name}</code> ({p.required ? t('paramRequired', { in: p.in }) : p.in}) <span className="muted">{typeOf(p.schema)}</span></li>
                ))}
              </ul>
            </>
          ) : null}
          {op.requestBody ? (
            <>
              <h4>{t('requestBody')}</h4>
              <Fields schema={op.requestBody.content['application/json'].schema} />
            </>
          ) : null}
          <h4>{t('responses')}</h4>
          <ul>
            {Object.entries(op.responses).map(([status, r]) => (
              <li key={status}>
                <strong>{status}</strong> {r.description}
                {status.startsWith('2') && r.content ? <Fields schema={r.content['application/json'].schema} /> : null}
              </li>
            ))}
          </ul>
          <p className="muted">{t.rich('errors', { shape: '{ "error": { "code", "message", "fields"? } }', code: (c) => <code>{c}</code> })}</p>
        </section>
      ))}
    </div>
  );
}
