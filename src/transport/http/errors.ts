/** Maps every error to one JSON shape with a stable code: the only place statuses are chosen. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { AppError, ERRORS, type ErrorCode } from '../../domain/errors.js';
import { StoreError } from '../../store/errors.js';

function describeValidation(part: string, errors: ErrorObject[]): { message: string; field: string } {
  const e = errors[0];
  if (!e) return { message: `${part} is not valid`, field: part };
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const field = path ? `${part}.${path}` : part;
  if (e.keyword === 'additionalProperties') {
    const extra = String((e.params as { additionalProperty?: string }).additionalProperty);
    return { message: `${field} has an unknown field "${extra}"`, field: `${field === part ? part : field}.${extra}` };
  }
  if (e.keyword === 'required') {
    const missing = String((e.params as { missingProperty?: string }).missingProperty);
    return { message: `${field === part ? part : field}.${missing} is required`, field: `${part}.${missing}` };
  }
  if (e.keyword === 'anyOf' || e.keyword === 'enum' || e.keyword === 'const') {
    return { message: `${field} is not one of the allowed values`, field };
  }
  return { message: `${field} ${e.message ?? 'is not valid'}`, field };
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
};

const STORE_CODES: Record<StoreError['kind'], ErrorCode> = {
  not_found: 'not_found',
  unique_violation: 'already_exists',
  foreign_key_violation: 'conflict',
  conflict: 'conflict',
  unavailable: 'unavailable',
  invalid_data: 'validation_failed',
};

export interface WireError {
  status: number;
  code: ErrorCode;
  message: string;
  data?: Readonly<Record<string, unknown>>;
}

/**
 * Whether a server-side error is worth an error in the log: a 5xx, except one
 * that says when to try again (every attachment reader busy), which is load the
 * node is shedding as designed and is logged as a warning.
 */
export const logLevelOf = (w: WireError): 'error' | 'warn' | null =>
  w.status < 500 ? null : w.status === 503 && typeof w.data?.retryAfterSeconds === 'number' ? 'warn' : 'error';

/** Turns any thrown value into the error the client sees. Unknown errors become `internal`, with no detail. */
export function toWireError(err: unknown, bodyLimit?: number): WireError {
  if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message, ...(err.data ? { data: err.data } : {}) };
  if (err instanceof StoreError) {
    const code = STORE_CODES[err.kind];
    return { status: ERRORS[code].status, code, message: ERRORS[code].message };
  }
  const fe = err as FastifyError & { validation?: ErrorObject[]; validationContext?: string };
  if (fe && Array.isArray(fe.validation)) {
    const { message, field } = describeValidation(fe.validationContext ?? 'body', fe.validation);
    return { status: 400, code: 'validation_failed', message, data: { field } };
  }
  const mapped = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped === 'payload_too_large') {
    return { status: 413, code: mapped, message: `The request body is larger than the limit of ${bodyLimit ?? 'the server'} bytes.`, data: { limitBytes: bodyLimit } };
  }
  if (mapped) return { status: ERRORS[mapped].status, code: mapped, message: fe.message };
  if (fe instanceof SyntaxError || fe?.name === 'SyntaxError') {
    return { status: 400, code: 'invalid_json', message: `The request body is not valid JSON: ${fe.message}` };
  }
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, code: 'bad_request', message: fe.message };
  }
  return { status: 500, code: 'internal', message: ERRORS.internal.message };
}

export function registerErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const wire = toWireError(err, bodyLimit);
    const level = logLevelOf(wire);
    if (level) request.log[level]({ err }, 'request failed');
    if (wire.code === 'rate_limited' || wire.code === 'account_locked' || wire.code === 'unavailable') {
      const retry = wire.data?.retryAfterSeconds;
      if (typeof retry === 'number') void reply.header('retry-after', String(retry));
    }
    void reply.status(wire.status).send({
      error: { code: wire.code, message: wire.message, ...(wire.data ? { data: wire.data } : {}), requestId: request.id },
    });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      error: { code: 'route_not_found', message: `There is no route ${request.method} ${request.url.split('?')[0]}.`, requestId: request.id },
    });
  });
}
