// Guards the convention that the tenant travels as its own argument, `useCase(ctx, input)`,
// never inside an object that also carries client data (issue 17.2): `{ tenantId, ...input }`
// let a request body choose the tenant. Two scans, both syntactic (fast, no type checker):
//  1. exported functions of packages/core/src with a parameter typed (or destructured) as an
//     object holding `tenantId` next to other fields (TenantCtx's own fields do not count);
//  2. calls anywhere whose argument is an object literal with `tenantId` and a spread.
// PENDING lists what is still to be converted. It may only shrink: the test also fails when
// an entry no longer needs to be there, so whoever converts one removes it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const CORE_SRC = join(ROOT, 'packages/core/src');
/** TenantCtx's fields: a parameter made only of these is a context, not client data. */
const CTX_KEYS = new Set(['tenantId', 'userId', 'role', 'actor', 'ip']);
const UNKNOWN = '<unresolved>';

/** `file:function` of packages/core/src, relative to it. */
const PENDING_SIGNATURES = new Set<string>([
]);

/** Files (relative to the repo) that still call with `{ tenantId, ...spread }`. */
const PENDING_SPREADS = new Set<string>([
]);

/** Where the shape is the point, not a use-case call. */
const ALLOWED_SPREADS: Record<string, string> = {
  'apps/web/test/member.int.test.ts': 'a session token naming another tenant, to prove it is refused',
};
/** Hostile inputs by design (the cross-tenant attack suite). */
const isAttackSuite = (rel: string) => rel.startsWith('e2e/attack');

function filesUnder(dir: string, keep: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.next' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, keep));
    else if (keep(p)) out.push(p);
  }
  return out;
}

const parse = (file: string) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
const propName = (n: ts.PropertyName | ts.BindingName | undefined): string | null =>
  n && (ts.isIdentifier(n) || ts.isStringLiteral(n)) ? n.text : null;

type Decl = ts.TypeAliasDeclaration | ts.InterfaceDeclaration;

/** Every type alias and interface of core by name, to follow `input: SomeInput`. */
function typeDeclarations(sources: ts.SourceFile[]): Map<string, Decl> {
  const decls = new Map<string, Decl>();
  for (const sf of sources) {
    for (const st of sf.statements) if (ts.isTypeAliasDeclaration(st) || ts.isInterfaceDeclaration(st)) decls.set(st.name.text, st);
  }
  return decls;
}

function keysOf(node: ts.TypeNode | undefined, decls: Map<string, Decl>, seen = new Set<string>()): Set<string> {
  const keys = new Set<string>();
  const add = (more: Iterable<string>) => { for (const k of more) keys.add(k); };
  if (!node) return keys;
  if (ts.isParenthesizedTypeNode(node)) return keysOf(node.type, decls, seen);
  if (ts.isTypeLiteralNode(node)) {
    for (const m of node.members) add([m.name ? (propName(m.name) ?? UNKNOWN) : UNKNOWN]);
  } else if (ts.isIntersectionTypeNode(node) || ts.isUnionTypeNode(node)) {
    for (const t of node.types) add(keysOf(t, decls, seen));
  } else if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    const decl = decls.get(name);
    if (name === 'TenantCtx') add(['tenantId']);
    else if (!decl || seen.has(name)) add([UNKNOWN]);
    else if (ts.isTypeAliasDeclaration(decl)) add(keysOf(decl.type, decls, new Set([...seen, name])));
    else {
      for (const m of decl.members) add([m.name ? (propName(m.name) ?? UNKNOWN) : UNKNOWN]);
      for (const h of decl.heritageClauses ?? []) for (const t of h.types) add(ts.isIdentifier(t.expression) ? keysOf(ts.factory.createTypeReferenceNode(t.expression.text), decls, seen) : [UNKNOWN]);
    }
  } else add([UNKNOWN]);
  return keys;
}

function paramKeys(p: ts.ParameterDeclaration, decls: Map<string, Decl>): Set<string> {
  if (ts.isObjectBindingPattern(p.name)) {
    return new Set(p.name.elements.map((e) => (e.dotDotDotToken ? UNKNOWN : (propName(e.propertyName) ?? propName(e.name) ?? UNKNOWN))));
  }
  return keysOf(p.type, decls);
}

const mixesTenantWithData = (keys: Set<string>) => keys.has('tenantId') && [...keys].some((k) => !CTX_KEYS.has(k));

/** Exported functions of core with a parameter that carries the tenant next to other fields. */
export function mixedSignatures(): string[] {
  const sources = filesUnder(CORE_SRC, (f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map(parse);
  const decls = typeDeclarations(sources);
  const found: string[] = [];
  for (const sf of sources) {
    const rel = relative(CORE_SRC, sf.fileName);
    const check = (name: string, params: ts.NodeArray<ts.ParameterDeclaration>) => {
      if (params.some((p) => mixesTenantWithData(paramKeys(p, decls)))) found.push(`${rel}:${name}`);
    };
    for (const st of sf.statements) {
      const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      if (ts.isFunctionDeclaration(st) && st.name) check(st.name.text, st.parameters);
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          const init = d.initializer;
          if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) check(d.name.text, init.parameters);
        }
      }
    }
  }
  return found.sort();
}

/** Files whose calls pass `{ tenantId…, ...spread }` (either order) as an argument. */
export function spreadCalls(): Map<string, number> {
  const dirs = ['apps/web/app', 'apps/web/lib', 'apps/web/test', 'apps/worker/src', 'apps/worker/test', 'scripts', 'e2e',
    ...readdirSync(join(ROOT, 'packages')).flatMap((p) => [`packages/${p}/src`, `packages/${p}/test`])].filter((d) => statSync(join(ROOT, d), { throwIfNoEntry: false })?.isDirectory());
  const files = dirs.flatMap((d) => filesUnder(join(ROOT, d), (f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts')));
  const found = new Map<string, number>();
  for (const file of files) {
    const sf = parse(file);
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
        for (const arg of n.arguments ?? []) {
          if (!ts.isObjectLiteralExpression(arg)) continue;
          const tenant = arg.properties.some((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && propName(p.name) === 'tenantId');
          // job payloads carry the tenant by design (the job's schema validates them)
          const callee = ts.isCallExpression(n) ? n.expression.getText(sf) : '';
          if (tenant && arg.properties.some(ts.isSpreadAssignment) && !/(^|\.)enqueue\w*$/.test(callee)) {
            const rel = relative(ROOT, file);
            if (rel in ALLOWED_SPREADS || isAttackSuite(rel)) continue;
            found.set(rel, (found.get(rel) ?? 0) + 1);
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found;
}

describe('the tenant travels apart from client data', () => {
  it('no exported core function takes tenantId in one object with other fields (beyond PENDING)', () => {
    const found = mixedSignatures();
    const fresh = found.filter((f) => !PENDING_SIGNATURES.has(f));
    const stale = [...PENDING_SIGNATURES].filter((f) => !found.includes(f));
    expect(fresh, 'take the tenant as its own argument: useCase(ctx: TenantCtx, input)').toEqual([]);
    expect(stale, 'converted: remove these from PENDING_SIGNATURES').toEqual([]);
  });

  it('no call passes { tenantId, ...spread } (beyond PENDING)', () => {
    const found = spreadCalls();
    const fresh = [...found.keys()].filter((f) => !PENDING_SPREADS.has(f));
    const stale = [...PENDING_SPREADS].filter((f) => !found.has(f));
    expect(fresh.map((f) => `${f} (${found.get(f)})`), 'pass the ctx apart from the client object: useCase(ctx, input)').toEqual([]);
    expect(stale, 'converted: remove these from PENDING_SPREADS').toEqual([]);
  });

  it('recognises the shapes it guards against', () => {
    const sf = ts.createSourceFile('x.ts', 'type A = { tenantId: string; name: string }; interface B extends A { x: 1 }', ts.ScriptTarget.Latest, true);
    const decls = typeDeclarations([sf]);
    const keysOfSrc = (src: string) => {
      const f = ts.createSourceFile('y.ts', `function f(${src}) {}`, ts.ScriptTarget.Latest, true);
      return paramKeys((f.statements[0] as ts.FunctionDeclaration).parameters[0]!, decls);
    };
    expect(mixesTenantWithData(keysOfSrc('input: { tenantId: string; name: string }'))).toBe(true);
    expect(mixesTenantWithData(keysOfSrc('input: { tenantId: string } & Other'))).toBe(true);
    expect(mixesTenantWithData(keysOfSrc('{ tenantId, ...rest }: X'))).toBe(true);
    expect(mixesTenantWithData(keysOfSrc('input: A'))).toBe(true);
    expect(mixesTenantWithData(keysOfSrc('input: B'))).toBe(true);
    expect(mixesTenantWithData(keysOfSrc('ctx: TenantCtx'))).toBe(false);
    expect(mixesTenantWithData(keysOfSrc('ctx: { tenantId: string; actor?: string }'))).toBe(false);
    expect(mixesTenantWithData(keysOfSrc('tenantId: string'))).toBe(false);
    expect(mixesTenantWithData(keysOfSrc('input: { name: string }'))).toBe(false);
  });
});
