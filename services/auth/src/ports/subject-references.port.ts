import type { EntityManager } from 'typeorm';

/**
 * Forgets every membership and role binding that names a subject which no longer exists
 * (a deleted group, a deleted service account). Implemented by the projects feature; the
 * identity feature calls it when it deletes a group.
 */
export interface SubjectReferences {
  /**
   * With `manager`, runs inside that transaction (the caller's: e.g. the group deletion, so the
   * references go exactly when the group does); otherwise in a transaction of its own.
   */
  forget(
    subject: { kind: 'user' | 'group' | 'serviceaccount'; name: string },
    manager?: EntityManager,
  ): Promise<void>;
}

/** Injection token of SubjectReferences. */
export const SUBJECT_REFERENCES = Symbol('SUBJECT_REFERENCES');
