// Keeps only aana-store's own sources in the bundle's source maps. esbuild maps every bundled
// dependency to ../../node_modules/…, a path that is not in the package (and is not where npm puts
// the dependencies of an installed aana-store); the package ships src/, so the rest of a map resolves.
// Usage: node scripts/own-source-maps.js dist/cli (run by scripts/build-cli.js).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The numbers of one base64 VLQ segment. */
function decode(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = DIGIT.get(c);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function encode(values) {
  let out = '';
  for (const n of values) {
    let vlq = n < 0 ? (-n << 1) | 1 : n << 1;
    do {
      let digit = vlq & 31;
      vlq >>>= 5;
      if (vlq) digit |= 32;
      out += BASE64[digit];
    } while (vlq);
  }
  return out;
}

/** A source map without the sources `drop` selects: their segments become unmapped. */
export function withoutSources(map, drop) {
  const kept = map.sources.map((source) => !drop(source));
  const newIndex = [];
  kept.reduce((next, keep, i) => ((newIndex[i] = keep ? next : -1), keep ? next + 1 : next), 0);
  // Source, line, column and name are deltas across the whole string; the generated column per line.
  const abs = [0, 0, 0, 0];
  const out = [0, 0, 0, 0];
  const lines = map.mappings.split(';').map((line) => {
    let column = 0;
    let outColumn = 0;
    const segments = [];
    for (const segment of line ? line.split(',') : []) {
      const [dc, ds, dl, dcol, dn] = decode(segment);
      column += dc;
      if (ds === undefined) {
        segments.push(encode([column - outColumn]));
        outColumn = column;
        continue;
      }
      abs[0] += ds;
      abs[1] += dl;
      abs[2] += dcol;
      if (dn !== undefined) abs[3] += dn;
      const source = newIndex[abs[0]];
      const fields = [column - outColumn];
      if (source >= 0) {
        fields.push(source - out[0], abs[1] - out[1], abs[2] - out[2]);
        [out[0], out[1], out[2]] = [source, abs[1], abs[2]];
        if (dn !== undefined) {
          fields.push(abs[3] - out[3]);
          out[3] = abs[3];
        }
      }
      segments.push(encode(fields));
      outColumn = column;
    }
    return segments.join(',');
  });
  return {
    ...map,
    sources: map.sources.filter((_, i) => kept[i]),
    sourcesContent: map.sourcesContent?.filter((_, i) => kept[i]),
    mappings: lines.join(';'),
  };
}

export function ownSourceMaps(dir) {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.map'))) {
    const path = join(dir, file);
    const map = JSON.parse(readFileSync(path, 'utf8'));
    // Also the modules scripts/build-cli.js makes up (`aana-vendor:@mikro-orm/core`), which are no file.
    writeFileSync(path, JSON.stringify(withoutSources(map, (source) => /(^|\/)node_modules\/|^aana-vendor:/.test(source))));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ownSourceMaps(process.argv[2] ?? 'dist/cli');
