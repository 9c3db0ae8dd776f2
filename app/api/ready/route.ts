// Readiness for load balancers and Kubernetes: 200 when this instance can serve, 503 with the failing check if not.
import { NextResponse } from 'next/server';
import { checkReadiness } from '@/lib/health/readiness';

export const dynamic = 'force-dynamic';

export async function GET() {
  const readiness = await checkReadiness();
  return NextResponse.json(readiness, {
    status: readiness.ready ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
