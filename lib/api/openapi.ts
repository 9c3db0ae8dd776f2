// The OpenAPI 3 document of /api/v1, generated from the zod schemas in ./schemas (served at /api/v1/openapi.json).
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import * as s from './schemas';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, json(s.errorSchema, errorText[status] ?? 'Error')]));
const errorText: Record<number, string> = {
  400: 'Invalid input (code invalid_input)',
  401: 'No valid token or session (code unauthenticated)',
  403: 'The role does not allow it (code forbidden)',
  404: 'No such cluster, session or token (code not_found)',
  409: 'Confirmation missing, name taken, idempotency key reused, or no team with a receiver owns the session (code conflict)',
  429: 'Too many refused calls by this caller, or the same session asked about within a minute; try again after Retry-After seconds (code rate_limited)',
  503: 'A database cannot be reached (code unavailable)',
};
const cluster = z.object({ clusterId: s.clusterIdParam.meta({ description: 'Cluster id from the config' }) });

const routes: RouteConfig[] = [
  {
    method: 'get',
    path: '/api/v1/clusters',
    summary: 'Clusters the caller holds a role on',
    responses: { 200: json(s.clustersResponseSchema, 'Clusters'), ...errors(401, 403) },
  },
  {
    method: 'get',
    path: '/api/v1/clusters/{clusterId}/sessions',
    summary: 'Live sessions, with the sessions page filters and sort',
    request: { params: cluster, query: s.sessionsQuerySchema },
    responses: { 200: json(s.sessionsResponseSchema, 'Matching sessions'), ...errors(400, 401, 403, 404, 503) },
  },
  {
    method: 'get',
    path: '/api/v1/clusters/{clusterId}/sessions/{pid}',
    summary: 'One live session',
    request: { params: cluster.extend({ pid: s.pidParam }) },
    responses: { 200: json(s.sessionResponseSchema, 'The session'), ...errors(400, 401, 403, 404, 503) },
  },
  {
    method: 'get',
    path: '/api/v1/clusters/{clusterId}/blocking',
    summary: 'Who blocks whom',
    request: { params: cluster },
    responses: { 200: json(s.blockingResponseSchema, 'Blocking tree'), ...errors(400, 401, 403, 404) },
  },
  {
    method: 'get',
    path: '/api/v1/clusters/{clusterId}/owners',
    summary: 'Sessions grouped by owner',
    request: { params: cluster, query: s.ownersQuerySchema },
    responses: { 200: json(s.ownersResponseSchema, 'Owner groups'), ...errors(400, 401, 403, 404) },
  },
  {
    method: 'get',
    path: '/api/v1/clusters/{clusterId}/history',
    summary: 'Long-query history of a window',
    request: { params: cluster, query: s.historyQuerySchema },
    responses: { 200: json(s.historyResponseSchema, 'History report'), ...errors(400, 401, 403, 404, 503) },
  },
  {
    method: 'post',
    path: '/api/v1/clusters/{clusterId}/signals',
    summary: 'Cancel or terminate sessions, by target or by filter; dryRun signals nothing',
    request: {
      params: cluster,
      headers: z.object({
        'idempotency-key': z
          .string()
          .max(200)
          .optional()
          .meta({ description: 'A retry with the same key and body returns the first answer, signalling once.' }),
      }),
      body: { content: { 'application/json': { schema: s.signalRequestSchema } }, required: true },
    },
    responses: {
      200: json(s.signalResponseSchema, 'Per-target outcomes, or the dry run'),
      ...errors(400, 401, 403, 404, 409, 503),
    },
  },
  {
    method: 'post',
    path: '/api/v1/clusters/{clusterId}/sessions/{pid}/ask-owner',
    summary: 'Send the team owning a session (owners directory) a note through its receiver; viewers and up',
    request: {
      params: cluster.extend({ pid: s.pidParam }),
      body: { content: { 'application/json': { schema: s.askOwnerRequestSchema } }, required: true },
    },
    responses: {
      200: json(s.askOwnerResponseSchema, "Queued for the team's receiver"),
      ...errors(400, 401, 403, 404, 409, 429, 503),
    },
  },
  {
    method: 'get',
    path: '/api/v1/clusters/{clusterId}/alerts',
    summary: 'Alerts of a cluster: open ones, or open and resolved (state=all)',
    request: { params: cluster, query: s.alertsQuerySchema },
    responses: { 200: json(s.alertsResponseSchema, 'Alerts'), ...errors(400, 401, 403, 404, 503) },
  },
  {
    method: 'post',
    path: '/api/v1/clusters/{clusterId}/alerts/{alertId}/acknowledge',
    summary: 'Acknowledge an alert (operators); the first acknowledgement is kept, a repeat answers it again',
    request: { params: cluster.extend({ alertId: s.alertIdParam }) },
    responses: {
      200: json(s.alertAcknowledgedSchema, 'The alert, with who acknowledged it and when'),
      ...errors(400, 401, 403, 404, 503),
    },
  },
  {
    method: 'get',
    path: '/api/v1/audit',
    summary: 'Audit entries (signals, and calls and changes that are not signals), newest first',
    request: { query: s.auditQuerySchema },
    responses: { 200: json(s.auditResponseSchema, 'A page of entries'), ...errors(400, 401, 403, 503) },
  },
  {
    method: 'get',
    path: '/api/v1/tokens',
    summary: 'Service tokens the caller administers (admins)',
    responses: { 200: json(s.tokenListSchema, 'Tokens'), ...errors(401, 403, 503) },
  },
  {
    method: 'post',
    path: '/api/v1/tokens',
    summary: 'Create a service token (admins); the secret is in this answer only',
    request: { body: { content: { 'application/json': { schema: s.tokenCreateRequestSchema } }, required: true } },
    responses: { 201: json(s.tokenCreatedSchema, 'Created'), ...errors(400, 401, 403, 409, 503) },
  },
  {
    method: 'delete',
    path: '/api/v1/tokens/{name}',
    summary: 'Revoke a service token (admins), at once on every instance',
    request: { params: z.object({ name: s.tokenNameParam }) },
    responses: { 200: json(s.tokenSchema, 'The revoked token'), ...errors(400, 401, 403, 404, 503) },
  },
];

let document: ReturnType<OpenApiGeneratorV31['generateDocument']> | null = null;

export function openApiDocument() {
  if (document) return document;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'serviceToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'A service token (Tokens page or `pgwarden tokens create`), in the Authorization header only.',
  });
  // Any route may answer 429: refused calls count towards the caller's refusal limit (lib/dal/api-call-audit.ts).
  for (const route of routes) {
    registry.registerPath({
      ...route,
      responses: { ...route.responses, ...errors(429) },
      security: [{ serviceToken: [] }],
    });
  }
  document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'pgwarden API',
      version: '1',
      description:
        'Sessions, blocking, owners, history, alerts, audit and signals, with the same roles, guard rails and audit log as the console. Errors are {"error": {"code", "message"}}.',
    },
    servers: [{ url: '/' }],
  });
  return document;
}
