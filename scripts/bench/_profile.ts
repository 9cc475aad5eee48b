// Top functions by self time from a V8 .cpuprofile (node --cpu-prof).
type Node = { id: number; hitCount?: number; callFrame: { functionName: string; url: string; lineNumber: number } };

export function summarizeProfile(profile: { nodes: Node[]; samples?: number[] }, top = 10) {
  const hits = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const h = n.hitCount ?? 0;
    if (!h) continue;
    total += h;
    const file = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(apps|packages)\//, '$1/');
    const key = `${n.callFrame.functionName || '(anonymous)'} ${file ? `${file}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
    hits.set(key, (hits.get(key) ?? 0) + h);
  }
  return [...hits.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([fn, h]) => ({ fn, selfPercent: Math.round((h / total) * 1000) / 10 }));
}
