// Progress lines while the benchmarks run, functional problems that make the run fail, and the final table.

export class Reporter {
  readonly problems: string[] = [];
  private readonly rows: [string, string, string][] = [];

  say(line: string): void {
    process.stderr.write(`[bench] ${line}\n`);
  }

  /** Something is functionally broken (a request failed, an outcome is wrong): printed, and the run exits non-zero. */
  problem(line: string): void {
    this.problems.push(line);
    process.stderr.write(`[bench] PROBLEM: ${line}\n`);
  }

  /** One line of the final table: what, the figure, how it was measured. */
  row(what: string, figure: string, how = ''): void {
    this.rows.push([what, figure, how]);
  }

  section(title: string): void {
    this.rows.push([`## ${title}`, '', '']);
  }

  /** A table of its own (header, then rows), printed as it is, right-aligned but the first column. */
  grid(header: string[], rows: string[][]): void {
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    const line = (cells: string[]) =>
      `  | ${cells.map((cell, column) => (column ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join(' | ')} |`;
    const rule = `  |${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
    this.rows.push([`#| ${[line(header), rule, ...rows.map(line)].join('\n')}`, '', '']);
  }

  table(): string {
    const width = (column: 0 | 1) =>
      Math.max(...this.rows.filter((row) => !/^(## |#\| )/.test(row[0])).map((row) => row[column].length));
    const [first, second] = [width(0), width(1)];
    return this.rows
      .map(([what, figure, how]) =>
        what.startsWith('## ')
          ? `\n${what.slice(3)}`
          : what.startsWith('#| ')
            ? what.slice(3)
            : `  ${what.padEnd(first)}  ${figure.padStart(second)}  ${how}`.trimEnd(),
      )
      .join('\n');
  }
}
