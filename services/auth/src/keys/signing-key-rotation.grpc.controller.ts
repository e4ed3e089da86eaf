import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import type { authIdentityV1 as pb } from '@berth/proto';
import { requireAdmin, requireCredential } from '../authn/permissions';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.port';
import { CALLER_AUTHENTICATOR, type CallerAuthenticator } from '../ports/caller-authenticator.port';
import { SigningKeysService } from './signing-keys.service';

/**
 * IdentityService.RotateSigningKey: registry administrators, with a password or API token (not an
 * access token, which the rotation is meant to outlive), start signing with a new key; tokens
 * signed before stay valid until they expire.
 */
@Controller()
export class SigningKeyRotationGrpcController {
  constructor(
    @Inject(CALLER_AUTHENTICATOR) private readonly callers: CallerAuthenticator,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    private readonly keys: SigningKeysService,
  ) {}

  @GrpcMethod('IdentityService', 'RotateSigningKey')
  async rotateSigningKey(
    _request: pb.RotateSigningKeyRequest,
    metadata: Metadata,
  ): Promise<pb.RotateSigningKeyResponse> {
    const call = await this.callers.authenticate(metadata);
    requireCredential(call);
    const admin = requireAdmin(call.principal);
    const rotation = await this.keys.rotate();
    await this.audit.record({
      actor: admin.subject,
      action: 'signingkey.rotated',
      target: rotation.kid,
      clientIp: call.clientIp,
      outcome: 'success',
      details: {
        retired: rotation.retired.join(','),
        retiredExpireAt: rotation.retiredExpireAt.toISOString(),
      },
    });
    return {
      keyId: rotation.kid,
      retiredKeyIds: rotation.retired,
      retiredKeysExpireAt: rotation.retiredExpireAt.toISOString(),
    };
  }
}
