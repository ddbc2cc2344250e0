// JSON text read and re-indented without parsing it: the console shows a document's payload
// exactly as the host app sent it (JSON.parse would turn 120.50 into 120.5, and a long amount
// into a float's nearest). Pure functions; tests/browser/json_text.test.mjs runs them in node.

// The end (exclusive) of the JSON value starting at `start` in `text` (strings and nesting
// respected); -1 when it does not end.
function valueEnd(text, start) {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return i;
    } else if (depth === 0 && c === ',') {
      return i;
    }
  }
  return depth === 0 ? text.length : -1;
}

// The text of the top-level member `name` of the JSON object `text`, or null.
export function memberText(text, name) {
  let i = text.indexOf('{');
  if (i < 0) return null;
  i++;
  while (i < text.length) {
    while (/\s|,/.test(text[i])) i++;
    if (text[i] !== '"') return null;
    const keyEnd = valueEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd));
    i = keyEnd;
    while (/\s|:/.test(text[i])) i++;
    const end = valueEnd(text, i);
    if (end < 0) return null;
    if (key === name) return text.slice(i, end).trim();
    i = end;
  }
  return null;
}

// JSON text indented two spaces a level, every number and string kept as written.
export function prettyJson(text) {
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = () => '\n' + '  '.repeat(depth);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let j = i + 1;
      while (/\s/.test(text[j])) j++;
      if (text[j] === close) {
        out += c + close;
        i = j;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') {
      out += ',' + newline();
    } else if (c === ':') {
      out += ': ';
    } else {
      out += c;
    }
  }
  return out;
}
