import { describe, expect, it } from 'vitest';
import { actionBodyProblem, MAX_ACTION_BODY_BYTES, MAX_ACTION_BODY_DEPTH } from './action-body-check';

const TEXT = 'text/plain;charset=UTF-8';

describe('actionBodyProblem', () => {
  it('lets plain JSON arguments through, React markers for plain values included', () => {
    expect(actionBodyProblem(TEXT, JSON.stringify([{ clusterId: 'main', confirmation: '$undefined' }]))).toBeNull();
    expect(actionBodyProblem(TEXT, JSON.stringify([{ search: '$$ starts with a dollar' }]))).toBeNull();
  });

  it('refuses malformed JSON, a non-array, deep nesting and React references with a 4xx', () => {
    expect(actionBodyProblem(TEXT, '[{"clusterId":')).toMatchObject({ status: 400, message: /not valid JSON/ });
    expect(actionBodyProblem(TEXT, '{"clusterId":"main"}')).toMatchObject({ status: 400, message: /JSON array/ });
    const deep = `${'['.repeat(MAX_ACTION_BODY_DEPTH + 1)}${']'.repeat(MAX_ACTION_BODY_DEPTH + 1)}`;
    expect(actionBodyProblem(TEXT, deep)).toMatchObject({ status: 400, message: /nested deeper/ });
    const veryDeep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(actionBodyProblem(TEXT, veryDeep)?.status).toBe(400);
    expect(actionBodyProblem(TEXT, '["$@1"]')).toMatchObject({ status: 400, message: /React reference/ });
    expect(actionBodyProblem(TEXT, '[{"a":"$Q2"}]')).toMatchObject({ status: 400 });
  });

  it('refuses a body over the cap with 413 and other content types with 415', () => {
    const big = JSON.stringify(['x'.repeat(MAX_ACTION_BODY_BYTES)]);
    expect(actionBodyProblem(TEXT, big)).toMatchObject({ status: 413 });
    expect(actionBodyProblem('multipart/form-data; boundary=x', '--x--')).toMatchObject({ status: 415 });
    expect(actionBodyProblem(null, '[]')).toMatchObject({ status: 415 });
  });
});
