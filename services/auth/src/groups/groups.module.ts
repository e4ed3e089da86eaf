import { Module } from '@nestjs/common';
import { AccessModule } from '../policy/access.module';
import { GroupsRepository } from './groups.repository';
import { GroupsService } from './groups.service';

/** User groups. SUBJECT_REFERENCES comes from AccessModule, AUDIT_LOG from the global AuditModule. */
@Module({
  imports: [AccessModule],
  providers: [GroupsRepository, GroupsService],
  exports: [GroupsService],
})
export class GroupsModule {}
