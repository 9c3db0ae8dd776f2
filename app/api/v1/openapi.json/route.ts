// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the routes validate with.
import { NextResponse } from 'next/server';
import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-static';

export function GET() {
  return NextResponse.json(openApiDocument());
}
