import { Module } from '@nestjs/common';
import { RepositoriesModule } from '../repositories/repositories.module';
import { TagsModule } from '../tags/tags.module';
import { ImagesGrpcController } from './images.grpc.controller';
import { ImagesRepository } from './images.repository';
import { ImagesService } from './images.service';

@Module({
  imports: [RepositoriesModule, TagsModule],
  controllers: [ImagesGrpcController],
  providers: [ImagesService, ImagesRepository],
})
export class ImagesModule {}
