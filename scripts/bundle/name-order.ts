// MikroORM sorts the discovered entities by name with localeCompare, whose first call creates ICU's
// collator: ~5 ms of every command's start. The bundle sorts with `compareNames` (scripts/build-cli.js),
// which gives localeCompare's answer without a collator where that answer is plain: names of ASCII
// letters, digits, "_" and "$", in a default locale that orders them as Unicode's root collation does
// (the locales for which V8 takes the same shortcut). Anything else goes to localeCompare.

/** Root collation's first level for the characters handled here: "_", "$", digits, then letters whatever their case. */
const ORDER = '_$0123456789abcdefghijklmnopqrstuvwxyz';
const PLAIN = /^[A-Za-z0-9_$]*$/;
/** V8's list of locales that order ASCII as the root collation does (intl-objects.cc, kFastLocales). */
const ROOT_ORDER_LOCALES = new Set(['en-US', 'en', 'fr', 'es', 'de', 'pt', 'it', 'ca', 'de-AT', 'fi', 'id', 'id-ID', 'ms', 'nl', 'pl', 'ro', 'sl', 'sv', 'sw', 'vi', 'en-DE', 'en-GB']);

let rootOrder: boolean | undefined;

/** Whether the default locale orders plain names as the root collation does (PluralRules names it without a collator). */
function defaultLocaleHasRootOrder(): boolean {
  rootOrder ??= ROOT_ORDER_LOCALES.has(new Intl.PluralRules().resolvedOptions().locale);
  return rootOrder;
}

/** `x.localeCompare(y)`'s sign: -1, 0 or 1. */
export function compareNames(x: string, y: string): number {
  if (!PLAIN.test(x) || !PLAIN.test(y) || !defaultLocaleHasRootOrder()) return Math.sign(x.localeCompare(y));
  const [lx, ly] = [x.toLowerCase(), y.toLowerCase()];
  for (let i = 0; i < Math.min(lx.length, ly.length); i++) {
    if (lx[i] !== ly[i]) return ORDER.indexOf(lx[i]) < ORDER.indexOf(ly[i]) ? -1 : 1;
  }
  if (lx.length !== ly.length) return lx.length < ly.length ? -1 : 1;
  // The same letters: the first difference in case decides, lower case first.
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) return x[i] === lx[i] ? -1 : 1;
  }
  return 0;
}
