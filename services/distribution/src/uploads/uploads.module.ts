import { Module } from '@nestjs/common';
import { BlobsModule } from '../blobs/blobs.module';
import { UploadsGrpcController } from './uploads.grpc.controller';
import { UploadsRepository } from './uploads.repository';
import { UploadsService } from './uploads.service';

@Module({
  imports: [BlobsModule],
  controllers: [UploadsGrpcController],
  providers: [UploadsRepository, UploadsService],
})
export class UploadsModule {}
