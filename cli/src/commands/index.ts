import type { TopLevelSpec } from '../core/command';
import { auditCommand } from './audit.command';
import { groupGroup } from './group.command';
import { imageGroup } from './image.command';
import { memberGroup } from './member.command';
import { policyGroup } from './policy.command';
import { projectGroup } from './project.command';
import { registryGroup } from './registry.command';
import { secretGroup } from './secret.command';
import { serviceAccountGroup } from './serviceaccount.command';
import { signingKeyGroup } from './signing-key.command';
import { loginCommand, logoutCommand, whoamiCommand } from './session.command';
import { tokenGroup } from './token.command';
import { userGroup } from './user.command';

/** Every command of `berth`, in the order of `berth --help`. */
export const COMMANDS: TopLevelSpec[] = [
  loginCommand,
  logoutCommand,
  whoamiCommand,
  userGroup,
  tokenGroup,
  groupGroup,
  projectGroup,
  memberGroup,
  policyGroup,
  serviceAccountGroup,
  imageGroup,
  secretGroup,
  registryGroup,
  auditCommand,
  signingKeyGroup,
];
