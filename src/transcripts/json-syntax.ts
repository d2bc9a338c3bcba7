/**
 * Where JSON text first goes wrong, for the messages JSON.parse gives without a position (V8's
 * `Unexpected token ']', "[1,]" is not valid JSON`). A syntax check only, run after JSON.parse has
 * failed; undefined when it finds no fault (or the nesting is too deep to walk).
 */
export function jsonFaultOffset(text: string): number | undefined {
  let at = 0;
  const fail = (offset = at): never => {
    throw new SyntaxFault(offset);
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
  };
  const literal = (word: string) => {
    for (const c of word) {
      if (text[at] !== c) fail();
      at++;
    }
  };
  const string = () => {
    at++;
    for (;;) {
      if (at >= text.length || text.charCodeAt(at) < 0x20) fail();
      const c = text[at++];
      if (c === '"') return;
      if (c !== '\\') continue;
      const e = text[at++];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at, at + 4))) fail();
        at += 4;
      } else if (e === undefined || !'"\\/bfnrt'.includes(e)) fail(at - 1);
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (!match) fail();
    at += match![0].length;
  };
  const value = (): void => {
    space();
    const c = text[at];
    if (c === '{') return members('}', () => {
      space();
      if (text[at] !== '"') fail();
      string();
      space();
      if (text[at] !== ':') fail();
      at++;
      value();
    });
    if (c === '[') return members(']', value);
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  const members = (close: string, member: () => void) => {
    at++;
    space();
    if (text[at] === close) return void at++;
    for (;;) {
      member();
      space();
      if (text[at] === close) return void at++;
      if (text[at] !== ',') fail();
      at++;
    }
  };
  try {
    value();
    space();
    return at < text.length ? at : undefined;
  } catch (error) {
    if (error instanceof SyntaxFault) return error.offset;
    return undefined;
  }
}

class SyntaxFault extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax fault at ${offset}`);
  }
}
