// CPU seconds and resident memory of a process group (the `next start` server and anything it forks), from /proc.
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ on Linux
const PAGE_BYTES = 4096;

export interface GroupUsage {
  cpuSeconds: number;
  rssBytes: number;
}

export function groupUsage(pgid: number): GroupUsage {
  let ticks = 0;
  let pages = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after "(comm)": state ppid pgrp ... utime(14) stime(15) ... rss(24), numbered from pid = 1.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
    pages += Number(fields[21]);
  }
  return { cpuSeconds: ticks / CLOCK_TICKS, rssBytes: pages * PAGE_BYTES };
}
