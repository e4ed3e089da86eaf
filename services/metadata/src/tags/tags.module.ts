import { Module } from '@nestjs/common';
import { RepositoriesModule } from '../repositories/repositories.module';
import { TagEventsRepository } from './tag-events.repository';
import { TagsGrpcController } from './tags.grpc.controller';
import { TagsRepository } from './tags.repository';
import { TagsService } from './tags.service';

@Module({
  imports: [RepositoriesModule],
  controllers: [TagsGrpcController],
  providers: [TagsService, TagsRepository, TagEventsRepository],
  exports: [TagsRepository, TagEventsRepository],
})
export class TagsModule {}
