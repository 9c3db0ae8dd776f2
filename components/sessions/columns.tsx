'use client';

import { createColumnHelper } from '@tanstack/react-table';
import type { SessionRow } from '@/lib/types/session';
import type { SortColumn } from '@/lib/types/session-view';
import { Duration } from './db-clock';
import { StateBadge } from './state-badge';

const column = createColumnHelper<SessionRow>();

export interface ColumnMeta {
  sortKey: SortColumn;
  width: string;
  align?: 'right';
}

const duration = (key: 'queryAgeMs' | 'xactAgeMs' | 'backendAgeMs' | 'stateAgeMs', header: string) =>
  column.accessor(key, {
    header,
    cell: (info) => <Duration ms={info.getValue()} />,
    meta: { sortKey: key, width: '6.5rem', align: 'right' } satisfies ColumnMeta,
  });

export const sessionColumns = [
  column.accessor('pid', {
    header: 'PID',
    cell: (info) => {
      const row = info.row.original;
      return row.leaderPid !== null ? (
        <span title={`parallel worker of ${row.leaderPid}`} className="pl-3 text-zinc-500">
          ↳ {row.pid}
        </span>
      ) : (
        row.pid
      );
    },
    meta: { sortKey: 'pid', width: '6rem' } satisfies ColumnMeta,
  }),
  duration('queryAgeMs', 'Query age'),
  duration('xactAgeMs', 'Xact age'),
  duration('stateAgeMs', 'In state'),
  duration('backendAgeMs', 'Backend age'),
  column.accessor('state', {
    header: 'State',
    cell: (info) => <StateBadge row={info.row.original} />,
    meta: { sortKey: 'state', width: '12rem' } satisfies ColumnMeta,
  }),
  column.accessor('user', { header: 'User', meta: { sortKey: 'user', width: '8rem' } satisfies ColumnMeta }),
  column.accessor('database', {
    header: 'Database',
    meta: { sortKey: 'database', width: '7rem' } satisfies ColumnMeta,
  }),
  column.accessor('applicationName', {
    header: 'Application',
    meta: { sortKey: 'applicationName', width: '9rem' } satisfies ColumnMeta,
  }),
  column.accessor('clientAddr', {
    header: 'Client',
    meta: { sortKey: 'clientAddr', width: '7rem' } satisfies ColumnMeta,
  }),
  column.accessor('backendType', {
    header: 'Backend type',
    meta: { sortKey: 'backendType', width: '8rem' } satisfies ColumnMeta,
  }),
  column.accessor((row) => (row.waitEvent ? `${row.waitEventType}: ${row.waitEvent}` : ''), {
    id: 'wait',
    header: 'Wait',
    meta: { sortKey: 'waitEvent', width: '9rem' } satisfies ColumnMeta,
  }),
  column.accessor('query', {
    header: 'Query',
    cell: (info) => <span className="font-mono">{info.getValue()}</span>,
    meta: { sortKey: 'query', width: 'minmax(16rem, 1fr)' } satisfies ColumnMeta,
  }),
];
