import { BerthError, ErrorCode } from '@berth/errors';
import { conform, schemaRef, type JsonSchema } from './json-schema';

const SCHEMAS: Record<string, JsonSchema> = {
  Subject: {
    type: 'object',
    properties: { kind: { type: 'string', enum: ['user', 'group'] }, name: { type: 'string' } },
    required: ['kind', 'name'],
  },
  Body: {
    type: 'object',
    properties: {
      subject: schemaRef('Subject'),
      days: { type: 'integer', minimum: 0, maximum: 10 },
      admin: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      owner: { anyOf: [schemaRef('Subject'), { type: 'null' }] },
    },
    required: ['subject'],
  },
};

function failure(value: unknown): { message: string; detail: unknown } {
  try {
    conform(schemaRef('Body'), value, SCHEMAS, '');
  } catch (err) {
    expect(BerthError.is(err, ErrorCode.INVALID_ARGUMENT)).toBe(true);
    return { message: (err as BerthError).message, detail: (err as BerthError).detail };
  }
  throw new Error('conform accepted an invalid value');
}

describe('conform (the API body validator)', () => {
  it('keeps what the schema describes, drops unknown fields, and follows references', () => {
    const value = {
      subject: { kind: 'user', name: 'bob', extra: 1 },
      days: 3,
      admin: false,
      tags: ['a'],
      labels: { a: 'b' },
      owner: null,
      unknown: { deep: true },
    };
    expect(conform(schemaRef('Body'), value, SCHEMAS, '')).toEqual({
      subject: { kind: 'user', name: 'bob' },
      days: 3,
      admin: false,
      tags: ['a'],
      labels: { a: 'b' },
      owner: null,
    });
  });

  it('names the first offending field of a wrong type, range, enum or a missing field', () => {
    expect(failure([])).toEqual({ message: 'body must be an object', detail: { field: '' } });
    expect(failure({})).toEqual({ message: 'subject is required', detail: { field: 'subject' } });
    expect(failure({ subject: { kind: 'user', name: 7 } })).toEqual({
      message: 'subject.name must be a string',
      detail: { field: 'subject.name' },
    });
    expect(failure({ subject: { kind: 'robot', name: 'x' } }).message).toBe(
      'subject.kind must be one of "user", "group"',
    );
    const subject = { kind: 'user', name: 'x' };
    expect(failure({ subject, days: 1.5 }).message).toBe('days must be an integer');
    expect(failure({ subject, days: 11 }).message).toBe('days must be at most 10');
    expect(failure({ subject, admin: 'true' }).message).toBe('admin must be a boolean');
    expect(failure({ subject, tags: ['a', 2] }).message).toBe('tags[1] must be a string');
    expect(failure({ subject, labels: { a: 1 } }).message).toBe('labels.a must be a string');
    expect(failure({ subject, owner: 'bob' }).message).toBe('owner must be an object');
  });
});
