// E-mail addresses in text an outsider wrote, found in one pass. The regular expressions this
// replaces (`[local]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}` and a label-by-label variant) backtracked
// from every start position: 64 KB of letters in a From: header took 7 s, 2 MB over a
// minute. Here every '@' is looked at once, its local part is the run of local characters
// before it (never before the previous '@' or the previous match) and its domain the run
// after it, so each character is visited at most twice. The matches are the same as those
// of the expressions, which the corpus tests hold it to.

// RFC 5322 atext plus '.', as the old expressions had it.
const LOCAL = charClass("A-Za-z0-9!#$%&'*+/=?^_`{|}~.-");
const LOOSE_DOMAIN = charClass('A-Za-z0-9.-');
const LABEL = charClass('A-Za-z0-9-');
const LETTER = charClass('A-Za-z');

function charClass(spec: string): Uint8Array {
  const table = new Uint8Array(128);
  for (let i = 0; i < spec.length; i++) {
    if (spec[i + 1] === '-' && i + 2 < spec.length) {
      for (let c = spec.charCodeAt(i); c <= spec.charCodeAt(i + 2); c++) table[c] = 1;
      i += 2;
    } else {
      table[spec.charCodeAt(i)] = 1;
    }
  }
  return table;
}

const is = (table: Uint8Array, text: string, i: number) => i < text.length && table[text.charCodeAt(i)] === 1;

/**
 * End of the domain after '@' at `from`: the last dot that is followed by two letters ends
 * the domain with its run of letters (the greedy `[A-Za-z0-9.-]+\.[A-Za-z]{2,}`), -1 if none.
 * `labels`: the domain is dot-separated non-empty labels (`[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*`).
 */
function domainEnd(text: string, from: number, labels: boolean): number {
  let end = from;
  if (labels) {
    while (is(LABEL, text, end)) {
      end++;
      if (text.charCodeAt(end) === 0x2e && is(LABEL, text, end + 1)) end++;
    }
  } else {
    while (is(LOOSE_DOMAIN, text, end)) end++;
  }
  for (let dot = end - 1; dot > from; dot--) {
    if (text.charCodeAt(dot) !== 0x2e || !is(LETTER, text, dot + 1) || !is(LETTER, text, dot + 2)) continue;
    let tld = dot + 3;
    while (is(LETTER, text, tld)) tld++;
    return tld;
  }
  return -1;
}

/** The next address at or after `from`: [start, end) of `local@domain`, or null. */
export function nextAddress(text: string, from: number, labels: boolean): { start: number; end: number } | null {
  for (let at = text.indexOf('@', from); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > from && is(LOCAL, text, start - 1)) start--;
    if (start === at) continue;
    const end = domainEnd(text, at + 1, labels);
    if (end !== -1) return { start, end };
  }
  return null;
}

/** First plain e-mail address in a header value or text fragment, lower-case. */
export function firstAddress(value: string): string | null {
  const m = nextAddress(value, 0, false);
  return m ? value.slice(m.start, m.end).toLowerCase() : null;
}

/** Every address in a line of report prose (domains of proper labels), lower-case, without edge dots. */
export function addressesIn(line: string): string[] {
  const found: string[] = [];
  for (let m = nextAddress(line, 0, true); m; m = nextAddress(line, m.end, true)) {
    found.push(line.slice(m.start, m.end).toLowerCase().replace(/^\.+|\.+$/g, ''));
  }
  return found;
}
