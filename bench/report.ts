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

  table(): string {
    const width = (column: 0 | 1) =>
      Math.max(...this.rows.filter((row) => !row[0].startsWith('## ')).map((row) => row[column].length));
    const [first, second] = [width(0), width(1)];
    return this.rows
      .map(([what, figure, how]) =>
        what.startsWith('## ')
          ? `\n${what.slice(3)}`
          : `  ${what.padEnd(first)}  ${figure.padStart(second)}  ${how}`.trimEnd(),
      )
      .join('\n');
  }
}
