// Calls a server action over plain HTTP, as any client could, without a browser or React: the action id comes from
// the build's server-reference manifest, the arguments go as a JSON array, the answer is React's flight format.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext } from '@playwright/test';

const MANIFEST = path.join(
  fileURLToPath(new URL('..', import.meta.url)),
  '.next',
  'server',
  'server-reference-manifest.json',
);

interface ManifestEntry {
  filename?: string;
  exportedName?: string;
}

/** The id `next build` gave the action exported as `exportedName` from `filename` (relative to the project). */
export function serverActionId(filename: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { node: Record<string, ManifestEntry> };
  const ids = Object.entries(manifest.node)
    .filter(([, entry]) => entry.filename === filename && entry.exportedName === exportedName)
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`${ids.length} ids for ${exportedName} of ${filename} in ${MANIFEST}`);
  return ids[0]!;
}

export interface ActionCall {
  /** The page the action is posted to, e.g. /clusters/main/sessions. */
  path: string;
  actionId: string;
  args: unknown[];
  /** Origin, Cookie and any other headers; none are added. */
  headers?: Record<string, string>;
}

export interface ActionAnswer {
  status: number;
  body: string;
  /** What the action returned (flight row 1), or undefined when it answered no value. */
  result: unknown;
}

export async function postServerAction(request: APIRequestContext, call: ActionCall): Promise<ActionAnswer> {
  const response = await request.post(call.path, {
    headers: {
      'Next-Action': call.actionId,
      'Content-Type': 'text/plain;charset=UTF-8',
      Accept: 'text/x-component',
      ...call.headers,
    },
    data: JSON.stringify(call.args),
    maxRedirects: 0,
  });
  const body = await response.text();
  return { status: response.status(), body, result: returnedValue(body) };
}

function returnedValue(body: string): unknown {
  const row = body.split('\n').find((line) => line.startsWith('1:'));
  if (!row) return undefined;
  try {
    return JSON.parse(row.slice(2));
  } catch {
    return undefined;
  }
}
