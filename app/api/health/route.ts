// Liveness: the process answers HTTP. Touches no database, so a slow database never gets pgwarden restarted.
import { NextResponse } from 'next/server';

export const dynamic = 'force-dynamic';

export function GET() {
  return NextResponse.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
