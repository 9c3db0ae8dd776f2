// Reads a vitest or Playwright JSON report for scripts/test.sh.
//   node scripts/test-report.mjs counts vitest|playwright FILE    prints "PASSED FAILED" ("0 0" when unreadable)
//   node scripts/test-report.mjs failures vitest|playwright FILE  prints one line per failed test: where, and the
//                                                                first line of its error
//   node scripts/test-report.mjs flaky vitest|playwright FILE     the same for each test that failed, then passed on
//                                                                its retry (CI retries once)
// They go at the end of the run because CI often keeps only the tail of the output.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [command, kind, file] = process.argv.slice(2);

function readReport() {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function firstLine(text) {
  const plain = String(text ?? '').replace(/\u001b\[[0-9;]*m/g, ''); // the runners colour their error texts
  const line = plain.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 300);
}

function vitestCounts(report) {
  return [report.numPassedTests ?? 0, report.numFailedTests ?? 0];
}

// A test that passed keeps the errors of the tries before.
const vitestFlaky = (test) => test.status === 'passed' && (test.failureMessages?.length ?? 0) > 0;

// The tests `wanted` picks, file by file; with `fileFailures`, also each failed file none of whose tests failed.
function vitestLines(report, wanted, fileFailures) {
  const lines = [];
  for (const fileResult of report.testResults ?? []) {
    const where = relative(process.cwd(), fileResult.name ?? '');
    const tests = (fileResult.assertionResults ?? []).filter(wanted);
    for (const test of tests) lines.push(`${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    if (fileFailures && tests.length === 0 && fileResult.status === 'failed') {
      lines.push(`${where}: ${firstLine(fileResult.message) || 'the file failed outside its tests'}`);
    }
  }
  return lines;
}

function playwrightCounts(report) {
  const stats = report.stats ?? {};
  return [(stats.expected ?? 0) + (stats.flaky ?? 0), stats.unexpected ?? 0];
}

// Yields [spec, its describe titles] for every spec under a file's suite.
function* playwrightSpecs(suite, titles = []) {
  for (const spec of suite.specs ?? []) yield [spec, titles];
  for (const child of suite.suites ?? []) yield* playwrightSpecs(child, [...titles, child.title]);
}

function playwrightLines(report, status) {
  const lines = [];
  for (const suite of report.suites ?? []) {
    for (const [spec, titles] of playwrightSpecs(suite)) {
      for (const test of spec.tests ?? []) {
        if (test.status !== status) continue;
        const error = (test.results ?? []).map((r) => r.error?.message).find(Boolean);
        lines.push(`${spec.file}:${spec.line} > ${[...titles, spec.title].join(' > ')}: ${firstLine(error)}`);
      }
    }
  }
  if (status === 'unexpected') {
    for (const error of report.errors ?? []) lines.push(`(outside any test): ${firstLine(error.message)}`);
  }
  return lines;
}

const readers = {
  vitest: {
    counts: vitestCounts,
    failures: (report) => vitestLines(report, (test) => test.status === 'failed', true),
    flaky: (report) => vitestLines(report, vitestFlaky, false),
  },
  playwright: {
    counts: playwrightCounts,
    failures: (report) => playwrightLines(report, 'unexpected'),
    flaky: (report) => playwrightLines(report, 'flaky'),
  },
};

const report = readReport();
const reader = readers[kind];
if (command === 'counts') {
  const [passed, failed] = report && reader ? reader.counts(report) : [0, 0];
  console.log(`${passed} ${failed}`);
} else if (command === 'failures' || command === 'flaky') {
  if (report && reader) for (const line of reader[command](report)) console.log(line);
} else {
  console.error(`usage: node scripts/test-report.mjs counts|failures|flaky vitest|playwright FILE`);
  process.exit(2);
}
