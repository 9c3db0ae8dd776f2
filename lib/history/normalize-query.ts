// Query text with its constants replaced, so runs of the same statement group together when the server has no
// query_id (pure: numbers, strings and IN/ARRAY/VALUES lists become "?", comments and spacing go, words lower-case).

type TokenType = 'word' | 'quoted' | 'const' | 'param' | 'op' | 'punct';

interface Token {
  type: TokenType;
  text: string;
}

const NUMBER = /^(?:0[xob][0-9a-f_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:e[+-]?\d+)?)/i;
const WORD = /^[a-z_\u0080-\uffff][a-z0-9_$\u0080-\uffff]*/i;
const DOLLAR_TAG = /^\$([a-z_][a-z0-9_]*)?\$/i;
const PARAM = /^\$\d+/;
const OPERATOR = /^[+\-*/<>=~!@#%^&|`?]+/;
const STRING_PREFIXES = new Set(['e', 'b', 'x', 'n']);

/** Words after which "(" opens a list or a sub-query rather than a function's arguments. */
const KEYWORDS = new Set(
  (
    'select from where and or not in values as on join exists any all some between case when then else end union ' +
    'intersect except returning using set into is like ilike over filter within group by order having limit offset ' +
    'for update lateral with recursive distinct table only'
  ).split(' '),
);

/** Returns the index just past a '...' string starting at `start`; backslashes escape only in E'' strings. */
function endOfString(sql: string, start: number, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') i += 2;
    else if (ch === "'" && sql[i + 1] === "'") i += 2;
    else if (ch === "'") return i + 1;
    else i++;
  }
  return sql.length;
}

function endOfBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

/** A sign right before a number is part of the constant unless it follows an operand ("x - 1"). */
function signBelongsToNumber(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.type === 'op') return true;
  if (previous.type === 'punct') return previous.text !== ')' && previous.text !== ']';
  return previous.type === 'word' && KEYWORDS.has(previous.text);
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i, i + 200);
    const ch = sql[i]!;
    let match: RegExpExecArray | null;
    if (/\s/.test(ch)) i++;
    else if (sql.startsWith('--', i)) i = sql.indexOf('\n', i) < 0 ? sql.length : sql.indexOf('\n', i);
    else if (sql.startsWith('/*', i)) i = endOfBlockComment(sql, i);
    else if (ch === "'") {
      const previous = tokens.at(-1);
      const prefixed =
        previous?.type === 'word' && STRING_PREFIXES.has(previous.text) && /[a-z]/i.test(sql[i - 1] ?? '');
      if (prefixed) tokens.pop();
      i = endOfString(sql, i, prefixed && previous.text === 'e');
      tokens.push({ type: 'const', text: '?' });
    } else if (ch === '"') {
      let end = i + 1;
      while (end < sql.length && !(sql[end] === '"' && sql[end + 1] !== '"')) end += sql[end] === '"' ? 2 : 1;
      tokens.push({ type: 'quoted', text: sql.slice(i, end + 1) });
      i = end + 1;
    } else if ((match = PARAM.exec(rest))) {
      tokens.push({ type: 'param', text: match[0] });
      i += match[0].length;
    } else if ((match = DOLLAR_TAG.exec(rest))) {
      const close = sql.indexOf(match[0], i + match[0].length);
      i = close < 0 ? sql.length : close + match[0].length;
      tokens.push({ type: 'const', text: '?' });
    } else if ((match = NUMBER.exec(rest))) {
      const previous = tokens.at(-1);
      const sign = tokens.at(-2);
      if (previous?.type === 'op' && (previous.text === '-' || previous.text === '+') && signBelongsToNumber(sign))
        tokens.pop();
      tokens.push({ type: 'const', text: '?' });
      i += match[0].length;
    } else if ((match = WORD.exec(rest))) {
      tokens.push({ type: 'word', text: match[0].toLowerCase() });
      i += match[0].length;
    } else if (sql.startsWith('::', i)) {
      tokens.push({ type: 'punct', text: '::' });
      i += 2;
    } else if ((match = OPERATOR.exec(rest))) {
      let text = match[0];
      // PostgreSQL's rule: "=-1" is "=" then "-1"; a trailing sign only belongs to operators like "@-".
      while (text.length > 1 && /[+-]$/.test(text) && !/[~!@#%^&|`?]/.test(text)) text = text.slice(0, -1);
      tokens.push({ type: 'op', text });
      i += text.length;
    } else {
      tokens.push({ type: 'punct', text: ch });
      i++;
    }
  }
  return tokens;
}

const isValue = (token: Token | undefined) => token?.type === 'const' || token?.type === 'param';

/** Index just past a bracketed list of values only ("(1, $2, 'x')"), or -1 when it holds anything else. */
function endOfValueList(tokens: Token[], open: number): number {
  const closer = tokens[open]?.text === '[' ? ']' : ')';
  let i = open + 1;
  for (;;) {
    if (!isValue(tokens[i])) return -1;
    i++;
    if (tokens[i]?.text === closer) return i + 1;
    if (tokens[i]?.text !== ',') return -1;
    i++;
  }
}

/** IN (...), ARRAY[...] and VALUES (...), (...) of any length become one "(?)" / one tuple of "?". */
function collapseLists(tokens: Token[]): Token[] {
  const out: Token[] = [];
  const placeholder = (token: Token): Token => (isValue(token) ? { type: 'const', text: '?' } : token);
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const opensList = (token.text === 'in' && next?.text === '(') || (token.text === 'array' && next?.text === '[');
    const end = opensList ? endOfValueList(tokens, i + 1) : -1;
    if (token.type === 'word' && end > 0) {
      out.push(token, next!, { type: 'const', text: '?' }, tokens[end - 1]!);
      i = end;
      continue;
    }
    if (token.type === 'word' && token.text === 'values' && next?.text === '(') {
      let tupleEnd = endOfValueList(tokens, i + 1);
      if (tupleEnd > 0) {
        out.push(token, ...tokens.slice(i + 1, tupleEnd).map(placeholder));
        while (tokens[tupleEnd]?.text === ',' && tokens[tupleEnd + 1]?.text === '(') {
          const following = endOfValueList(tokens, tupleEnd + 1);
          if (following < 0) break;
          tupleEnd = following;
        }
        i = tupleEnd;
        continue;
      }
    }
    out.push(token);
    i++;
  }
  return out;
}

function spaceBetween(previous: Token, token: Token): boolean {
  if ([',', ')', ']', ';', '.', '::'].includes(token.text) && token.type === 'punct') return false;
  if (previous.type === 'punct' && ['(', '[', '.', '::'].includes(previous.text)) return false;
  if (token.type === 'punct' && (token.text === '(' || token.text === '[')) {
    return !(previous.type === 'word' || previous.type === 'quoted') || KEYWORDS.has(previous.text);
  }
  return true;
}

export function normalizeQuery(sql: string): string {
  const tokens = collapseLists(tokenize(sql));
  while (tokens.at(-1)?.text === ';') tokens.pop();
  let text = '';
  tokens.forEach((token, index) => {
    const previous = tokens[index - 1];
    text += (previous && spaceBetween(previous, token) ? ' ' : '') + token.text;
  });
  return text;
}
