'use client';

import type { ReactNode } from 'react';
import type { DurationKey, SessionRow } from '@/lib/types/session';
import type { SortColumn } from '@/lib/types/session-view';
import { Duration } from './db-clock';
import { StateBadge } from './state-badge';
import { UserWithTeam } from './user-with-team';

/** A column of the sessions table; cells are rendered for the rows on screen only. */
export interface SessionColumn {
  id: string;
  header: string;
  sortKey: SortColumn;
  /** Its width; for the column that grows into the room left, its least width. */
  width: string;
  grows?: true;
  align?: 'right';
  /** Its cells set in the monospace font. */
  mono?: true;
  /** The cell's content: text where it can be, which the cell holds without a node of its own. */
  cell: (row: SessionRow) => ReactNode;
}

const duration = (key: DurationKey, header: string): SessionColumn => ({
  id: key,
  header,
  sortKey: key,
  width: '6.5rem',
  align: 'right',
  cell: (row) => <Duration ms={row[key]} />,
});

const text = (
  key: 'user' | 'database' | 'applicationName' | 'clientAddr' | 'backendType',
  header: string,
  width: string,
) => ({ id: key, header, sortKey: key, width, cell: (row) => row[key] }) satisfies SessionColumn;

export const sessionColumns: SessionColumn[] = [
  {
    id: 'pid',
    header: 'PID',
    sortKey: 'pid',
    width: '6rem',
    cell: (row) =>
      row.leaderPid !== null ? (
        <span title={`parallel worker of ${row.leaderPid}`} className="pl-3 text-zinc-600 dark:text-zinc-400">
          ↳ {row.pid}
        </span>
      ) : (
        row.pid
      ),
  },
  duration('queryAgeMs', 'Query age'),
  duration('xactAgeMs', 'Xact age'),
  duration('stateAgeMs', 'In state'),
  duration('backendAgeMs', 'Backend age'),
  { id: 'state', header: 'State', sortKey: 'state', width: '12rem', cell: (row) => <StateBadge row={row} /> },
  { ...text('user', 'User', '8rem'), cell: (row) => (row.team ? <UserWithTeam row={row} /> : row.user) },
  text('database', 'Database', '7rem'),
  text('applicationName', 'Application', '9rem'),
  text('clientAddr', 'Client', '7rem'),
  text('backendType', 'Backend type', '8rem'),
  {
    id: 'wait',
    header: 'Wait',
    sortKey: 'waitEvent',
    width: '9rem',
    cell: (row) => (row.waitEvent ? `${row.waitEventType}: ${row.waitEvent}` : ''),
  },
  {
    id: 'query',
    header: 'Query',
    sortKey: 'query',
    width: '16rem',
    grows: true,
    mono: true,
    cell: (row) => row.query,
  },
];
