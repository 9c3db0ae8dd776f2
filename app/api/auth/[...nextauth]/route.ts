import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { withCookieSecurity } from '@/lib/auth/cookie-security';
import { authOptions } from '@/lib/auth/options';

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: Context) {
  // next-auth's /_log writes whatever anyone posts into the server log once a logger is configured: not served.
  if ((await context.params).nextauth[0] === '_log') return new Response(null, { status: 404 });
  return NextAuth(request, context, withCookieSecurity(authOptions(), request.headers)) as Promise<Response>;
}

export { handler as GET, handler as POST };
