import { Module } from '@nestjs/common';
import { RepositoriesGrpcController } from './repositories.grpc.controller';
import { RepositoriesRepository } from './repositories.repository';
import { RepositoriesService } from './repositories.service';

@Module({
  controllers: [RepositoriesGrpcController],
  providers: [RepositoriesService, RepositoriesRepository],
  exports: [RepositoriesRepository],
})
export class RepositoriesModule {}
