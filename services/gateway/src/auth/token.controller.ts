import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, UseFilters } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AUTH_CLIENT, type AuthClient } from '@berth/auth-client';
import { BerthError, ErrorCode } from '@berth/errors';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { OciExceptionFilter } from '../http/oci-exception.filter';
import { parseBasicAuthorization, type BasicCredentials } from './basic-exchange.service';

/** The Docker token response (distribution docs/spec/auth/token.md and oauth.md). */
export interface TokenResponseBody {
  token: string;
  access_token: string;
  expires_in: number;
  issued_at: string;
}

type Params = Record<string, string | string[] | undefined>;

/**
 * The token realm, `/auth/token`: GET with `service`, `scope` (repeatable) and optional Basic
 * credentials (docker's token flow), POST with a form (`grant_type=password`, docker's OAuth2
 * flow). Auth authenticates and grants; this controller only translates HTTP.
 */
@Controller('auth')
@UseFilters(OciExceptionFilter)
export class TokenController {
  constructor(
    @Inject(AUTH_CLIENT) private readonly auth: AuthClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('token')
  async get(@Req() req: FastifyRequest, @Query() query: Params): Promise<TokenResponseBody> {
    const credentials = this.basicCredentials(req);
    return this.issue(req, credentials, query);
  }

  @Post('token')
  @HttpCode(200)
  async post(@Req() req: FastifyRequest, @Body() body: Params | undefined): Promise<TokenResponseBody> {
    const form = body ?? {};
    const grantType = first(form['grant_type']);
    if (grantType !== undefined && grantType !== 'password') {
      throw new BerthError(
        ErrorCode.UNSUPPORTED,
        `grant_type ${JSON.stringify(grantType)} is not supported; use "password"`,
      );
    }
    const username = first(form['username']);
    const password = first(form['password']);
    const credentials =
      username !== undefined ? { username, password: password ?? '' } : this.basicCredentials(req);
    return this.issue(req, credentials, form);
  }

  private async issue(
    req: FastifyRequest,
    credentials: BasicCredentials | undefined,
    params: Params,
  ): Promise<TokenResponseBody> {
    const issued = await this.auth.issueToken({
      username: credentials?.username,
      secret: credentials?.password,
      service: first(params['service']) ?? this.config.BERTH_TOKEN_SERVICE,
      scopes: scopesOf(params['scope']),
      clientIp: req.ip,
    });
    return {
      token: issued.token,
      access_token: issued.token,
      expires_in: issued.expiresInSeconds,
      issued_at: issued.issuedAt,
    };
  }

  private basicCredentials(req: FastifyRequest): BasicCredentials | undefined {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const credentials = parseBasicAuthorization(header);
    if (!credentials)
      throw new BerthError(ErrorCode.UNAUTHORIZED, 'the Authorization header must be Basic credentials');
    return credentials;
  }
}

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === '' ? undefined : v;
}

/** Every `scope` parameter, each possibly holding several space-separated scopes. */
export function scopesOf(value: string | string[] | undefined): string[] {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.flatMap((v) => v.split(' ')).filter((s) => s !== '');
}
