// Runs before every request (Next 16's proxy, Node runtime); the checks live in lib/http so this file stays thin.
import { NextResponse, type NextRequest } from 'next/server';
import { refuseBadActionBody } from '@/lib/http/action-body-check';

export async function proxy(request: NextRequest) {
  return (await refuseBadActionBody(request)) ?? NextResponse.next();
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
