import { DEFAULT_MESSAGES, ErrorCode, type OciErrorBody } from '@berth/errors';

/**
 * A /v2/ request that may not proceed: 401 with a Bearer challenge (no or invalid credentials, or
 * a token that lacks the scope) or 403 DENIED. Rendered by the registry dispatcher.
 */
export class AuthFailure extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly code: ErrorCode.UNAUTHORIZED | ErrorCode.DENIED,
    readonly challenge: string | undefined,
    message: string,
    readonly detail: unknown,
  ) {
    super(message);
    this.name = 'AuthFailure';
  }

  static unauthorized(
    challenge: string,
    detail: unknown,
    message = DEFAULT_MESSAGES[ErrorCode.UNAUTHORIZED],
  ): AuthFailure {
    return new AuthFailure(401, ErrorCode.UNAUTHORIZED, challenge, message, detail);
  }

  body(): OciErrorBody {
    return { errors: [{ code: this.code, message: this.message, detail: this.detail }] };
  }
}
