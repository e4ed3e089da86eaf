import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TokenVerifier } from '@berth/auth-client';
import { BerthError, DEFAULT_MESSAGES, ErrorCode } from '@berth/errors';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { buildChallenge, challengeDetail, formatScope, type AccessRequirement } from './access-policy';
import { AuthFailure } from './auth-failure';
import { BasicExchangeService, parseBasicAuthorization } from './basic-exchange.service';
import { isAnonymous, isGranted, type Principal } from './principal';
import { realmOf } from './realm';

/**
 * Decides whether a /v2/ request may proceed, the Docker token way: a Bearer token verified locally
 * (cached per token), or Basic credentials exchanged with auth; otherwise a 401 whose challenge
 * names the realm, the service and the scopes the request needs.
 *
 * A valid token that lacks an action gets 401 with `error="insufficient_scope"`, so that clients
 * holding a token issued for another scope (docker, containerd and oci-check cache one per
 * repository) fetch a new one, as with distribution; the body's code is DENIED when the token is
 * not anonymous, so the client's final message says access was denied. Basic credentials are
 * exchanged for exactly the request's scopes, so lacking an action there is 403 DENIED.
 */
@Injectable()
export class AccessService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly verifier: TokenVerifier,
    private readonly basic: BasicExchangeService,
  ) {}

  async authorize(req: FastifyRequest, requirement: AccessRequirement): Promise<Principal> {
    const header = req.headers.authorization;
    if (!header) throw this.challenge(req, requirement, false, ErrorCode.UNAUTHORIZED);
    const principal = await this.authenticate(req, header, requirement);
    for (const need of requirement.required) {
      if (isGranted(principal, need.type, need.name, need.action)) continue;
      if (principal.via === 'basic' && !isAnonymous(principal)) {
        throw new AuthFailure(
          403,
          ErrorCode.DENIED,
          undefined,
          DEFAULT_MESSAGES[ErrorCode.DENIED],
          challengeDetail(requirement.required),
        );
      }
      throw this.challenge(
        req,
        requirement,
        true,
        isAnonymous(principal) ? ErrorCode.UNAUTHORIZED : ErrorCode.DENIED,
      );
    }
    return principal;
  }

  private async authenticate(
    req: FastifyRequest,
    header: string,
    requirement: AccessRequirement,
  ): Promise<Principal> {
    if (header.length > 7 && header.slice(0, 7).toLowerCase() === 'bearer ') {
      try {
        const verified = await this.verifier.verify(header.slice(7).trim());
        return { subject: verified.subject, access: verified.access, via: 'bearer' };
      } catch (err) {
        if (BerthError.is(err, ErrorCode.UNAUTHORIZED)) {
          throw this.challenge(req, requirement, false, ErrorCode.UNAUTHORIZED, err.message);
        }
        throw err;
      }
    }
    const credentials = parseBasicAuthorization(header);
    if (!credentials) throw this.challenge(req, requirement, false, ErrorCode.UNAUTHORIZED);
    try {
      return await this.basic.exchange(header, credentials, requirement.scopes.map(formatScope), req.ip);
    } catch (err) {
      if (BerthError.is(err, ErrorCode.UNAUTHORIZED) || BerthError.is(err, ErrorCode.DENIED)) {
        throw this.challenge(req, requirement, false, ErrorCode.UNAUTHORIZED, err.message);
      }
      throw err;
    }
  }

  private challenge(
    req: FastifyRequest,
    requirement: AccessRequirement,
    insufficientScope: boolean,
    code: ErrorCode.UNAUTHORIZED | ErrorCode.DENIED,
    message = DEFAULT_MESSAGES[code],
  ): AuthFailure {
    const header = buildChallenge(
      realmOf(req, this.config.BERTH_PUBLIC_URL),
      this.config.BERTH_TOKEN_SERVICE,
      requirement.scopes,
      insufficientScope,
    );
    const detail = requirement.required.length > 0 ? challengeDetail(requirement.required) : undefined;
    return new AuthFailure(401, code, header, message, detail);
  }
}
