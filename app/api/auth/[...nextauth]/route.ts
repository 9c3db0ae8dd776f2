import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { withCookieSecurity } from '@/lib/auth/cookie-security';
import { authOptions } from '@/lib/auth/options';

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(request: NextRequest, context: Context) {
  return NextAuth(request, context, withCookieSecurity(authOptions(), request.headers)) as Promise<Response>;
}

export { handler as GET, handler as POST };
