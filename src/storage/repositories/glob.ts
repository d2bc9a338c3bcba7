import { ValidationError } from '../../errors.js';

/**
 * The glob language of `--url` and `--path`, the same on both databases: `*` any text, `?` one
 * character, `[abc]` one of, `[a-z]` a range (by code point), `[!a]` or `[^a]` none of. In a class,
 * `]` first and `-` first or last stand for themselves; `[*]` matches a literal `*`. Matching is
 * case-sensitive and covers the whole value. An unclosed `[` or a range whose ends are reversed is
 * refused.
 */
type GlobPart = { kind: 'star' } | { kind: 'one' } | { kind: 'char'; cp: number } | { kind: 'class'; negated: boolean; ranges: Array<[number, number]> };

export function parseGlob(glob: string, field: string): GlobPart[] {
  if (glob.includes('\0')) throw new ValidationError(field, 'a glob must not contain NUL');
  const chars = [...glob].map((c) => c.codePointAt(0) ?? 0);
  const parts: GlobPart[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === 0x2a) parts.push({ kind: 'star' });
    else if (c === 0x3f) parts.push({ kind: 'one' });
    else if (c !== 0x5b) parts.push({ kind: 'char', cp: c });
    else {
      const start = i;
      let j = i + 1;
      const negated = chars[j] === 0x21 || chars[j] === 0x5e;
      if (negated) j++;
      const ranges: Array<[number, number]> = [];
      let first = true;
      for (; j < chars.length && (first || chars[j] !== 0x5d); j++, first = false) {
        const lo = chars[j];
        if (chars[j + 1] === 0x2d && j + 2 < chars.length && chars[j + 2] !== 0x5d) {
          const hi = chars[j + 2];
          if (hi < lo) throw new ValidationError(field, `${JSON.stringify(glob)}: the range ${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)} is reversed`);
          ranges.push([lo, hi]);
          j += 2;
        } else ranges.push([lo, lo]);
      }
      if (j >= chars.length) throw new ValidationError(field, `${JSON.stringify(glob)}: the [ at character ${start + 1} is not closed (write [[] for a literal [)`);
      parts.push({ kind: 'class', negated, ranges });
      i = j;
    }
  }
  return parts;
}

const hex = (cp: number) => (cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`);

/** An anchored PostgreSQL regular expression; every character but letters and digits is escaped. */
export function globToRegex(parts: GlobPart[]): string {
  const lit = (cp: number) => (/[\p{L}\p{N}]/u.test(String.fromCodePoint(cp)) ? String.fromCodePoint(cp) : hex(cp));
  const body = parts.map((p) => {
    if (p.kind === 'star') return '.*';
    if (p.kind === 'one') return '.';
    if (p.kind === 'char') return lit(p.cp);
    return `[${p.negated ? '^' : ''}${p.ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('')}]`;
  });
  return `^${body.join('')}$`;
}

/** The same glob in SQLite's GLOB, written so that its class rules read it as parseGlob did. */
export function globToSqlite(parts: GlobPart[]): string {
  const ch = String.fromCodePoint;
  return parts
    .map((p) => {
      if (p.kind === 'star') return '*';
      if (p.kind === 'one') return '?';
      if (p.kind === 'char') return p.cp === 0x2a || p.cp === 0x3f || p.cp === 0x5b ? `[${ch(p.cp)}]` : ch(p.cp);
      // SQLite reads `]` as a member only first, `-` only last, `^` as negation only first: those
      // three go in their places as single members, taken off the ends of any range.
      const special = new Set([0x2d, 0x5d, 0x5e]);
      const singles = new Set<number>();
      const spans: string[] = [];
      for (let [lo, hi] of p.ranges) {
        while (lo <= hi && special.has(lo)) singles.add(lo++);
        while (hi >= lo && special.has(hi)) singles.add(hi--);
        if (lo < hi) spans.push(`${ch(lo)}-${ch(hi)}`);
        else if (lo === hi) singles.add(lo);
      }
      const take = (cp: number, text: string) => (singles.delete(cp) ? text : '');
      const head = take(0x5d, ']');
      const caret = take(0x5e, '^');
      const dash = take(0x2d, '-');
      let body = `${head}${spans.join('')}${[...singles].map((cp) => ch(cp)).join('')}${caret}${dash}`;
      if (!p.negated && body === '^') return '^';
      if (!p.negated && body === '^-') body = '-^';
      return `[${p.negated ? '^' : ''}${body}]`;
    })
    .join('');
}
