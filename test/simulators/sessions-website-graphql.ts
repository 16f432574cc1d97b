/**
 * A deliberately small GraphQL reader for the sessions.website simulator: one operation per document, fields with
 * aliases, arguments (literals, lists, objects, `$variables`) and nested selections. No fragments or directives.
 * Test infrastructure only.
 */

/** One selected field. */
export interface FieldNode {
  name: string;
  alias?: string;
  args: Record<string, unknown>;
  selections: FieldNode[];
}

/** A parsed operation. */
export interface OperationNode {
  kind: 'query' | 'mutation';
  selections: FieldNode[];
}

const TOKEN = /\s*(?:(\.\.\.)|([{}()[\]:!$=,@])|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([_A-Za-z][_0-9A-Za-z]*))/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  const text = source.replace(/#[^\n]*/g, '');
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) {
      if (/^\s*$/.test(text.slice(start))) break;
      throw new SyntaxError(`Syntax Error: unexpected character at ${start}`);
    }
    const token = match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5];
    if (token && token !== ',') tokens.push(token);
  }
  return tokens;
}

/** Parses `query|mutation Name($a: T!) { … }` or a bare `{ … }`, resolving variables from `variables`. */
export function parseOperation(source: string, variables: Record<string, unknown>): OperationNode {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => {
    const t = tokens[i++];
    if (t === undefined) throw new SyntaxError('Syntax Error: unexpected end of document');
    return t;
  };
  const expect = (t: string) => {
    const got = next();
    if (got !== t) throw new SyntaxError(`Syntax Error: expected '${t}', found '${got}'`);
  };
  let kind: OperationNode['kind'] = 'query';
  if (peek() === 'query' || peek() === 'mutation') {
    kind = next() as OperationNode['kind'];
    if (peek() !== '{' && peek() !== '(') next();
    if (peek() === '(') {
      while (next() !== ')');
    }
  }
  const value = (): unknown => {
    const t = next();
    if (t === '$') {
      const name = next();
      return variables[name] ?? null;
    }
    if (t === '[') {
      const out: unknown[] = [];
      while (peek() !== ']') out.push(value());
      next();
      return out;
    }
    if (t === '{') {
      const out: Record<string, unknown> = {};
      while (peek() !== '}') {
        const key = next();
        expect(':');
        out[key] = value();
      }
      next();
      return out;
    }
    if (t.startsWith('"')) return JSON.parse(t) as string;
    if (/^-?\d/.test(t)) return Number(t);
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'null') return null;
    return t;
  };
  const selectionSet = (): FieldNode[] => {
    expect('{');
    const fields: FieldNode[] = [];
    while (peek() !== '}') {
      if (peek() === '...' || peek() === '@')
        throw new SyntaxError('Syntax Error: fragments and directives are not supported by this simulator');
      let name = next();
      let alias: string | undefined;
      if (peek() === ':') {
        next();
        alias = name;
        name = next();
      }
      const args: Record<string, unknown> = {};
      if (peek() === '(') {
        next();
        while (peek() !== ')') {
          const key = next();
          expect(':');
          args[key] = value();
        }
        next();
      }
      const selections = peek() === '{' ? selectionSet() : [];
      fields.push({ name, ...(alias ? { alias } : {}), args, selections });
    }
    next();
    return fields;
  };
  return { kind, selections: selectionSet() };
}

/** Projects a resolved value onto a selection set (what GraphQL would return for those fields). */
export function project(value: unknown, selections: FieldNode[]): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => project(v, selections));
  if (selections.length === 0 || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of selections) {
    const raw =
      typeof record[field.name] === 'function'
        ? (record[field.name] as (a: Record<string, unknown>) => unknown)(field.args)
        : record[field.name];
    out[field.alias ?? field.name] = project(raw, field.selections);
  }
  return out;
}
