/**
 * Request validation with Ajv. Bodies are validated strictly: no type
 * coercion (a number is not a string), no silent removal of unknown fields.
 * Query strings and path parameters arrive as text, so they are coerced.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { AppError } from '../../domain/errors.js';

type ParserDone = (err: Error | null, body?: unknown) => void;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const makeAjv = (coerceTypes: boolean) =>
  addFormats(new Ajv({ coerceTypes, removeAdditional: false, useDefaults: true, allErrors: false, strict: false }));

export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  const cache = new WeakMap<object, ValidateFunction>();
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    const key = schema as object;
    let validate = httpPart === 'body' ? cache.get(key) : undefined;
    if (!validate) {
      validate = ajv.compile(schema as object);
      if (httpPart === 'body') cache.set(key, validate);
    }
    const v = validate;
    return (data: unknown) => (v(data) ? { value: data } : { error: Object.assign(new Error('validation'), { validation: v.errors }) });
  };
}

/**
 * Finds the first string holding U+0000. PostgreSQL cannot store it in text,
 * and no name or message needs it, so every backend refuses it the same way.
 */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const found = findNul(k, `${path}.${k}`, depth + 1) ?? findNul(v, `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * A JSON body parser that decodes strictly: invalid UTF-8 is refused
 * (`invalid_utf8`), not replaced, before Fastify's parser (with its
 * prototype-poisoning protection) runs. Used for application/json and SCIM's
 * application/scim+json.
 */
export function strictJsonParser(app: FastifyInstance): (request: FastifyRequest, body: Buffer, done: ParserDone) => void {
  const parseJson = app.getDefaultJsonParser('error', 'error') as (request: FastifyRequest, text: string, done: ParserDone) => void;
  return (request, body, done) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      done(new AppError('invalid_utf8'), undefined);
      return;
    }
    parseJson(request, text, done);
  };
}
