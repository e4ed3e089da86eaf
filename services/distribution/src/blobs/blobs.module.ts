import { Module } from '@nestjs/common';
import { BlobsGrpcController } from './blobs.grpc.controller';
import { BlobsRepository } from './blobs.repository';
import { BlobsService } from './blobs.service';

@Module({
  controllers: [BlobsGrpcController],
  providers: [BlobsRepository, BlobsService],
  exports: [BlobsRepository],
})
export class BlobsModule {}
