/**
 * Where a JSON document is broken, as a person finds it: line and column, not an offset.
 */

/**
 * A `JSON.parse` message as `at line L, column C: <reason>`: from the message's own line and
 * column (Node 22+), its `position N` (Node 20), or the end of the text (unexpected end).
 */
export function jsonErrorAt(text: string, message: string): string {
  const own = /\(line (\d+) column (\d+)\)/.exec(message);
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ at position \d+.*$/s, '')
    .replace(/^Unexpected end of JSON input$/, 'unexpected end of the file');
  if (own) return `at line ${own[1]}, column ${own[2]}: ${reason}`;
  const pos = /at position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before[line - 1]?.length ?? 0) + 1;
  return `at line ${line}, column ${column}: ${reason}`;
}
