// Checks /api/v1 answers against the OpenAPI document the app serves (ajv, JSON Schema draft-07 keywords).
import Ajv from 'ajv';

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

const pointer = (...segments: string[]) =>
  segments.map((segment) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

export class OpenApiDocument {
  private readonly ajv = new Ajv({ allErrors: true, unknownFormats: 'ignore' });
  /** Every documented (path, method, status) seen answering, to prove each route was exercised. */
  readonly seen = new Set<string>();

  constructor(readonly doc: Doc) {
    this.ajv.addSchema(doc as object, 'openapi');
  }

  /** The problems of the document itself: dangling refs, uncompilable schemas, undeclared path parameters. */
  problems(): string[] {
    const problems: string[] = [];
    if (!/^3\.1\.\d+$/.test(this.doc.openapi)) problems.push(`openapi is ${this.doc.openapi}`);
    for (const [path, operations] of Object.entries(this.doc.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const [method, operation] of Object.entries(operations)) {
        const declared = ((operation as { parameters?: { in: string; name: string }[] }).parameters ?? [])
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name);
        for (const name of templated)
          if (!declared.includes(name!)) problems.push(`${method} ${path}: {${name}} undeclared`);
        for (const status of Object.keys(operation.responses)) {
          try {
            this.validator(path, method, status);
          } catch (error) {
            problems.push(`${method} ${path} ${status}: ${(error as Error).message}`);
          }
        }
      }
    }
    return problems;
  }

  private validator(path: string, method: string, status: string) {
    const ref = `openapi#/${pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema')}`;
    return this.ajv.getSchema(ref) ?? this.ajv.compile({ $ref: ref });
  }

  /** Null when the answer's status is documented for the route and its body matches; else what is wrong. */
  mismatch(path: string, method: string, answer: { status: number; body: unknown }): string | null {
    const operation = this.doc.paths[path]?.[method];
    if (!operation) return `${method} ${path} is not in the document`;
    if (!operation.responses[String(answer.status)]) return `${method} ${path} does not document ${answer.status}`;
    const validate = this.validator(path, method, String(answer.status));
    this.seen.add(`${method} ${path} ${answer.status}`);
    return validate(answer.body) ? null : this.ajv.errorsText(validate.errors);
  }
}
