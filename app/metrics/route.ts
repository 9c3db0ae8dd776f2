// Prometheus scrape endpoint (bearer token from the config); see lib/metrics for what it exposes.
import { getConfig } from '@/lib/config/load';
import { metricsResponse } from '@/lib/metrics/metrics-endpoint';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return metricsResponse(request, getConfig());
}
