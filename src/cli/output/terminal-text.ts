/**
 * Characters that a terminal acts on instead of showing: C0 and C1 controls, DEL, and the Unicode
 * bidirectional controls that reorder what follows (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069).
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escaped(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/**
 * Text from the database as a person should see it in a table or `key: value` lines: controls are
 * shown escaped (`\r`, `\x1b`, `\u202e`), so stored data cannot move the cursor, colour the screen,
 * retitle the window or reorder the line.
 */
export function showControls(text: string): string {
  return text.replace(CONTROLS, escaped);
}
