/**
 * Forgets every membership and role binding that names a subject which no longer exists
 * (a deleted group, a deleted service account). Implemented by the projects feature; the
 * identity feature calls it when it deletes a group.
 */
export interface SubjectReferences {
  forget(subject: { kind: 'user' | 'group' | 'serviceaccount'; name: string }): Promise<void>;
}

/** Injection token of SubjectReferences. */
export const SUBJECT_REFERENCES = Symbol('SUBJECT_REFERENCES');
