// How the CLI prints: a plain table for people at a terminal, the API's JSON for scripts (piped, or -o json).
export type OutputFormat = 'table' | 'json';

export function chosenFormat(option: string | undefined): OutputFormat {
  if (option === 'json' || option === 'table') return option;
  return process.stdout.isTTY ? 'table' : 'json';
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

const oneLine = (value: string) => value.replace(/\s+/g, ' ').trim();

/** Columns padded to their widest cell; the last column is cut to the terminal's width. */
export function printTable(headers: string[], rows: (string | number | null)[][]): void {
  const cells = rows.map((row) => row.map((cell) => oneLine(cell === null ? '' : String(cell))));
  const widths = headers.map((header, column) => Math.max(header.length, ...cells.map((row) => row[column]!.length)));
  const width = process.stdout.columns || 160;
  const line = (row: string[]) => {
    const text = row.map((cell, column) => (column < row.length - 1 ? cell.padEnd(widths[column]!) : cell)).join('  ');
    return text.length > width ? `${text.slice(0, width - 1)}…` : text;
  };
  process.stdout.write(`${[line(headers), ...cells.map(line)].join('\n')}\n`);
}

/** Messages for people go to stderr, so stdout stays the data. */
export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}
