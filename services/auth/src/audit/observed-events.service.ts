import { Inject, Injectable } from '@nestjs/common';
import { RESOURCE_REPOSITORY } from '@berth/auth-client';
import { BerthError, ErrorCode } from '@berth/errors';
import { isDigest, isRepositoryName, isTag } from '@berth/oci';
import { requireAuthenticated } from '../authn/permissions';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import { ACCESS_POLICY, type AccessPolicy } from '../tokens/access-policy';
import { assertRecordable } from './audit-event';
import { AuditLogService } from './audit-log.service';

/** What another service (the gateway) may record: deletions it carried out for the caller. */
export const OBSERVED_ACTIONS: readonly string[] = ['manifest.deleted', 'tag.deleted'];

export interface ObservedEventInput {
  action: string;
  project: string;
  /** `<repository>:<tag>` or `<repository>@<digest>`. */
  target: string;
  outcome: string;
  details: Record<string, string>;
}

/**
 * Records events other services observed (RecordAuditEvent), as the authenticated caller. Only
 * what the gateway records, and only about what the caller may do: a deletion in a repository the
 * caller may delete from, filed under that repository's project. So no caller can write events
 * into a project it does not manage, or make up other kinds of events.
 */
@Injectable()
export class ObservedEventsService {
  constructor(
    private readonly log: AuditLogService,
    @Inject(ACCESS_POLICY) private readonly policy: AccessPolicy,
  ) {}

  async record(call: AuthenticatedCall, input: ObservedEventInput): Promise<void> {
    const principal = requireAuthenticated(call.principal);
    assertRecordable(input);
    if (!OBSERVED_ACTIONS.includes(input.action))
      throw new BerthError(
        ErrorCode.INVALID_ARGUMENT,
        `only ${OBSERVED_ACTIONS.map((a) => JSON.stringify(a)).join(' and ')} can be recorded`,
      );
    const repository = repositoryOf(input.action, input.target);
    const project = repository.slice(0, repository.indexOf('/'));
    if (input.project !== project)
      throw new BerthError(
        ErrorCode.INVALID_ARGUMENT,
        `the project of an event about ${JSON.stringify(repository)} is ${JSON.stringify(project)}`,
      );
    const granted = await this.policy.grant(principal, [
      { type: RESOURCE_REPOSITORY, name: repository, actions: ['delete'] },
    ]);
    if (!granted.some((g) => g.name === repository && g.actions.includes('delete')))
      throw new BerthError(
        ErrorCode.DENIED,
        `only callers who may delete in ${JSON.stringify(repository)} may record its deletions`,
      );
    await this.log.recordOrFail({
      actor: principal.subject,
      action: input.action,
      project,
      target: input.target,
      clientIp: call.clientIp,
      outcome: input.outcome === 'failure' ? 'failure' : 'success',
      details: input.details,
    });
  }
}

/** The repository of `<repository>:<tag>` or (not for tag.deleted) `<repository>@<digest>`. */
function repositoryOf(action: string, target: string): string {
  const at = target.indexOf('@');
  const colon = target.indexOf(':');
  const byDigest = at >= 0 && (colon < 0 || at < colon);
  const cut = byDigest ? at : colon;
  const repository = cut < 0 ? '' : target.slice(0, cut);
  const reference = target.slice(cut + 1);
  const valid =
    isRepositoryName(repository) &&
    (byDigest ? action !== 'tag.deleted' && isDigest(reference) : isTag(reference));
  if (!valid)
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `the target must be "<repository>:<tag>"${action === 'tag.deleted' ? '' : ' or "<repository>@<digest>"'}`,
    );
  return repository;
}
