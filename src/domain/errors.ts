/**
 * The one error type that crosses layers. Actions and stores throw it; only a
 * transport maps it to an HTTP status or a WebSocket error frame. Codes are
 * stable and published in docs/errors.md: clients branch on `code`, people read
 * `message`.
 */
export const ERRORS = {
  validation_failed: { status: 400, message: 'The request is not valid.' },
  bad_request: { status: 400, message: 'The request is malformed.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  invalid_utf8: { status: 400, message: 'The request body is not valid UTF-8.' },
  unsupported_media_type: { status: 415, message: 'The request body must be application/json.' },
  payload_too_large: { status: 413, message: 'The request body is larger than the limit.' },
  length_required: { status: 411, message: 'Send the upload with a Content-Length header.' },
  quota_exceeded: { status: 429, message: 'The daily upload quota is used up.' },
  attachment_refused: { status: 415, message: 'This kind of file may not be sent.' },
  unauthenticated: { status: 401, message: 'Sign in first.' },
  invalid_credentials: { status: 401, message: 'The username or password is wrong.' },
  account_locked: { status: 423, message: 'The account is locked after repeated failed sign-ins.' },
  account_inactive: { status: 403, message: 'The account is suspended or deprovisioned.' },
  password_change_required: { status: 403, message: 'Set a new password before doing anything else.' },
  weak_password: { status: 400, message: 'The new password is too weak.' },
  csrf_failed: { status: 403, message: 'The CSRF token is missing or wrong.' },
  forbidden: { status: 403, message: 'You are not allowed to do this.' },
  device_required: { status: 403, message: 'Prove which device this session runs on (POST /api/v1/me/device) before doing anything else.' },
  device_pending: { status: 403, message: 'This device is waiting for a security administrator to approve it.' },
  device_revoked: { status: 403, message: 'This device has been revoked and may not be used with Parley.' },
  device_proof_invalid: { status: 400, message: 'The device proof is not valid.' },
  policy_ack_required: { status: 403, message: 'Acknowledge the current acceptable-use policy before using chat.' },
  policy_version_mismatch: { status: 409, message: 'That is not the current policy version.' },
  policy_blocked: { status: 422, message: 'The acceptable-use policy does not allow this message.' },
  policy_confirmation_required: { status: 428, message: 'The acceptable-use policy asks you to confirm this message with a justification.' },
  not_found: { status: 404, message: 'Not found.' },
  route_not_found: { status: 404, message: 'There is no such route.' },
  method_not_allowed: { status: 405, message: 'The method is not allowed here.' },
  conflict: { status: 409, message: 'The change conflicts with the current state.' },
  already_exists: { status: 409, message: 'Something with that name already exists.' },
  rate_limited: { status: 429, message: 'Too many requests; retry later.' },
  unavailable: { status: 503, message: 'The service is not ready.' },
  oidc_failed: { status: 401, message: 'Sign-in with the identity provider failed.' },
  email_domain_not_allowed: { status: 400, message: 'That e-mail domain is outside the State (§4.1).' },
  import_rejected: { status: 422, message: 'The import has errors; nothing was written.' },
  internal: { status: 500, message: 'Something went wrong on the server.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly data: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message?: string, data?: Record<string, unknown>) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.data = data;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
